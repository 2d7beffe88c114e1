// A case bundle ready to import, for a test whose fixture is synchronous (the generated dispatcher contract
// test): made without touching the database, by `openssl cms` (synchronous) with the analyst's own demo key and
// certificate read from the database — signed by them (no signed attributes, so no signing time from the real
// clock) and encrypted to them. Imported, it makes a workspace copy of a case this database does not have.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { toPem } from '../../../src/core/crypto/trust/pem'
import { DEMO_PIN } from '../../../src/core/demo/pki-seed'
import { BUNDLE_FORMAT, type DisputeBundle } from '../../../src/core/disputes/bundle-format'

const NUMBER = 'DSP-2026-009901'

function bundleOf(db: Database, exportedAt: number): DisputeBundle {
  const participant = (code: string) => db.prepare('SELECT code, name, bic, bin FROM participants WHERE code = ?').get(code) as DisputeBundle['case']['applicant']
  const operation = {
    operation: { seq: 1, source: 'app', requestId: 'fixture-1', type: 'transfer', channel: 'app', method: 'iban', opDay: '2026-11-22', receivedAt: exportedAt, amountMinor: 150_000, currency: 'KZT', status: 'accepted' },
    checks: [], postings: [], confirmations: [], hold: null, document: null, related: []
  } as unknown as DisputeBundle['operation']
  return {
    format: BUNDLE_FORMAT, direction: 'to_workspace', exportedAt, exportedBy: 'disputes', baseVersion: 2,
    case: {
      number: NUMBER, operationSeq: 1, applicant: participant('P001'), respondent: participant('P002'), reason: 'FRAD', amountMinor: 150_000, currency: 'KZT',
      description: 'The client did not make this transfer', stage: 'review', status: 'open', filedAt: exportedAt, filedBy: 'kaspi.operator', source: 'desk',
      messageId: 'KZPSFIXTURE', analyst: 'disputes', unit: 'calendar', decideBy: exportedAt + 30 * 86_400_000, answerBy: null, awaitingFrom: null, appealBy: null,
      decidedAmountMinor: null, closedAt: null, version: 2
    },
    operation,
    events: [{ at: exportedAt, actor: 'kaspi.operator', party: 'P001', kind: 'filed', stage: 'application', status: 'open', detail: null }],
    evidence: [], decisions: [], findings: [], messages: []
  }
}

/** A 'to_workspace' bundle for `login` (an analyst with a demo key) in the database in `dir`; made once per folder. */
export function importableBundle(db: Database, dir: string, login: string, exportedAt: number): { fileName: string; base64: string } {
  const out = join(dir, `${NUMBER}-v2.p7m`)
  if (!existsSync(out)) {
    const key = db.prepare(`SELECT c.der, c.software_key FROM user_certificates c JOIN users u ON u.id = c.user_id WHERE u.login = ? AND c.status = 'active'`).get(login) as { der: Buffer; software_key: Buffer }
    const path = (name: string) => join(dir, `bundle-fixture.${name}`)
    writeFileSync(path('cert.pem'), toPem(new Uint8Array(key.der), 'CERTIFICATE'))
    writeFileSync(path('key.pem'), key.software_key)
    writeFileSync(path('json'), JSON.stringify(bundleOf(db, exportedAt)))
    execFileSync('openssl', ['cms', '-sign', '-binary', '-nodetach', '-noattr', '-md', 'sha256', '-in', path('json'), '-signer', path('cert.pem'), '-inkey', path('key.pem'), '-passin', `pass:${DEMO_PIN}`, '-outform', 'DER', '-out', path('p7s')])
    execFileSync('openssl', ['cms', '-encrypt', '-aes256', '-binary', '-in', path('p7s'), '-recip', path('cert.pem'), '-outform', 'DER', '-out', out])
  }
  return { fileName: `${NUMBER}-v2.p7m`, base64: readFileSync(out).toString('base64') }
}

/** A case on this desk awaiting a decision (in review or on appeal): what an analyst takes offline. */
export const caseAwaitingDecision = (db: Database): string | undefined =>
  db.prepare(`SELECT id FROM disputes WHERE stage IN ('review', 'appeal') AND operation IS NULL ORDER BY filed_at, id LIMIT 1`).pluck().get() as string | undefined

/** A user's bound certificate as PEM: a recipient this database trusts. */
export const certificatePem = (db: Database, login: string): string =>
  toPem(new Uint8Array(db.prepare(`SELECT c.der FROM user_certificates c JOIN users u ON u.id = c.user_id WHERE u.login = ? AND c.status = 'active'`).pluck().get(login) as Buffer), 'CERTIFICATE')
