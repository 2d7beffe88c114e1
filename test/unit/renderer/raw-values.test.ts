// Numbers, dates and money reach the screen formatted for the user's language (useFormat), codes worded: no
// template of the views or components shows a value as the core sends it. Each rule reads every template
// (and, where it says so, every script) under views/ and components/; a failure names the file and line.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { parse } from '@vue/compiler-sfc'
import { expect, it } from 'vitest'

const src = resolve(__dirname, '../../../src/renderer/src')
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sources(path) : /\.(vue|ts)$/.test(name) ? [path] : []
  })
const FILES = [...sources(join(src, 'views')), ...sources(join(src, 'components'))]
const at = (file: string, line: number): string => `${relative(src, file)}:${line}`

/** An expression the user reads: an interpolation, or the value of an attribute they read (title, label …). */
interface Shown {
  where: string
  expression: string
  /** Where in the element: 'text' for an interpolation, else the attribute's name (unset for attributes read as text). */
  how?: string
}
/** Attributes whose value is on screen. */
const READ = new Set(['title', 'label', 'description', 'content', 'placeholder', 'empty-text', 'sub-title', 'active-text', 'inactive-text', 'formatter'])

interface TemplateNode {
  type: number
  loc: { start: { line: number } }
  tag?: string
  content?: { content: string } | string
  props?: { type: number; name: string; loc: { start: { line: number } }; arg?: { content: string }; exp?: { content: string }; value?: { content: string } }[]
  children?: TemplateNode[]
}

const templates = FILES.filter((f) => f.endsWith('.vue')).map((file) => {
  const ast = parse(readFileSync(file, 'utf8')).descriptor.template?.ast as TemplateNode | undefined
  const shown: Shown[] = []
  const columns: Shown[] = []
  const pickers: Shown[] = []
  const words: Shown[] = []
  const examples: Shown[] = []
  const walk = (node: TemplateNode): void => {
    if (node.type === 5 && typeof node.content === 'object') shown.push({ where: at(file, node.loc.start.line), expression: node.content.content, how: 'text' })
    for (const p of node.props ?? []) {
      const where = at(file, p.loc.start.line)
      if (p.type === 7 && p.name === 'bind' && p.arg && READ.has(p.arg.content) && p.exp) shown.push({ where, expression: p.exp.content, how: p.arg.content })
      if (p.type === 6 && p.name === 'prop' && node.tag === 'el-table-column' && p.value) columns.push({ where, expression: p.value.content })
      if (p.type === 6 && p.name === 'format' && node.tag === 'el-date-picker' && p.value) pickers.push({ where, expression: p.value.content })
      if (p.type === 6 && READ.has(p.name) && p.name !== 'placeholder' && p.value && /\p{L}/u.test(p.value.content)) words.push({ where, expression: p.value.content })
      if (p.type === 6 && p.name === 'placeholder' && p.value && /\d[.,]\d/.test(p.value.content)) examples.push({ where, expression: p.value.content })
    }
    for (const child of node.children ?? []) walk(child)
  }
  if (ast) walk(ast)
  return { file, shown, columns, pickers, words, examples }
})

/**
 * What of an expression goes on screen as it is: the expression itself (an arrow's body), each branch of a
 * conditional (`ok ? $t('…') : row.errorCode`), and each value a message is given (`$t('…', { day: op.opDay })`).
 */
