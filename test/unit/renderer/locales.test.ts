// Every message exists in kk, ru and en, for the shell and for each area (locales/<area>/<lang>.json).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ACCESS_DETAILS, AUDIT_BREAKS, CLOSE_QUEUE_RESULTS, DAY_CLOSE_FAILURES, DELIVERY_FAILURES, LINE_ERRORS, TX_FIELDS } from '../../../src/core/api/types'
import { RESULT_CODES } from '../../../src/core/center/result-codes'
import { REQUEST_RULES } from '../../../src/core/center/request-schema'
import { SIGNED_ATTRIBUTES, VERIFICATION_FAILURES } from '../../../src/core/crypto/cms/report'
import { ALGORITHM_ROLES } from '../../../src/core/crypto/trust/signature-algorithm'
import { SIGNED_FIELDS } from '../../../src/core/documents/read-document'
import { EXTENDED_KEY_USAGES, KEY_USAGES, NO_USAGE_LIMIT } from '../../../src/core/crypto/trust/certificate'
import { ERROR_CODES } from '../../../src/core/domain/errors'
import { FILE_ERRORS, NETWORK_ERRORS } from '../../../src/core/domain/system-errors'
import { CA_PROBLEMS, CHAIN_FAILURES } from '../../../src/core/crypto/trust/chain'
import { contract } from '../../../src/core/api/contract'
import { PERMISSIONS, ROLES } from '../../../src/core/security/roles'

const root = resolve(__dirname, '../../../src/renderer/src/locales')
const LANGS = ['kk', 'ru', 'en'] as const

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k))
}

const folders = [root, ...readdirSync(root).map((d) => join(root, d)).filter((p) => statSync(p).isDirectory())]

describe.each(folders.map((f) => [f.slice(root.length) || '/', f]))('locale folder %s', (_name, folder) => {
  const load = (lang: string) => JSON.parse(readFileSync(join(folder, `${lang}.json`), 'utf8')) as unknown
  it('has the same message keys in kk, ru and en, none empty', () => {
    const [kk, ru, en] = LANGS.map((l) => keysOf(load(l)).sort())
    expect(kk!.length).toBeGreaterThan(0)
    expect(ru).toEqual(kk)
    expect(en).toEqual(kk)
    for (const lang of LANGS) {
      const flat = JSON.stringify(load(lang))
      expect(flat).not.toMatch(/"\s*"/)
    }
  })
})

it('gives each area its own top-level keys', () => {
  const owners = new Map<string, string>()
  for (const folder of folders)
    for (const key of Object.keys(JSON.parse(readFileSync(join(folder, 'en.json'), 'utf8')) as object)) {
      expect(owners.get(key), `${key} in ${folder} and ${owners.get(key)}`).toBeUndefined()
      owners.set(key, folder)
    }
})

// The profile lists a user's roles and permissions by these labels: one missing shows its raw key.
it('names every role and every permission in kk, ru and en', () => {
  for (const lang of LANGS) {
    const shell = JSON.parse(readFileSync(join(root, `${lang}.json`), 'utf8')) as { roles: Record<string, string>; permissions: Record<string, Record<string, string>> }
    for (const role of ROLES) expect(shell.roles[role], `${lang}: roles.${role}`).toBeTruthy()
    for (const permission of PERMISSIONS) {
      const [area, action] = permission.split('.') as [string, string]
      expect(shell.permissions[area]?.[action], `${lang}: permissions.${permission}`).toBeTruthy()
    }
  }
})

// The journal and the operation's page word each result code (useOperationText): one missing shows only the number.
it('words every result code the Center answers with in kk, ru and en', () => {
  for (const lang of LANGS) {
    const operations = JSON.parse(readFileSync(join(root, 'operations', `${lang}.json`), 'utf8')) as { operations: { results: Record<string, string> } }
    for (const code of Object.values(RESULT_CODES)) expect(operations.operations.results[`r${code}`], `${lang}: operations.results.r${code}`).toBeTruthy()
  }
})

// The audit screen says where the chain broke in the user's language: the core's own sentence is English.
it('words every way the audit chain can break in kk, ru and en', () => {
  for (const lang of LANGS) {
    const shell = JSON.parse(readFileSync(join(root, `${lang}.json`), 'utf8')) as { audit: { breaks?: Record<string, string> } }
    for (const problem of AUDIT_BREAKS) expect(shell.audit.breaks?.[problem], `${lang}: audit.breaks.${problem}`).toBeTruthy()
  }
})

/** The messages of one area in a language, as its file holds them: its folder's, or the shell's for an area without one (users, settings, audit). */
const area = (name: string, lang: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(root, existsSync(join(root, name)) ? name : '', `${lang}.json`), 'utf8')) as Record<string, unknown>
/** The message at a dotted key, or undefined. */
const at = (tree: unknown, key: string): unknown => key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], tree)

