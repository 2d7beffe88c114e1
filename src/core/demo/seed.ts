import type { Database } from 'better-sqlite3'
import type { Locale, Role } from '../api/types'
import type { AuditLog } from '../security/audit-log'
import { hashPassword, type ScryptCost } from '../security/password-hash'
import { ParticipantsRepo } from '../participants/participants-repo'
import { UsersRepo } from '../security/users-repo'
import { TerminalsRepo } from '../terminals/terminals-repo'
import type { TerminalKind } from '../api/types'

/** The demo password of every demo user except `newcomer` (README, "Demo users"). */
export const DEMO_PASSWORD = 'Qazaq#Demo2026'
/** newcomer's one-time password: signing in with it leads to the forced password change. */
export const DEMO_ONE_TIME_PASSWORD = 'Welcome#2026otp'

// Real Kazakh banks' names and BICs (DOMAIN.md); BINs are made up but carry valid check digits.
export const DEMO_PARTICIPANTS = [
  { code: 'P001', name: 'Kaspi Bank JSC', bic: 'CASPKZKA', bin: '931140001235', acquirer: true },
  { code: 'P002', name: 'Halyk Bank of Kazakhstan JSC', bic: 'HSBKKZKX', bin: '920140004562', acquirer: true },
  { code: 'P003', name: 'ForteBank JSC', bic: 'IRTYKZKA', bin: '990840007892', acquirer: true },
  { code: 'P004', name: 'Bank CenterCredit JSC', bic: 'KCJBKZKX', bin: '980540003212', acquirer: true },
  { code: 'P005', name: 'Freedom Bank Kazakhstan JSC', bic: 'KSNVKZKA', bin: '961240006542', acquirer: false }
] as const

interface DemoUser {
  login: string
  displayName: string
  roles: Role[]
  participant?: string
  locale: Locale
  oneTime?: true
}

export const DEMO_USERS: readonly DemoUser[] = [
  { login: 'admin', displayName: 'Aigerim Nurlanovna (administrator)', roles: ['administrator'], locale: 'ru' },
  { login: 'admin2', displayName: 'Daniyar Serikuly (administrator)', roles: ['administrator'], locale: 'kk' },
  { login: 'operator', displayName: 'Marat Abenov', roles: ['operations_officer'], locale: 'ru' },
  { login: 'clearing', displayName: 'Saule Tokhtarova', roles: ['clearing_officer'], locale: 'ru' },
  // The checker of the clearing officer's settlements (maker-checker).
  { login: 'clearing2', displayName: 'Bolat Sadykov', roles: ['clearing_officer'], locale: 'kk' },
  { login: 'risk', displayName: 'Yerlan Zhumabekov', roles: ['risk_officer'], locale: 'en' },
  { login: 'disputes', displayName: 'Gulnara Iskakova', roles: ['dispute_analyst'], locale: 'kk' },
  { login: 'auditor', displayName: 'Timur Bekov', roles: ['auditor'], locale: 'en' },
  { login: 'kaspi.operator', displayName: 'Asel Omarova', roles: ['participant_operator'], participant: 'P001', locale: 'ru' },
  { login: 'halyk.viewer', displayName: 'Nurlan Kassymov', roles: ['participant_viewer'], participant: 'P002', locale: 'kk' },
  // Answers the analyst's requests when its bank is the other side of a dispute (R9.4.11).
  { login: 'halyk.operator', displayName: 'Aruzhan Sultanova', roles: ['participant_operator'], participant: 'P002', locale: 'kk' },
  { login: 'newcomer', displayName: 'Dana Akhmetova', roles: ['operations_officer'], locale: 'ru', oneTime: true }
]

// Two devices per acquirer: an ATM and a POS; the last one of each bank awaits certification.
const DEMO_TERMINALS: readonly { kind: TerminalKind; address: string; certified: boolean }[] = [
  { kind: 'atm', address: 'Almaty, Abay Ave 10', certified: true },
  { kind: 'pos', address: 'Astana, Mangilik El Ave 55', certified: false }
]

/** Fills an empty database with the demo participants and staff. */
export function seedDemo(db: Database, audit: AuditLog, now: number, newId: () => string, cost: ScryptCost): void {
  const users = new UsersRepo(db)
  const participants = new ParticipantsRepo(db)
  db.transaction(() => {
    // Codes come from the registry's sequence (P001 …), in this order, so later ones never collide.
    const participantIds = new Map<string, string>()
    for (const p of DEMO_PARTICIPANTS) {
      const created = participants.insert({ id: newId(), name: p.name, bic: p.bic, bin: p.bin, issuer: true, acquirer: p.acquirer, createdAt: now })
      if (created.code !== p.code) throw new Error(`demo participant ${p.name} got code ${created.code}, expected ${p.code}`)
      participantIds.set(p.code, created.id)
    }
    for (const u of DEMO_USERS) {
      const id = newId()
      const participantId = u.participant ? participantIds.get(u.participant)! : null
      users.insert({ id, login: u.login, displayName: u.displayName, kind: participantId ? 'participant' : 'operator', participantId, roles: u.roles, status: 'active', locale: u.locale, createdAt: now, createdBy: null })
      if (u.oneTime) users.setOneTimePassword(id, hashPassword(DEMO_ONE_TIME_PASSWORD, cost), now + 365 * 24 * 3600_000, now)
      else users.changePassword(id, null, hashPassword(DEMO_PASSWORD, cost), now)
    }
    const terminals = new TerminalsRepo(db)
    const certifier = users.findByLogin('operator')!.id
    for (const [code, participantId] of participantIds) {
      if (!DEMO_PARTICIPANTS.find((p) => p.code === code)!.acquirer) continue
      DEMO_TERMINALS.forEach((t, i) => {
        const created = terminals.insert({ id: newId(), acquirerId: participantId, kind: t.kind, serial: `${code}-${t.kind.toUpperCase()}-${i + 1}`, address: t.address, createdAt: now })
        if (t.certified) terminals.certify(created.id, `CERT-${created.code}`, certifier, now)
      })
    }
    audit.append({ at: now, actorId: null, actorLogin: null, sessionId: null, action: 'system.seedDemo', outcome: 'ok', errorCode: null, subject: null, detail: `${DEMO_PARTICIPANTS.length} participants, ${DEMO_USERS.length} users` })
  })()
}
export { DEMO_CLIENTS, demoCardPan, demoIin } from './center-seed'
