// An instrument's QR code is offered only while the instrument can pay: a QR of a blocked, closed or expired one
// would send the client to pay with it (R3.2.1). The reason is worded in kk, ru and en.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, it } from 'vitest'
import type { InstrumentStatus } from '../../../src/core/api/types'

// Loaded by its path: its @core type imports are the web build's, outside the node typecheck of tests.
const { qrRefusal } = (await import(resolve(__dirname, '../../../src/renderer/src/views/instruments/qrRefusal.ts'))) as {
  qrRefusal: (i: { status: InstrumentStatus; expiry: string | null }, thisMonth: string) => string | null
}

const THIS_MONTH = '2026-12'

it('offers the QR of an active card until the end of its expiry month, and of an active wallet', () => {
  expect(qrRefusal({ status: 'active', expiry: '2030-12' }, THIS_MONTH)).toBeNull()
  expect(qrRefusal({ status: 'active', expiry: THIS_MONTH }, THIS_MONTH)).toBeNull()
  expect(qrRefusal({ status: 'active', expiry: null }, THIS_MONTH)).toBeNull()
})

it('refuses the QR of a blocked, a closed or an expired instrument, saying which', () => {
  expect(qrRefusal({ status: 'blocked', expiry: '2030-12' }, THIS_MONTH)).toBe('blocked')
  expect(qrRefusal({ status: 'closed', expiry: null }, THIS_MONTH)).toBe('closed')
  expect(qrRefusal({ status: 'active', expiry: '2026-11' }, THIS_MONTH)).toBe('expired')
  // Closed says more than expired: the instrument is gone, not just out of date.
  expect(qrRefusal({ status: 'closed', expiry: '2026-11' }, THIS_MONTH)).toBe('closed')
})

it('words each reason in kk, ru and en', () => {
  for (const lang of ['kk', 'ru', 'en']) {
    const messages = JSON.parse(readFileSync(resolve(__dirname, `../../../src/renderer/src/locales/registry/${lang}.json`), 'utf8')) as {
      registry: { instruments: { qrUnavailable?: Record<string, string> } }
    }
    for (const reason of ['blocked', 'closed', 'expired']) expect(messages.registry.instruments.qrUnavailable?.[reason], `${lang} ${reason}`).toMatch(/QR/)
  }
})