// Codes the core sends with parameters (CodedText): one without words shows the core's English sentence.
it.each([
  ['the rules an operation entered by hand can break', '', 'validation.rules', REQUEST_RULES],
  ['the outbox’s delivery failures', 'operations', 'operations.deliveryFailures', DELIVERY_FAILURES],
  ['the reasons a day’s close stops', 'clearing', 'clearing.opday.closeFailures', DAY_CLOSE_FAILURES],
  ['what a file queued for the close came to', 'clearing', 'clearing.opday.queueResults', CLOSE_QUEUE_RESULTS],
  ['the rules a payment file can break', 'messages', 'messages.lineErrors', LINE_ERRORS],
  ['what a document’s access log records', 'documents', 'documents.log.details', ACCESS_DETAILS],
  ['the fields of a transaction a refusal names', 'messages', 'messages.txFields', TX_FIELDS],
  // A bundle refused for a check this list lacked showed the core's English ("… (duplicate_attribute)"); a refused
  // document, the check's English in brackets (refuseFailures names each by `trust.verification_<code>`).
  ['the signature checks a refusal or a decision’s check names', 'trust', 'trust.refusals', VERIFICATION_FAILURES.map((f) => `verification_${f}`)],
  ['the fields a signed document may say otherwise than the desk records', 'documents', 'documents.signedFields', SIGNED_FIELDS],
  ['the signature checks a document can fail', 'documents', 'documents.failures', VERIFICATION_FAILURES],
  // A refusal naming a certificate's usages or a file's system error showed «keyEncipherment», «ENOENT» in Russian (R12, R14).
  ['the key usages a certificate or a refusal names', 'tokens', 'tokens.usage', [...KEY_USAGES, NO_USAGE_LIMIT]],
  ['the extended key usages a refusal names', 'tokens', 'tokens.extendedUsage', [...Object.keys(EXTENDED_KEY_USAGES), NO_USAGE_LIMIT]],
  ['the file-system errors a refusal names', '', 'fileErrors', FILE_ERRORS],
  // A delivery's failure showed «ECONNREFUSED» on the operation's page (R7.5.4, R7.5.5).
  ['the network errors a delivery’s failure names', '', 'networkErrors', NETWORK_ERRORS],
  // An untrusted certificate's refusal listed the chain check's English («untrusted_chain: …», «basicConstraints cA is not set»).
  ['the failures of a certificate’s chain a refusal names', 'trust', 'trust.refusals', CHAIN_FAILURES.map((f) => `chain_${f}`)],
  ['why a CA in a chain may not issue', 'trust', 'trust.caProblems', CA_PROBLEMS],
  // A failed signature check named by its code's words alone now says which attribute, which algorithm and what for.
  ['the words of a failed signature check’s data', 'trust', 'trust.refusals', ['signature_not_of_key', 'signing_certificate_differs', 'signing_time_ahead', 'attribute_repeated', 'attribute_values_repeated', 'algorithm_unsupported']],
  ['the signed attributes a signature may repeat', 'trust', 'trust.signedAttributes', SIGNED_ATTRIBUTES],
  ['what an algorithm a signature names is for', 'trust', 'trust.algorithmRoles', ALGORITHM_ROLES]
])('words every one of %s in kk, ru and en', (_what, folder, group, codes) => {
  for (const lang of LANGS) for (const code of codes) expect(at(area(folder, lang), `${group}.${code}`), `${lang}: ${group}.${code}`).toBeTruthy()
})

// A refusal is shown by its code's words (errors.<code>); one missing shows the bare code.
it('words every error code in kk, ru and en', () => {
  for (const lang of LANGS) {
    const shell = JSON.parse(readFileSync(join(root, `${lang}.json`), 'utf8')) as { errors: Record<string, string> }
    for (const code of ERROR_CODES) expect(shell.errors[code], `${lang}: errors.${code}`).toBeTruthy()
  }
})

/**
 * Every rule the core names for the screens to word, in its source: `refuse(code, '<area>.<name>', …)`, one of two
 * (`refuse(code, late ? '<area>.<a>' : '<area>.<b>', …)`), and a reason `{ rule: '<area>.<name>' … }` an AppError
 * carries, with its figures (the settlement's shortfall: one a bank short) or without any.
 */
