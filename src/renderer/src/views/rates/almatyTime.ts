// Wall-clock times in the operational zone. Asia/Almaty is UTC+5 all year (no DST) since 1 March 2024;
// rates are published for the present and the future, so the fixed offset is exact for them.
const OFFSET_MS = 5 * 3_600_000
const pad = (n: number): string => String(n).padStart(2, '0')

/** `YYYY-MM-DD HH:mm` read as Almaty time → epoch ms; null when the text is not such a moment. */
export function almatyToEpoch(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text.trim())
  if (!m) return null
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number]
  const ms = Date.UTC(y, mo - 1, d, h, mi) - OFFSET_MS
  // Reject overflowing fields (2026-02-31, 24:00) rather than rolling them over.
  return epochToAlmaty(ms) === text.trim() ? ms : null
}

/** Epoch ms → `YYYY-MM-DD HH:mm` in Almaty. */
export function epochToAlmaty(ms: number): string {
  const a = new Date(ms + OFFSET_MS)
  return `${a.getUTCFullYear()}-${pad(a.getUTCMonth() + 1)}-${pad(a.getUTCDate())} ${pad(a.getUTCHours())}:${pad(a.getUTCMinutes())}`
}
