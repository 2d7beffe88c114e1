import { readFile } from 'node:fs/promises'
import { protocol, type Session } from 'electron'
import { contentTypeOf, resolveAsset, SECURITY_HEADERS } from '../assets'
import { APP_HOST, APP_SCHEME } from './policy'

/** Must run before `ready`: app:// behaves like https (secure context, fetch, CSP), never like file://. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }
  ])
}

/** Serves the built renderer from app://workstation/ with the CSP header; file:// is refused outright. */
export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host !== APP_HOST) return new Response('not found', { status: 404, headers: SECURITY_HEADERS })
    const file = resolveAsset(rendererDir, url.pathname)
    if (!file) return new Response('not found', { status: 404, headers: SECURITY_HEADERS })
    return new Response(await readFile(file), { headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(file) } })
  })
  session.protocol.handle('file', () => new Response('file:// is not served', { status: 403 }))
}
