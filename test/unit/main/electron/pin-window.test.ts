// The Electron host's PIN window and its IPC guard, with fakes of the few Electron objects it uses (no Electron
// binary on these machines): which window opens, with what preferences, and who may ask for the request or answer it.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { PinRequest } from '../../../../src/core/crypto/keys/pin-prompt'

const h = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void
  /** Just enough of an EventEmitter. */
  class Emitter {
    private readonly listeners = new Map<string, Listener[]>()
    on(event: string, fn: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn])
      return this
    }
    once(event: string, fn: Listener): this {
      const wrapped: Listener = (...args) => {
        this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== wrapped))
        fn(...args)
      }
      return this.on(event, wrapped)
    }
    emit(event: string, ...args: unknown[]): void {
      for (const l of this.listeners.get(event) ?? []) l(...args)
    }
  }
  let nextId = 100
  class FakeContents extends Emitter {
    readonly id = nextId++
    isDestroyed = (): boolean => false
  }
  class FakeWindow extends Emitter {
    static all: FakeWindow[] = []
    readonly webContents = new FakeContents()
    destroyed = false
    shown = false
    contentProtected = false
    loaded: string | null = null
    constructor(readonly options: Record<string, unknown>) {
      super()
      FakeWindow.all.push(this)
    }
    static fromWebContents(c: unknown): FakeWindow | null {
      return FakeWindow.all.find((w) => w.webContents === c) ?? null
    }
    setContentProtection(on: boolean): void {
      this.contentProtected = on
    }
    setMenu(): void {}
    show(): void {
      this.shown = true
    }
    loadURL(url: string): Promise<void> {
      this.loaded = url
      return Promise.resolve()
    }
    isDestroyed(): boolean {
      return this.destroyed
    }
    destroy(): void {
      if (this.destroyed) return
      this.destroyed = true
      this.emit('closed')
    }
  }
  const handlers = new Map<string, (...args: unknown[]) => unknown>()
  const listeners = new Map<string, (...args: unknown[]) => unknown>()
  return {
    FakeWindow,
    handlers,
    listeners,
    electron: {
      app: { isPackaged: true },
      BrowserWindow: FakeWindow,
      ipcMain: {
        handle: (channel: string, fn: (...args: unknown[]) => unknown) => void handlers.set(channel, fn),
        on: (channel: string, fn: (...args: unknown[]) => unknown) => void listeners.set(channel, fn)
      },
      webContents: { fromId: (id: number) => FakeWindow.all.find((w) => w.webContents.id === id && !w.destroyed)?.webContents ?? null }
    }
  }
})
vi.mock('electron', () => h.electron)

const { installPinWindows } = await import('../../../../src/main/electron/pin-window')
const { handleCalls } = await import('../../../../src/main/electron/ipc')
const { PIN_CHANNELS } = await import('../../../../src/main/electron/pin-channel')
const { CALL_CHANNEL } = await import('../../../../src/main/electron/channel')
type FakeWindow = InstanceType<typeof h.FakeWindow>

const REQUEST: PinRequest = { purpose: 'sign', kind: 'token_pin', tokenLabel: 'operator', holder: 'Marat Abenov', retry: null }
const PIN_URL = 'app://workstation/pin.html'

/** An IPC event as Electron gives it: the sender's contents and its frame. */
const from = (w: FakeWindow, url = PIN_URL, topFrame = true) => ({ sender: w.webContents, senderFrame: { url, parent: topFrame ? null : {} } })
const request = (w: FakeWindow, url?: string, topFrame?: boolean) => h.handlers.get(PIN_CHANNELS.request)!(from(w, url, topFrame))
const submit = (w: FakeWindow, pin: unknown, url?: string) => h.listeners.get(PIN_CHANNELS.submit)!(from(w, url), pin)
const cancel = (w: FakeWindow) => h.listeners.get(PIN_CHANNELS.cancel)!(from(w))
const tick = () => new Promise((r) => setTimeout(r, 0))

/** A prompt's answer, observable before it settles. */
function watch(p: Promise<string | null>) {
  const state: { settled: boolean; value: string | null | undefined } = { settled: false, value: undefined }
  void p.then((v) => Object.assign(state, { settled: true, value: v }))
  return state
}

