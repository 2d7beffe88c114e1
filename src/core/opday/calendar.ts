/** The operational time zone (R1.1.10): all of Kazakhstan is UTC+5 since 1 March 2024. */
export const OPERATIONAL_TIME_ZONE = 'Asia/Almaty'

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: OPERATIONAL_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })

/**
 * The operational day (YYYY-MM-DD, 00:00–24:00 Asia/Almaty) that contains an instant. An operation is
 * stamped with the day open when it reached the Center (R3.1.1); closing a day is the clearing area's.
 */
export function operationalDayOf(instantMs: number): string {
  if (!Number.isFinite(instantMs)) throw new RangeError('an instant must be a finite number of milliseconds')
  // Almaty's offsets, past and present, are whole hours: the day is the same through each hour, and formatting
  // a date costs the Center more than a check (it asks on every request).
  const hour = Math.floor(instantMs / HOUR_MS)
  if (hour !== lastHour) {
    lastDay = dayFormat.format(instantMs)
    lastHour = hour
  }
  return lastDay
}
const HOUR_MS = 3600_000
let lastHour = NaN
let lastDay = ''

/** The month (YYYY-MM) of an instant in Asia/Almaty: a card is valid through the end of its expiry month. */
export const operationalMonthOf = (instantMs: number): string => operationalDayOf(instantMs).slice(0, 7)

const DAY_MS = 24 * 3600_000
export const ALMATY_OFFSET_MS = 5 * 3600_000

/** The day after a day (YYYY-MM-DD), by the calendar. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)
}

/** The instant a day ends: 24:00 Asia/Almaty (UTC+5 all year, R1.1.10), when its scheduled close is due. */
export const endOfDay = (day: string): number => Date.parse(`${day}T00:00:00Z`) + DAY_MS - ALMATY_OFFSET_MS
