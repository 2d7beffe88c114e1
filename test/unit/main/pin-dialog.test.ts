import { describe, expect, it, vi } from 'vitest'
import type { PinRequest } from '../../../src/core/crypto/keys/pin-prompt'
import { callerLocale, dialogRequest, isPinAnswer, isPinPageUrl, oneAtATime } from '../../../src/main/pin-dialog'

const REQUEST: PinRequest = { purpose: 'generate', kind: 'token_pin', tokenLabel: 'operator', holder: 'Marat Abenov', retry: { triesLeft: 'few' } }

describe('the PIN dialog, as both hosts share it', () => {
  it('takes only a non-empty string of at most 256 characters as a PIN', () => {
    expect(isPinAnswer('1234')).toBe(true)
    expect(isPinAnswer('x'.repeat(256))).toBe(true)
    for (const bad of ['', 'x'.repeat(257), 1234, null, undefined, ['1234'], { pin: '1234' }]) expect(isPinAnswer(bad)).toBe(false)
  })

  it('recognises the PIN page by its path only', () => {
    expect(isPinPageUrl('app://workstation/pin.html')).toBe(true)
    expect(isPinPageUrl('https://workstation.local/pin.html?x=1')).toBe(true)
    expect(isPinPageUrl('app://workstation/')).toBe(false)
    expect(isPinPageUrl('app://workstation/#/pin.html')).toBe(false)
    expect(isPinPageUrl('not a url')).toBe(false)
  })

  it('sends the dialog only what it shows', () => {
    const extra = { ...REQUEST, secret: 'never' } as PinRequest
    expect(dialogRequest(extra, 'en')).toEqual({ request: REQUEST, locale: 'en' })
  })

  it('speaks the caller’s user’s language, Russian when nobody is signed in', () => {
    const signedIn = vi.fn(() => ({ ok: true, value: { status: 'active', user: { locale: 'kk' } } }))
    expect(callerLocale(signedIn, 'page:1')).toBe('kk')
    expect(signedIn).toHaveBeenCalledWith('page:1', 'session.state', {})
    expect(callerLocale(() => ({ ok: true, value: { status: 'signedOut', reason: 'none' } }), 'page:1')).toBe('ru')
    expect(callerLocale(() => ({ ok: false, error: { code: 'INTERNAL' } }), 'page:1')).toBe('ru')
    expect(callerLocale(() => ({ ok: true, value: { status: 'active', user: { locale: 'xx' } } }), 'page:1')).toBe('ru')
    expect(
      callerLocale(() => {
        throw new Error('closed')
      }, 'page:1')
    ).toBe('ru')
  })

  it('asks one caller one thing at a time, and callers independently', async () => {
    const open: { caller: string; resolve: (pin: string | null) => void }[] = []
    const prompt = oneAtATime((caller) => new Promise((resolve) => open.push({ caller, resolve })))
    const a1 = prompt('a', REQUEST)
    const a2 = prompt('a', REQUEST)
    const b1 = prompt('b', REQUEST)
    await Promise.resolve()
    await Promise.resolve()
    expect(open.map((o) => o.caller)).toEqual(['a', 'b'])
    open[0]!.resolve('1')
    await expect(a1).resolves.toBe('1')
    await Promise.resolve()
    expect(open.map((o) => o.caller)).toEqual(['a', 'b', 'a'])
    open[2]!.resolve(null)
    open[1]!.resolve('2')
    await expect(a2).resolves.toBeNull()
    await expect(b1).resolves.toBe('2')
  })
})
