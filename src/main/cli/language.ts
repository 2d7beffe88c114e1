import type { Locale } from '../../core/api/types'

/**
 * The operator's language at the command line: `--lang`, or else the environment's as POSIX orders it (LC_ALL, then
 * LC_MESSAGES, then LANG: kk_KZ.UTF-8 → kk, ru_RU.UTF-8 → ru). A language the desk does not speak is English, as the
 * screens fall back to it.
 */
export function languageOf(flag: string | undefined, env: NodeJS.ProcessEnv): Locale {
  const tag = flag ?? (env.LC_ALL || env.LC_MESSAGES || env.LANG || '')
  const language = tag.split(/[_.@-]/)[0]!.toLowerCase()
  return language === 'kk' || language === 'ru' ? language : 'en'
}

/** `--lang <code>` or `--lang=<code>` taken out of the arguments, anywhere among them; null when it has no value. */
export function takeLang(argv: readonly string[]): { lang: string | undefined; rest: string[] } | null {
  const rest: string[] = []
  let lang: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg.startsWith('--lang=')) lang = arg.slice('--lang='.length)
    else if (arg === '--lang') lang = argv[++i]
    else {
      rest.push(arg)
      continue
    }
    if (!lang) return null
  }
  return { lang, rest }
}
