// Payment messages (issue 5, R4): a participant's pacs.008 file imported through the desk, queued with the
// pacs.002 PDNG sent back, executed at the day's close (ACSC lines linked to their operations); a broken
// file refused whole with its line-numbered errors; a camt.053 statement exported and saved; participant
// staff seeing their own bank's files only. Real backend (the demo database), Debian's Chromium, no mocks.
import { rmSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { OPERATOR_BIC } from '../../src/core/disputes/dispute-messages'
import { mt102Codec } from '../../src/core/messages/mt/mt102'
import { signIn, startHost, type RunningHost } from './support/host'

const SHOTS = 'test-results'

let host: RunningHost
test.beforeEach(async () => {
  host = await startHost()
  await host.page.setViewportSize({ width: 1366, height: 768 })
})
test.afterEach(async () => {
  await host.close()
})

interface DemoAccount {
  iban: string
  name: string
  bic: string
}

/** Demo clients' KZT accounts, with their bank's BIC. */
function kztAccounts(): DemoAccount[] {
  return host.workstation.db
    .prepare(
      `SELECT a.iban, c.name, p.bic FROM accounts a JOIN clients c ON c.id = a.client_id JOIN participants p ON p.id = a.participant_id
       WHERE a.kind = 'client' AND a.currency = 'KZT' ORDER BY a.iban`
    )
    .all() as DemoAccount[]
}

const P001_BIC = 'CASPKZKA'

interface Transfer {
  id: string
  amount: string
  debtor: DemoAccount
  creditor: DemoAccount
  purpose: string
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const agent = (bic: string): string => `<FinInstnId><BICFI>${bic}</BICFI></FinInstnId>`

/** A pacs.008.001.08 customer credit transfer file, as pacs.008.001.08.xsd describes it; `nbOfTxs` may lie. */
function pacs008(o: { messageId: string; sender: string; transfers: Transfer[]; nbOfTxs?: number; prolog?: string }): string {
  const total = o.transfers.reduce((s, t) => s + Math.round(Number(t.amount) * 100), 0)
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(Date.now())
  const tx = (t: Transfer): string => `
    <CdtTrfTxInf>
      <PmtId><InstrId>${t.id}</InstrId><EndToEndId>E2E-${t.id}</EndToEndId><TxId>${t.id}</TxId></PmtId>
      <IntrBkSttlmAmt Ccy="KZT">${t.amount}</IntrBkSttlmAmt>
      <ChrgBr>SLEV</ChrgBr>
      <Dbtr><Nm>${esc(t.debtor.name)}</Nm></Dbtr>
      <DbtrAcct><Id><IBAN>${t.debtor.iban}</IBAN></Id></DbtrAcct>
      <DbtrAgt>${agent(t.debtor.bic)}</DbtrAgt>
      <CdtrAgt>${agent(t.creditor.bic)}</CdtrAgt>
      <Cdtr><Nm>${esc(t.creditor.name)}</Nm></Cdtr>
      <CdtrAcct><Id><IBAN>${t.creditor.iban}</IBAN></Id></CdtrAcct>
      <Purp><Prtry>${t.purpose}</Prtry></Purp>
      <RmtInf><Ustrd>E2E test payment ${t.id}</Ustrd></RmtInf>
    </CdtTrfTxInf>`
  return `<?xml version="1.0" encoding="UTF-8"?>${o.prolog ?? ''}
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
  <FIToFICstmrCdtTrf>
    <GrpHdr>
      <MsgId>${o.messageId}</MsgId>
      <CreDtTm>${new Date().toISOString().slice(0, 19)}</CreDtTm>
      <NbOfTxs>${o.nbOfTxs ?? o.transfers.length}</NbOfTxs>
      <CtrlSum>${(total / 100).toFixed(2)}</CtrlSum>
      <TtlIntrBkSttlmAmt Ccy="KZT">${(total / 100).toFixed(2)}</TtlIntrBkSttlmAmt>
      <IntrBkSttlmDt>${today}</IntrBkSttlmDt>
      <SttlmInf><SttlmMtd>CLRG</SttlmMtd></SttlmInf>
      <InstgAgt>${agent(o.sender)}</InstgAgt>
      <InstdAgt>${agent(OPERATOR_BIC)}</InstdAgt>
    </GrpHdr>${o.transfers.map(tx).join('')}
  </FIToFICstmrCdtTrf>
</Document>
`
}

/** Two payments of P001's clients: to another P001 client and to a client of another bank. */
function p001Transfers(tag: string): Transfer[] {
  const all = kztAccounts()
  const own = all.filter((a) => a.bic === P001_BIC)
  const other = all.find((a) => a.bic !== P001_BIC)
  expect(own.length).toBeGreaterThan(1)
  expect(other).toBeDefined()
  return [
    { id: `${tag}-1`, amount: '1250.50', debtor: own[0]!, creditor: own[1]!, purpose: '119' },
    { id: `${tag}-2`, amount: '3000.00', debtor: own[1]!, creditor: other!, purpose: '119' }
  ]
}

const uniqueTag = (): string => `E2E${Date.now().toString(36).toUpperCase()}`

async function openMessages(page: Page): Promise<void> {
  await page.locator('[data-test=nav-messages]').click()
  await expect(page.locator('[data-test=messages-page]')).toBeVisible()
}

/** Picks a participant in an Element Plus select by its code. */
async function pick(page: Page, select: string, code: string): Promise<void> {
  await page.locator(`[data-test=${select}]`).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: `${code} —` }).click()
}

