import type { Api } from '../core/api/client'

declare global {
  interface Window {
    readonly api: Api
  }
}
export {}
