import { ipcMain, type WebContents } from 'electron'
import type { Workstation } from '../workstation'
import { CALL_CHANNEL } from './channel'
import { isTrustedSender } from './policy'
import { isPinPageUrl } from '../pin-dialog'

/**
 * The only IPC handler: every call of the contract arrives here and goes to the dispatcher. The caller
 * is the window (its webContents id), never something the renderer says about itself.
 */
export function handleCalls(workstation: Workstation, devOrigin: string | null): void {
  const released = new WeakSet<WebContents>()
  ipcMain.handle(CALL_CHANNEL, (event, name: unknown, input: unknown) => {
    const frame = event.senderFrame
    // The PIN dialog's window has no window.api; were it to reach this channel anyway, it is refused.
    if (!frame || !isTrustedSender(frame.url, frame.parent === null, devOrigin) || isPinPageUrl(frame.url))
      return { ok: false, error: { code: 'FORBIDDEN', message: 'untrusted sender' } }
    const contents = event.sender
    const caller = `wc:${contents.id}`
    if (!released.has(contents)) {
      released.add(contents)
      contents.once('destroyed', () => workstation.release(caller))
    }
    return workstation.dispatch(caller, name, input, 'desk')
  })
}