async function importFile(page: Page, name: string, text: string): Promise<void> {
  await page.locator('input[data-test=message-import-input]').setInputFiles({ name, mimeType: 'application/xml', buffer: Buffer.from(text, 'utf-8') })
  await expect(page.locator('[data-test=message-import-result]')).toBeVisible()
}

async function closeImportResult(page: Page): Promise<void> {
  await page.locator('[data-test=message-import-close]').click()
  await expect(page.locator('[data-test=message-import-result]')).toBeHidden()
}

/** Waits for the toasts to fade, so a screenshot shows the screen itself. */
async function quiet(page: Page): Promise<void> {
  await expect(page.locator('.el-message')).toHaveCount(0, { timeout: 8_000 })
}

/** Nothing wider than the window: the page has no horizontal scroll. */
async function noHorizontalScroll(page: Page): Promise<void> {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)
  expect(wide).toBe(false)
}

const queuedFiles = (): number => host.workstation.db.prepare(`SELECT count(*) FROM close_queue WHERE kind = 'payment_file'`).pluck().get() as number

test('an operations officer imports a valid pacs.008 for P001: queued with a pacs.002 back, executed at the close with ACSC lines linked to operations', async () => {
  const { page } = host
  await signIn(page, 'operator')
  await openMessages(page)
  await pick(page, 'messages-participant', 'P001')
  const tag = uniqueTag()
  // Two payments the Center accepts at the close, and a third it refuses (far more than the payer holds).
  const transfers = p001Transfers(tag)
  transfers.push({ ...transfers[0]!, id: `${tag}-3`, amount: '999999999.00' })
  await importFile(page, `${tag}.xml`, pacs008({ messageId: tag, sender: P001_BIC, transfers }))

  const result = page.locator('[data-test=message-import-result]')
  await expect(result).toHaveAttribute('data-status', 'queued')
  await expect(page.locator('[data-test=message-import-queued]')).toBeVisible()
  await expect(page.locator('[data-test=message-import-report]')).toContainText(/.+/)
  await page.screenshot({ path: `${SHOTS}/messages-import-queued.png` })
  await closeImportResult(page)

  const row = page.locator(`[data-test=messages-inbox] [data-test=message-row][data-file-name="${tag}.xml"]`)
  await expect(row).toHaveAttribute('data-status', 'queued')
  await page.locator('#tab-out').click()
  await expect(page.locator('[data-test=messages-outbox] [data-test=message-row][data-format="pacs.002.001.10"]').first()).toBeVisible()
  // Opened while it waits: the screen polls its status (messages.status) and opens it again once processed.
  await page.locator('#tab-in').click()
  await row.locator('xpath=ancestor::tr').locator('[data-test=message-open]').click()
  const detail = page.locator('[data-test=message-detail]')
  await expect(detail).toHaveAttribute('data-status', 'queued')

  // The day's close executes the file (the clearing officer closes it; the host's closer runs the queue).
  const clearing = await page.context().newPage()
  await clearing.setViewportSize({ width: 1366, height: 768 })
  await clearing.goto(new URL('/', page.url()).toString())
  await signIn(clearing, 'clearing')
  await expect(clearing.locator('[data-test=app-shell]')).toBeVisible()
  // The day console lists the file queued for the close by its kind in words, not as the code the queue keeps.
  await clearing.locator('[data-test=nav-opday]').click()
  const queue = clearing.locator('[data-test=opday-queue]')
  await expect(queue).toContainText('Платёжный файл')
  await expect(queue).not.toContainText('payment_file')
  await clearing.screenshot({ path: `${SHOTS}/opday-queue.png` })
  const closed = await clearing.evaluate(async () => window.api.opday.close({ reason: 'E2E: payment file processing' }))
  expect(closed.ok ? null : closed.error).toBeNull()
  await clearing.close()
  host.workstation.closer.tick()

  await expect(detail).toHaveAttribute('data-status', 'processed', { timeout: 30_000 })
  const lines = page.locator('[data-test=message-tx]')
  await expect(lines).toHaveCount(3)
  for (const line of (await lines.all()).slice(0, 2)) {
    await expect(line).toHaveAttribute('data-status', 'ACSC')
    await expect(line).toHaveAttribute('data-seq', /^\d+$/)
  }
  await expect(lines.nth(2)).toHaveAttribute('data-status', 'RJCT')
  await expect(page.locator('[data-test=message-tx-operation]')).toHaveCount(3)
  // The refused line says why in the user's language, as the journal does, not as the Center's code.
  const refusal = host.workstation.db.prepare(`SELECT reason FROM message_transactions WHERE status = 'RJCT' ORDER BY file_id DESC, n DESC LIMIT 1`).pluck().get() as string
  expect(refusal).toMatch(/^[a-z_]+\.[a-z_]+$/)
  const rejected = page.locator('[data-test=message-transactions] .el-table__row', { has: page.locator('[data-test=message-tx][data-status=RJCT]') })
  await expect(rejected).not.toContainText(refusal)
  await expect(rejected).toContainText(/[А-Яа-яЁё]/)
  await expect(page.locator('[data-test=message-related] [data-test=message-row]').first()).toBeVisible()
  // The status reports the desk wrote itself name their source in words.
  await expect(page.locator('[data-test=message-related]')).toContainText('Система')
  await expect(page.locator('[data-test=message-related]')).not.toContainText('system')
  await quiet(page)
  await noHorizontalScroll(page)
  await page.screenshot({ path: `${SHOTS}/messages-file-detail.png`, fullPage: true })

  const seq = await page.locator('[data-test=message-tx-operation]').first().getAttribute('data-seq')
  await page.locator('[data-test=message-tx-operation]').first().click()
  await expect(page).toHaveURL(new RegExp(`#/operations/${seq}$`))
})