function refusalRules(dir: string): string[] {
  const named = [
    /\brefuse\(\s*'[A-Z_]+',\s*'([a-z]+\.[a-z0-9_]+)'/g,
    /\brefuse\(\s*'[A-Z_]+',[^,]*?\?\s*'([a-z]+\.[a-z0-9_]+)'\s*:\s*'([a-z]+\.[a-z0-9_]+)'/g,
    /\brule:\s*'([a-z]+\.[a-z0-9_]+)'/g
  ]
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => {
      const source = readFileSync(join(dir, f), 'utf8')
      return named.flatMap((pattern) => [...source.matchAll(pattern)].flatMap((m) => m.slice(1)))
    })
}

/** The words each rule lacks, `<lang>: <area>.refusals.<name>`, in the messages `of` gives an area in a language. */
function unworded(rules: readonly string[], of: (area: string, lang: string) => unknown): string[] {
  return rules.flatMap((rule) => {
    const [owner, name] = rule.split('.') as [string, string]
    return LANGS.filter((lang) => !at(of(owner, lang), `${owner}.refusals.${name}`)).map((lang) => `${lang}: ${owner}.refusals.${name}`)
  })
}

const coreRules = () => [...new Set(refusalRules(resolve(__dirname, '../../../src/core')))]

// A refusal whose rule has no words shows the core's English sentence, or only "Conflict" (useErrorMessage).
it('words every rule a refusal of the core names, in kk, ru and en, from its area’s refusals', () => {
  const rules = coreRules()
  expect(rules.length).toBeGreaterThan(40)
  expect(unworded(rules, area)).toEqual([])
})

// The settlement refused for lack of funds names each bank short by a reason of its own, not by refuse() (R7.6, R9.4.5).
it('finds the reasons the settlement’s shortfall carries, and misses none of their words in any language', () => {
  // Each bank short by its own reason, then once the advice (R7.6): both are rules the scan finds.
  expect(coreRules()).toEqual(expect.arrayContaining(['clearing.settlement_short', 'clearing.record_funds_first']))
  /** The real messages, less one language's words for the shortfall. */
  const without = (lang: string) => (owner: string, l: string) => {
    const tree = structuredClone(area(owner, l)) as { clearing?: { refusals?: Record<string, string> } }
    if (l === lang) delete tree.clearing?.refusals?.settlement_short
    return tree
  }
  for (const lang of LANGS) expect(unworded(coreRules(), without(lang))).toEqual([`${lang}: clearing.refusals.settlement_short`])
})

// A reason naming its rule without figures (`{ rule: 'dispute.illegal_transition', value: action }`) escaped the scan,
// and the desk showed the core's English (R10.1.2): such a reason is found, and one worded nowhere is reported.
it('finds a rule a reason names without figures or a refusal names one of two, and reports one worded nowhere', () => {
  const dir = mkdtempSync(join(tmpdir(), 'refusal-rules-'))
  try {
    writeFileSync(
      join(dir, 'service.ts'),
      [
        `throw new AppError('CONFLICT', \`case \${d.number}: \${e.message}\`, undefined, [{ rule: 'dispute.illegal_transition', value: action }])`,
        `refuse('CONFLICT', d.awaiting_from === 'applicant' ? 'disputes.awaited_from_applicant' : 'disputes.awaited_from_respondent', { number }, 'awaited')`
      ].join('\n')
    )
    expect(refusalRules(dir).sort()).toEqual(['dispute.illegal_transition', 'disputes.awaited_from_applicant', 'disputes.awaited_from_respondent'])
    expect(unworded(refusalRules(dir), area)).toEqual(LANGS.map((lang) => `${lang}: dispute.refusals.illegal_transition`))
  } finally {
    rmSync(dir, { recursive: true })
  }
  expect(coreRules()).toEqual(expect.arrayContaining(['disputes.action_not_allowed', 'disputes.filing_ended_calendar', 'clearing.settlement_short']))
})

// A registry form's refusal names the field and what it expects (useErrorMessage adds `hints.<field>` to the rule's
// words): without a hint the officer read «БИК: неверный формат», «Эквайер: неверный формат» for a list left unchosen.
it.each([
  ['participants.create', { name: 'A', bic: 'ATYNKZ', bin: '100840001117', issuer: true, acquirer: true }],
  ['participants.create', { name: 'Altyn Bank JSC', bic: 'ATYNKZKA', bin: '100840001116', issuer: false, acquirer: false }],
  ['terminals.create', { acquirerId: '', kind: 'pos', serial: 'ATM 1', address: 'A 1' }],
  ['clients.create', { iin: '123456789012', name: 'A' }],
  ['accounts.open', { clientId: '01J00000000000000000000000', participantId: '', currency: 'KZT', overdraft: '-1', limitPerOp: 'x', limitDaily: '1.234' }],
  ['accounts.setLimits', { accountId: '', limitPerOp: '-5', limitDaily: 'abc' }],
  ['instruments.issue', { kind: 'card', accountId: '', holderName: 'Айгерім', expiry: '2030-13' }]
] as const)('gives every field %s refuses by its form a hint in kk, ru and en', (call, input) => {
  const parsed = contract[call].input.safeParse(input)
  const fields = [...new Set((parsed.error?.issues ?? []).map((i) => String(i.path[0])))]
  expect(fields.length).toBeGreaterThan(0)
  const missing = LANGS.flatMap((lang) => fields.filter((f) => !at(area('', lang), `hints.${f}`)).map((f) => `${lang}: hints.${f}`))
  expect(missing).toEqual([])
})