function values(expression: string): string[] {
  const body = expression.trim().replace(/^\(\)\s*=>\s*/, '')
  const branches = body.split(/\s\?\s|\s:\s/).slice(1)
  const args = [...body.matchAll(/\$?\bt\(\s*(['`])[^'`]*\1\s*,\s*\{([^{}]*)\}/g)].flatMap((m) =>
    m[2]!.split(/,(?![^(]*\))/).map((item) => {
      const [key, value] = item.split(/:(.*)/s)
      return (value ?? key ?? '').trim()
    })
  )
  return [body, ...branches, ...args]
}

/** The last name of a value shown as it is (`op.opDay`, `row.day ?? '—'`), or null for anything computed. */
function bare(value: string): string | null {
  const m = /^([\w$]+(?:\??\.[\w$]+)*)(?:\s*\?\?\s*(['"]).*\2)?$/.exec(value.trim())
  return m ? m[1]!.split(/\??\./).pop()! : null
}

/** The shown values whose last name matches `names`, as "file:line expression"; `allowed` as "file text|attribute expression". */
const shownRaw = (names: RegExp, allowed: readonly string[] = []): string[] =>
  templates.flatMap((t) =>
    t.shown.flatMap((s) =>
      values(s.expression)
        .filter((v) => names.test(bare(v) ?? '') && !allowed.includes(`${s.where.replace(/:\d+$/, '')} ${s.how} ${v}`))
        .map((v) => `${s.where} ${v}`)
    )
  )

it('shows no operational or calendar day as the core sends it (2026-11-25): useFormat().day', () => {
  expect(shownRaw(/^(day|\w+Day|\w+On|effectiveFrom)$/)).toEqual([])
})

/** Every script and template of the views and components, with its lines. */
const lines = FILES.flatMap((file) => readFileSync(file, 'utf8').split('\n').map((text, i) => ({ where: at(file, i + 1), text })))
/** The lines of code (comments left out) that match `pattern`, as "file:line code". */
const written = (pattern: RegExp): string[] =>
  lines.filter((l) => !/^\s*(\*|\/\*|\/\/)/.test(l.text) && pattern.test(l.text)).map((l) => `${l.where} ${l.text.trim()}`)

it('writes no percentage by hand ("0.15 %" in English): useFormat().percent, as the locale places the sign', () => {
  expect(written(/\}\s?%`|['"]\s?%['"]/)).toEqual([])
})

it('turns no minor units into an amount by hand ("1500.00", "150,5"): useFormat().money and .amount', () => {
  expect(written(/\/\s*100\b|\.toFixed\(/)).toEqual([])
})

it('shows no count without the locale\'s grouping ("1234" for 1 234): useFormat().number', () => {
  expect(shownRaw(/^(length|count|\w+Count|attempts)$/)).toEqual([])
})

it('shows no decimal as the core sends it (512.345678 in Russian): useFormat().decimal', () => {
  expect(shownRaw(/^rate$/)).toEqual([])
})

/** Names of fields that hold a code the screens word: statuses, kinds, reasons, failures sent as codes with parameters … */
const CODES = /^(kind|status|state|reason|type|direction|role|source|outcome|format|channel|method|model|unit|errorCode|failure|lastError)$/
/**
 * Shown on purpose: a camt.056 reason (DUPL) with its name under it, an ISO 20022 status (ACSC) with its meaning
 * on hover, a refused call's error code on hover over its words; and two values that are no codes with words of
 * their own: the namespace of an operation's request id (ui:operator), a token device's model, and the reason an
 * officer typed for a participant's change of status.
 */
const CODES_SHOWN = [
  'views/disputes/DisputesTable.vue text row.reason',
  'views/messages/MessageTxStatusTag.vue text status',
  'views/audit/AuditView.vue title row.errorCode',
  'views/operations/OperationDetailView.vue text op.source',
  'views/tokens/TokensView.vue text token.model',
  'views/participants/ParticipantsHistoryDrawer.vue text row.reason'
]

it('shows no status, kind or reason as its code (payment_file, account.insufficient_funds): each is worded in kk, ru and en', () => {
  const columns = templates.flatMap((t) => t.columns.filter((c) => CODES.test(c.expression)).map((c) => `${c.where} prop="${c.expression}"`))
  expect([...shownRaw(CODES, CODES_SHOWN), ...columns]).toEqual([])
})

it('writes file sizes with one helper, useFormat().size, in the user\'s language ("45,4 KB" in Russian was English)', () => {
  expect(written(/\/\s*1024|\/\s*102\.4|\bK?B`/)).toEqual([])
})

it('shows a chosen day in a date picker as the screens write days (07.12.2026), not in a pattern of its own', () => {
  // A card's expiry is written MM/YYYY in every language.
  const fixed = templates.flatMap((t) => t.pickers.map((p) => `${p.where} format="${p.expression}"`)).filter((p) => !/InstrumentIssueDialog.vue:\d+ format="MM\/YYYY"$/.test(p))
  expect(fixed).toEqual([])
})

it('puts no words on screen outside vue-i18n: a label or title is a message in kk, ru and en', () => {
  // The same in every language: each language's own name, and an algorithm's.
  const SAME = new Set(['Қазақша', 'Русский', 'English', 'SHA-256'])
  expect(templates.flatMap((t) => t.words.filter((w) => !SAME.has(w.expression)).map((w) => `${w.where} "${w.expression}"`))).toEqual([])
})

it('gives an amount field an example written as the user writes amounts (1500,00 in Russian), not a fixed 1500.00', () => {
  expect(templates.flatMap((t) => t.examples.map((e) => `${e.where} placeholder="${e.expression}"`))).toEqual([])
})