test('a broken file is refused whole with its line-numbered errors, and nothing of it is queued', async () => {
  const { page } = host
  await signIn(page, 'operator')
  await openMessages(page)
  await pick(page, 'messages-participant', 'P001')

  // A valid file first, so the inbox shows a queued and a refused file side by side.
  const good = uniqueTag()
  await importFile(page, `${good}.xml`, pacs008({ messageId: good, sender: P001_BIC, transfers: p001Transfers(good) }))
  await expect(page.locator('[data-test=message-import-result]')).toHaveAttribute('data-status', 'queued')
  await closeImportResult(page)
  const queued = queuedFiles()

  // Its message id again in another file: refused by a rule of the desk's, worded in the user's language, not the core's English.
  const reused = `${uniqueTag()}R`
  await importFile(page, `${reused}-reused.xml`, pacs008({ messageId: good, sender: P001_BIC, transfers: p001Transfers(reused) }))
  await expect(page.locator('[data-test=message-import-result]')).toHaveAttribute('data-status', 'refused')
  const reusedError = page.locator('[data-test=message-import-result] [data-test=message-error][data-code=message_id_used]')
  await expect(reusedError).toContainText(`Идентификатор сообщения ${good} уже использован участником P001`)
  await closeImportResult(page)

  // NbOfTxs says 3, the file holds 2.
  const bad = `${uniqueTag()}B`
  await importFile(page, `${bad}-count.xml`, pacs008({ messageId: bad, sender: P001_BIC, transfers: p001Transfers(bad), nbOfTxs: 3 }))
  await expect(page.locator('[data-test=message-import-result]')).toHaveAttribute('data-status', 'refused')
  await expect(page.locator('[data-test=message-import-refused]')).toBeVisible()
  // Why, in the user's language; the codec's own words cited under it.
  const countError = page.locator('[data-test=message-import-result] [data-test=message-error][data-code=codec]').first()
  await expect(countError.locator('[data-test=message-error-reason]')).toHaveText('Содержимое файла pacs.008.001.08 недопустимо')
  await expect(countError.locator('[data-test=message-error-detail]')).toContainText('NbOfTxs')
  await closeImportResult(page)

  // An external entity (XXE) in a DOCTYPE: refused, with the line it is on.
  const xxe = `${uniqueTag()}X`
  const prolog = '\n<!DOCTYPE Document [\n  <!ENTITY secret SYSTEM "file:///etc/passwd">\n]>'
  await importFile(page, `${xxe}-doctype.xml`, pacs008({ messageId: xxe, sender: P001_BIC, transfers: p001Transfers(xxe), prolog }))
  await expect(page.locator('[data-test=message-import-result]')).toHaveAttribute('data-status', 'refused')
  const error = page.locator('[data-test=message-import-result] [data-test=message-error]').first()
  await expect(error).toBeVisible()
  await expect(error).toHaveAttribute('data-line', /^[1-9]\d*$/)
  await expect(error).toHaveAttribute('data-code', 'doctype')
  await expect(error).toContainText('Объявление типа документа (DOCTYPE) не принимается')
  await page.screenshot({ path: `${SHOTS}/messages-import-refused.png` })
  await closeImportResult(page)

  // A national MT102 missing a transfer's mandatory :57B: (the payee's bank): the kind of check and the field, worded.
  const mt = `${uniqueTag()}M`
  const transfers = p001Transfers(mt).slice(0, 2)
  const party = (a: DemoAccount) => ({ name: a.name, iban: a.iban, bic: a.bic, idn: null, residency: '1' as const, sector: '9' })
  const mt102 = mt102Codec.write({
    messageId: mt, createdAt: Date.now(), settlementDate: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty' }).format(Date.now()),
    instructingBic: P001_BIC, instructedBic: OPERATOR_BIC,
    transactions: transfers.map((t) => ({ instructionId: t.id, endToEndId: `E2E-${t.id}`, txId: t.id, amountMinor: Math.round(Number(t.amount) * 100), currency: 'KZT', debtor: party(t.debtor), creditor: party(t.creditor), purposeCode: '119', remittance: t.purpose }))
  })
  const payee = transfers[1]!.creditor
  await importFile(page, `${mt}.mt102`, mt102.replace(`:57B:${payee.bic}\r\n:59:${payee.iban}`, `:59:${payee.iban}`))
  await expect(page.locator('[data-test=message-import-result]')).toHaveAttribute('data-status', 'refused')
  const missing = page.locator('[data-test=message-import-result] [data-test=message-error][data-code=mt_field_missing]').first()
  await expect(missing.locator('[data-test=message-error-reason]')).toHaveText('Нет обязательного поля :57B:')
  await expect(missing.locator('[data-test=message-error-detail]')).toContainText(':57B:')
  // The dialog shown, not halfway through fading in over the inbox.
  await expect(page.locator('.dialog-fade-enter-active')).toHaveCount(0)
  await page.screenshot({ path: `${SHOTS}/messages-import-refused-mt102.png` })
  await closeImportResult(page)
  expect(queuedFiles()).toBe(queued)

  const inbox = page.locator('[data-test=messages-inbox]')
  await expect(inbox.locator(`[data-test=message-row][data-file-name="${good}.xml"]`)).toHaveAttribute('data-status', 'queued')
  await expect(inbox.locator(`[data-test=message-row][data-file-name="${bad}-count.xml"]`)).toHaveAttribute('data-status', 'refused')
  await expect(inbox.locator(`[data-test=message-row][data-file-name="${xxe}-doctype.xml"]`)).toHaveAttribute('data-status', 'refused')
  await quiet(page)
  await noHorizontalScroll(page)
  await page.screenshot({ path: `${SHOTS}/messages-inbox.png` })

  // The refused file's page lists its errors by line and has no transactions.
  await inbox.locator(`[data-test=message-row][data-file-name="${xxe}-doctype.xml"]`).locator('xpath=ancestor::tr').locator('[data-test=message-open]').click()
  await expect(page.locator('[data-test=message-detail]')).toHaveAttribute('data-status', 'refused')
  await expect(page.locator('[data-test=message-detail] [data-test=message-error]').first()).toBeVisible()
  await expect(page.locator('[data-test=message-tx]')).toHaveCount(0)
  await noHorizontalScroll(page)
  await page.screenshot({ path: `${SHOTS}/messages-refused-detail.png` })
})

