import type { CallName } from './names'
import type { CallInput, CallOutput } from './contract'
import type { CallResult } from './types'

type Area<N extends string> = N extends `${infer A}.${string}` ? A : never
type Verb<N extends string, A extends string> = N extends `${A}.${infer V}` ? V : never

/** window.api: one function per call, grouped by area (`api.users.create(input)`). */
export type Api = {
  readonly [A in Area<CallName>]: {
    readonly [V in Verb<CallName, A>]: `${A}.${V}` extends infer N extends CallName
      ? (input: CallInput<N>) => Promise<CallResult<CallOutput<N>>>
      : never
  }
}

export type Transport = (name: string, input: unknown) => Promise<unknown>

/**
 * Builds window.api from the call names over a transport (ipcRenderer.invoke in Electron, a Playwright
 * binding in the Chromium host). Self-contained on purpose: the Chromium host ships it to the page as
 * source text (Function.prototype.toString), so it must not refer to anything outside its body.
 */
export function buildApi(names: readonly string[], transport: Transport): Api {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {}
  for (const name of names) {
    const dot = name.indexOf('.')
    const area = name.slice(0, dot)
    const verb = name.slice(dot + 1)
    const group = (api[area] ??= {})
    group[verb] = (input: unknown) => transport(name, input === undefined ? {} : input)
  }
  for (const area of Object.keys(api)) Object.freeze(api[area])
  return Object.freeze(api) as unknown as Api
}
