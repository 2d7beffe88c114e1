/**
 * `--name value` and `--flag` arguments of the small command-line tools (simulator, Center process,
 * receiver, crash test), checked against the names each tool knows so a typo is refused, not ignored.
 */
export function parseArgs(argv: readonly string[], known: { values: readonly string[]; flags?: readonly string[] }): Map<string, string> {
  const out = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const name = a.replace(/^--/, '')
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`)
    if (known.flags?.includes(name)) out.set(name, 'true')
    else if (known.values.includes(name)) {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      out.set(name, v)
    } else throw new Error(`unknown option ${a}; options: ${[...known.values, ...(known.flags ?? [])].map((n) => `--${n}`).join(' ')}`)
  }
  return out
}

/** A number option within bounds, or its default. */
export function numberArg(args: Map<string, string>, name: string, fallback: number, min: number, max: number): number {
  const raw = args.get(name)
  if (raw === undefined) return fallback
  const v = Number(raw)
  if (!Number.isFinite(v) || v < min || v > max) throw new Error(`--${name} must be a number from ${min} to ${max}, not ${raw}`)
  return v
}