test('a camt.053 statement of yesterday for P001 is exported and saved as XML', async () => {
  const { page } = host
  await signIn(page, 'operator')
  await openMessages(page)
  await pick(page, 'messages-participant', 'P001')
  await page.locator('[data-test=message-export]').click()
  await page.locator('[data-test="message-export-type-camt.053.001.08"]').click()
  await page.locator('[data-test=message-export-submit]').click()
  await expect(page.locator('[data-test=message-export-error]')).toHaveCount(0)
  await expect(page.locator('[data-test=message-export-result]')).toBeVisible()
  await expect(page.locator('[data-test=message-export-file-name]')).toHaveText(/\.xml$/)
  await page.screenshot({ path: `${SHOTS}/messages-export-dialog.png` })

  // The host's browser context does not keep downloads, so the bytes are read from the Blob the page hands
  // to the download; the download event shows the browser got the file.
  await page.evaluate(() => {
    const original = URL.createObjectURL.bind(URL)
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      ;(window as unknown as { saved: Blob }).saved = blob as Blob
      return original(blob)
    }
  })
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=message-export-save]').click()])
  expect(download.suggestedFilename()).toMatch(/\.xml$/)
  const text = await page.evaluate(async () => (window as unknown as { saved: Blob }).saved.text())
  expect(text.startsWith('<?xml')).toBe(true)
  expect(text).toContain('camt.053.001.08')

  // The export is listed in the outbox.
  await page.locator('[data-test=message-export-cancel]').click()
  await page.locator('#tab-out').click()
  await expect(page.locator('[data-test=messages-outbox] [data-test=message-row][data-format="camt.053.001.08"]').first()).toBeVisible()
})

