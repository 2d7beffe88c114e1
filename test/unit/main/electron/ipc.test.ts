// The Electron host's call channel, with a fake ipcMain (no Electron binary on these machines): who may call, and
// that a window's calls reach the dispatcher as the desk's, which may not name files on this machine.
import { beforeEach, describe, expect, it, vi } from 'vitest'

const h = vi.hoisted(() => ({ handlers: new Map<string, (...args: unknown[]) => unknown>() }))
vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, fn: (...args: unknown[]) => unknown) => void h.handlers.set(channel, fn) }
}))

import { handleCalls } from '../../../../src/main/electron/ipc'
import { CALL_CHANNEL } from '../../../../src/main/electron/channel'
import type { Workstation } from '../../../../src/main/workstation'

const calls: unknown[][] = []
const workstation = {
  dispatch: (...args: unknown[]) => (calls.push(args), { ok: true, value: null }),
  release: () => undefined
} as unknown as Workstation

const event = (url: string, top = true) => ({
  senderFrame: { url, parent: top ? null : {} },
  sender: { id: 7, once: () => undefined }
})

beforeEach(() => {
  calls.length = 0
  h.handlers.clear()
  handleCalls(workstation, null)
})

describe('the call channel', () => {
  it('hands the app window’s calls to the dispatcher as the desk’s, keyed by the window (R14.3)', () => {
    const input = { path: '/etc/passwd', out: '/tmp/x', detached: false }
    h.handlers.get(CALL_CHANNEL)!(event('app://workstation/#/overview'), 'crypto.signFile', input)
    expect(calls).toEqual([['wc:7', 'crypto.signFile', input, 'desk']])
  })

  it('refuses a frame that is not the app’s top frame, or the PIN page, without reaching the dispatcher', () => {
    for (const e of [event('https://evil.example/'), event('app://workstation/', false), event('app://workstation/pin.html')])
      expect(h.handlers.get(CALL_CHANNEL)!(e, 'session.state', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(calls).toEqual([])
  })
})
