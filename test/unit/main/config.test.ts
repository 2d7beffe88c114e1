import { describe, expect, it } from 'vitest'
import { T0, testWorkstation } from '../../support/workstation'
import { assertNodeVersion, databasePath, defaultUserDataDir, demoEnabled, PRODUCT_NAME, simulateRate } from '../../../src/main/config'

describe('host configuration', () => {
  it('refuses Node older than 22.12 with a message that says what to do', () => {
    expect(() => assertNodeVersion('20.20.2')).toThrow(/Node 20\.20\.2 is too old: the workstation needs Node 22\.12/)
    expect(() => assertNodeVersion('22.11.0')).toThrow(/too old/)
    expect(() => assertNodeVersion('22.12.0')).not.toThrow()
    expect(() => assertNodeVersion('24.1.0')).not.toThrow()
  })

  it('keeps the database in the user-data folder unless WORKSTATION_DB says otherwise', () => {
    const dir = defaultUserDataDir({ XDG_CONFIG_HOME: '/home/a/.config' })
    expect(dir).toBe(`/home/a/.config/${PRODUCT_NAME}`)
    expect(databasePath(dir, {})).toBe(`/home/a/.config/${PRODUCT_NAME}/workstation.db`)
    expect(databasePath(dir, { WORKSTATION_DB: '/data/ws.db' })).toBe('/data/ws.db')
  })

  it('seeds demo data unless WORKSTATION_DEMO=0', () => {
    expect(demoEnabled({})).toBe(true)
    expect(demoEnabled({ WORKSTATION_DEMO: '0' })).toBe(false)
  })

  it('simulates terminal traffic on the demo database unless WORKSTATION_SIMULATE says otherwise, and refuses a bad rate', () => {
    expect(simulateRate({})).toBe(2)
    expect(simulateRate({ WORKSTATION_DEMO: '0' })).toBe(0)
    expect(simulateRate({ WORKSTATION_SIMULATE: '0' })).toBe(0)
    expect(simulateRate({ WORKSTATION_SIMULATE: '25', WORKSTATION_DEMO: '0' })).toBe(25)
    for (const bad of ['-1', 'fast', '5000']) expect(() => simulateRate({ WORKSTATION_SIMULATE: bad })).toThrow(/WORKSTATION_SIMULATE must be a number/)
  })
})

describe('first start without demo data', () => {
  it('creates one administrator whose one-time password must be changed', () => {
    const ws = testWorkstation({ demo: false })
    try {
      expect(ws.bootstrap?.login).toBe('admin')
      const s = ws.ok<{ status: string }>('w', 'session.signIn', { login: 'admin', password: ws.bootstrap!.oneTimePassword })
      expect(s.status).toBe('mustChangePassword')
      expect(ws.db.prepare('SELECT count(*) FROM participants').pluck().get()).toBe(0)
    } finally {
      ws.dispose()
    }
  })

  // A packaged desk has no console to print it to: the sign-in screen shows it until it is used (R12.4).
  it('tells the sign-in screen the first administrator’s one-time password until that administrator signs in', () => {
    const ws = testWorkstation({ demo: false })
    try {
      const state = () => ws.ok<{ status: string; firstAdministrator?: unknown }>('w', 'session.state')
      expect(state()).toEqual({ status: 'signedOut', reason: 'none', firstAdministrator: { login: 'admin', oneTimePassword: ws.bootstrap!.oneTimePassword, expiresAt: T0 + 24 * 3600_000 } })
      // A wrong password tells nothing new and hides nothing.
      expect(ws.call('x', 'session.signIn', { login: 'admin', password: 'wrong' }).ok).toBe(false)
      expect(state().firstAdministrator).toBeDefined()
      ws.ok('x', 'session.signIn', { login: 'admin', password: ws.bootstrap!.oneTimePassword })
      expect(state()).toEqual({ status: 'signedOut', reason: 'none' })
    } finally {
      ws.dispose()
    }
  })

  it('stops telling it once it has expired, and never on a database that had users', () => {
    const fresh = testWorkstation({ demo: false })
    try {
      fresh.clock.advance(24 * 3600_000)
      expect(fresh.ok<object>('w', 'session.state')).not.toHaveProperty('firstAdministrator')
    } finally {
      fresh.dispose()
    }
    const demo = testWorkstation()
    try {
      expect(demo.bootstrap).toBeNull()
      expect(demo.ok<object>('w', 'session.state')).not.toHaveProperty('firstAdministrator')
    } finally {
      demo.dispose()
    }
  })
})