// R9.1.8: the outbox shows, for each file left in the participant's folder, whether its system has taken it.
test('the outbox shows a status report as not yet picked up, then the time the participant took it from its folder', async () => {
  const { page } = host
  await signIn(page, 'operator')
  await openMessages(page)
  await pick(page, 'messages-participant', 'P001')
  const tag = uniqueTag()
  await importFile(page, `${tag}.xml`, pacs008({ messageId: tag, sender: P001_BIC, transfers: p001Transfers(tag) }))
  await closeImportResult(page)
  await page.locator('#tab-out').click()
  const report = host.workstation.db.prepare(`SELECT id, path FROM message_files WHERE direction = 'out' AND format = 'pacs.002.001.10' ORDER BY id DESC LIMIT 1`).get() as { id: number; path: string }
  const pickUp = page.locator(`[data-test=messages-outbox] tr:has([data-test=message-row][data-id="${report.id}"]) [data-test=message-pick-up]`)
  await expect(pickUp).toHaveAttribute('data-state', 'awaiting')
  await expect(pickUp).toHaveText('Ещё не забран')

  rmSync(report.path) // the bank's system takes it
  expect(host.workstation.exchange.outbound.noticePickUps()).toBe(1)
  await page.locator('[data-test=messages-refresh]').click()
  await expect(pickUp).toHaveAttribute('data-state', 'taken')
  await expect(pickUp).toHaveText(/\d{2}:\d{2}/)
  await quiet(page)
  await noHorizontalScroll(page)
  await page.screenshot({ path: `${SHOTS}/messages-outbox-pick-up.png` })
})