describe('the Electron PIN window', () => {
  let main: FakeWindow
  let pins: ReturnType<typeof installPinWindows>
  beforeEach(() => {
    h.FakeWindow.all = []
    h.handlers.clear()
    h.listeners.clear()
    main = new h.FakeWindow({ title: 'main' })
    pins = installPinWindows({ devUrl: null, localeOf: () => 'kk', preload: '/app/out/preload/pin.js' })
  })

  it('opens a modal, sandboxed window over the caller’s window, on the pin page, with its own preload', async () => {
    void pins.prompt(`wc:${main.webContents.id}`, REQUEST)
    await tick()
    expect(h.FakeWindow.all).toHaveLength(2)
    const pin = h.FakeWindow.all[1]!
    expect(pin.options).toMatchObject({ parent: main, modal: true, show: false, resizable: false })
    expect(pin.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/pin.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      devTools: false
    })
    expect(pin.loaded).toBe(PIN_URL)
    expect(pin.contentProtected).toBe(true)
    pin.emit('ready-to-show')
    expect(pin.shown).toBe(true)
    expect(pins.isPinWindow(pin.webContents as never)).toBe(true)
    expect(pins.isPinWindow(main.webContents as never)).toBe(false)
  })

  it('gives the request, with the user’s language, to that window’s top frame on the pin page only', async () => {
    void pins.prompt(`wc:${main.webContents.id}`, REQUEST)
    await tick()
    const pin = h.FakeWindow.all[1]!
    expect(request(pin)).toEqual({ request: REQUEST, locale: 'kk' })
    expect(request(main, 'app://workstation/')).toBeNull()
    expect(request(main, PIN_URL)).toBeNull()
    expect(request(pin, PIN_URL, false)).toBeNull()
    expect(request(pin, 'app://workstation/')).toBeNull()
    expect(request(pin, 'https://evil.example/pin.html')).toBeNull()
    expect(request(pin, 'app://workstation.evil/pin.html')).toBeNull()
  })

  it('takes the PIN once, from the PIN window only, then closes it', async () => {
    const answer = watch(pins.prompt(`wc:${main.webContents.id}`, REQUEST))
    await tick()
    const pin = h.FakeWindow.all[1]!
    submit(main, '9999')
    submit(main, '9999', 'app://workstation/')
    submit(pin, '9999', 'app://workstation/index.html')
    submit(pin, '')
    submit(pin, 1234)
    submit(pin, { pin: '1234' })
    submit(pin, 'x'.repeat(257))
    await tick()
    expect(answer.settled).toBe(false)
    expect(pin.destroyed).toBe(false)

    submit(pin, '1234')
    await tick()
    expect(answer).toEqual({ settled: true, value: '1234' })
    expect(pin.destroyed).toBe(true)
    // Answered: the window has no request any more, and a second answer changes nothing.
    expect(request(pin)).toBeNull()
    submit(pin, '5678')
    await tick()
    expect(answer.value).toBe('1234')
  })

  it('answers "cancelled" on Cancel and when the window is closed', async () => {
    const cancelled = watch(pins.prompt(`wc:${main.webContents.id}`, REQUEST))
    await tick()
    cancel(main)
    await tick()
    expect(cancelled.settled).toBe(false)
    cancel(h.FakeWindow.all[1]!)
    await tick()
    expect(cancelled).toEqual({ settled: true, value: null })

    const closed = watch(pins.prompt(`wc:${main.webContents.id}`, REQUEST))
    await tick()
    h.FakeWindow.all[2]!.destroy()
    await tick()
    expect(closed).toEqual({ settled: true, value: null })
  })

  it('asks nothing for a caller whose window is gone or that is not a window', async () => {
    await expect(pins.prompt('wc:99999', REQUEST)).resolves.toBeNull()
    await expect(pins.prompt('page:1', REQUEST)).resolves.toBeNull()
    expect(h.FakeWindow.all).toHaveLength(1)
  })

  it('shows one request at a time per caller', async () => {
    const first = watch(pins.prompt(`wc:${main.webContents.id}`, REQUEST))
    const second = watch(pins.prompt(`wc:${main.webContents.id}`, { ...REQUEST, purpose: 'decrypt' }))
    await tick()
    expect(h.FakeWindow.all).toHaveLength(2)
    submit(h.FakeWindow.all[1]!, '1111')
    await tick()
    await tick()
    expect(first.value).toBe('1111')
    expect(h.FakeWindow.all).toHaveLength(3)
    const next = h.FakeWindow.all[2]!
    expect((request(next) as { request: PinRequest }).request.purpose).toBe('decrypt')
    submit(next, '2222')
    await tick()
    expect(second.value).toBe('2222')
  })
})

describe('the call channel', () => {
  it('refuses the PIN page, whatever its window', async () => {
    h.handlers.clear()
    const dispatch = vi.fn(() => ({ ok: true, value: {} }))
    handleCalls({ dispatch, release: vi.fn() } as never, null)
    const call = h.handlers.get(CALL_CHANNEL)!
    const w = new h.FakeWindow({})
    const refused = await call(from(w, PIN_URL), 'session.state', {})
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(dispatch).not.toHaveBeenCalled()
    await call(from(w, 'app://workstation/'), 'session.state', {})
    expect(dispatch).toHaveBeenCalledWith(`wc:${w.webContents.id}`, 'session.state', {}, 'desk')
  })
})