test('participant staff see their own bank’s files only', async () => {
  const { page } = host
  // Files of two banks: P001's and P002's, imported by the operator.
  await signIn(page, 'operator')
  await openMessages(page)
  for (const code of ['P001', 'P002']) {
    const bic = code === 'P001' ? P001_BIC : 'HSBKKZKX'
    const accounts = kztAccounts()
    const own = accounts.filter((a) => a.bic === bic)
    const tag = `${uniqueTag()}${code}`
    await pick(page, 'messages-participant', code)
    await importFile(page, `${tag}.xml`, pacs008({ messageId: tag, sender: bic, transfers: [{ id: `${tag}-1`, amount: '100.00', debtor: own[0]!, creditor: own[1]!, purpose: '119' }] }))
    await expect(page.locator('[data-test=message-import-result]')).toHaveAttribute('data-status', 'queued')
    await closeImportResult(page)
  }
  await page.locator('[data-test=signout]').click()

  await signIn(page, 'kaspi.operator')
  await openMessages(page)
  await expect(page.locator('[data-test=messages-participant] input')).toBeDisabled()
  const rows = page.locator('[data-test=messages-inbox] [data-test=message-row]')
  await expect(rows.first()).toBeVisible()
  const parties = await page.locator('[data-test=message-row]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-party')))])
  expect(parties).toEqual(['P001'])
  // The backend refuses another bank's files too.
  const others = await page.evaluate(async () => window.api.messages.list({ participantCode: 'P002', limit: 100 }))
  expect(others.ok ? others.value.filter((f) => f.party !== 'P001') : []).toEqual([])
  await quiet(page)
  await page.screenshot({ path: `${SHOTS}/messages-participant.png` })
  // Halyk's file opened by its address: the page says why it shows nothing, after the toast is gone (R14.3).
  const halykFile = host.workstation.db.prepare(`SELECT id, file_name AS name FROM message_files WHERE party = 'P002' ORDER BY id DESC LIMIT 1`).get() as { id: number; name: string }
  await page.evaluate((id) => (location.hash = `#/messages/${id}`), halykFile.id)
  await expect(page.locator('[data-test=message-refused]')).toContainText('Эти данные принадлежат другому участнику')
  await expect(page.locator('[data-test=message-detail]')).not.toContainText(halykFile.name)
  await quiet(page)
  await page.screenshot({ path: `${SHOTS}/message-other-bank.png` })
})
