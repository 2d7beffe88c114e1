// Disputes (issue 7, R9.3.3, R9.4.11, R10.1.1–R10.1.3): Kaspi's operator files an application to revoke an
// operation with Halyk from the operation's detail, with evidence; the operator's dispute analyst takes it and
// decides to accept it, signing with the PIN typed in the token window (a cancelled PIN first changes nothing);
// the original operation is reversed in the journal, and after the day is closed by hand the reversal is in
// that day's clearing. Halyk's viewer neither sees nor opens a case that is not its bank's; the analyst's queue
// shows overdue and due-soon cases in their colours; a case goes offline as a signed, encrypted bundle, and an
// altered bundle is refused on import. Real backend (the demo database and demo keys), Debian's
// Chromium, no mocks.
import { expect, test, type Page } from '@playwright/test'
import { enterPin, signIn, startHost, type RunningHost } from './support/host'

const SHOTS = 'test-results'
const DEMO_PIN = '1234'
const HOUR = 3600_000

let host: RunningHost
test.beforeEach(async () => {
  host = await startHost()
  await host.page.setViewportSize({ width: 1366, height: 768 })
})
test.afterEach(async () => {
  await host.close()
})

interface Operation {
  seq: number
  amountMinor: number
  currency: string
}

/** An accepted KZT operation of the demo between Kaspi (P001) and `other`, and no third bank: the one to revoke. */
function operationBetween(other: string, skip: readonly number[] = []): Operation {
  const rows = host.workstation.db
    .prepare(
      `SELECT o.seq, o.amount_minor AS amountMinor, o.currency FROM operations o
       JOIN participants k ON k.code = 'P001' AND k.id IN (o.issuer_id, o.acquirer_id, o.payee_participant_id)
       JOIN participants h ON h.code = ? AND h.id IN (o.issuer_id, o.acquirer_id, o.payee_participant_id)
       WHERE o.status = 'accepted' AND o.original_seq IS NULL AND o.credit_currency IS NULL AND o.currency = 'KZT'
         AND (SELECT count(*) FROM participants x WHERE x.id IN (o.issuer_id, o.acquirer_id, o.payee_participant_id) AND x.code NOT IN ('P001', ?)) = 0
       ORDER BY o.seq`
    )
    .all(other, other) as Operation[]
  const row = rows.find((r) => !skip.includes(r.seq))
  if (!row) throw new Error(`the demo has no accepted KZT operation between P001 and ${other}`)
  return row
}

/** Right after sign-in the shell goes to the overview; then the address is set until the screen shows. */
async function go(page: Page, hash: string, shown: string): Promise<void> {
  await expect(page.locator('[data-test=app-shell]')).toBeVisible()
  await expect(async () => {
    await page.evaluate((h) => {
      location.hash = h
    }, hash)
    await expect(page.locator(shown).first()).toBeVisible({ timeout: 2_000 })
  }).toPass({ timeout: 15_000 })
}

async function openQueue(page: Page): Promise<void> {
  await expect(async () => {
    await page.locator('[data-test=nav-disputes]').click()
    await expect(page.locator('[data-test=disputes-page]')).toBeVisible({ timeout: 2_000 })
  }).toPass({ timeout: 15_000 })
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

/** Scrolls the shell's main area so `selector` is at its top, for a screenshot of the lower part of a page. */
async function scrollTo(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().evaluate((el) => el.scrollIntoView({ block: 'start' }))
}

async function signOut(page: Page): Promise<void> {
  await page.locator('[data-test=signout]').click()
  await expect(page.locator('input[data-test=signin-login]')).toBeVisible()
}

/** Kaspi's operator files through the call the form uses (setting up cases for the queue's colours). */
async function fileByCall(page: Page, seq: number, amount: string, description: string): Promise<{ id: string; number: string }> {
  return page.evaluate(
    async (a) => {
      const r = await window.api.disputes.file({ operationSeq: a.seq, reason: 'DUPL', amount: a.amount, description: a.description })
      if (!r.ok) throw new Error(r.error.message)
      return { id: r.value.id, number: r.value.number }
    },
    { seq, amount, description }
  )
}

test('Kaspi files from the operation, the analyst decides with the PIN, the operation is reversed and the reversal is in the next clearing', async () => {
  const { page } = host
  const op = operationBetween('P002')
  const db = host.workstation.db

  // Kaspi's operator: from the operation's detail to the application form, prefilled.
  await signIn(page, 'kaspi.operator')
  await go(page, `#/operations/${op.seq}`, '[data-test=op-summary]')
  await page.locator('[data-test=op-dispute]').click()
  await expect(page).toHaveURL(new RegExp(`#/disputes/new\\?operation=${op.seq}$`))
  await expect(page.locator('[data-test=dispute-file] [data-test=dispute-operation]')).toHaveAttribute('data-seq', String(op.seq))
  await expect(page.locator('[data-test=dispute-file-submit]')).toBeEnabled()

  // Nothing is filed while the form lacks a reason.
  await page.locator('[data-test=dispute-file-submit]').click()
  await expect(page.locator('[data-test=dispute-file-error]')).toBeVisible()

  await page.locator('[data-test=dispute-file-reason]').click()
  await page.locator('[data-test=dispute-reason-FRAD]').click()
  await expect(page.locator('[data-test=dispute-file-reason-hint]')).not.toBeEmpty()
  await page.locator('textarea[data-test=dispute-file-description]').fill('Клиент не совершал этот перевод: карта была скомпрометирована, заявление клиента приложено.')
  // The receipt and the client's letter are added with their kinds; a file over 10 MB is refused by name.
  const evidence = page.locator('input[data-test=evidence-input-files]')
  await evidence.setInputFiles([
    { name: 'receipt-0425.txt', mimeType: 'text/plain', buffer: Buffer.from('ЧЕК 0425\nСумма: 5 513,00 KZT\nОДОБРЕНО 0000\n') },
    { name: 'client-letter.txt', mimeType: 'text/plain', buffer: Buffer.from('Прошу вернуть деньги: перевод я не совершал.') }
  ])
  await expect(page.locator('[data-test=evidence-item]')).toHaveCount(2)
  await expect(page.locator('[data-test=evidence-item][data-name="receipt-0425.txt"]')).toHaveAttribute('data-kind', 'receipt')
  await page.locator('[data-test=evidence-item][data-name="client-letter.txt"] [data-test=evidence-item-kind]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: 'Переписка' }).click()
  await expect(page.locator('[data-test=evidence-item][data-name="client-letter.txt"]')).toHaveAttribute('data-kind', 'correspondence')
  await evidence.setInputFiles({ name: 'camera-recording.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 7) })
  await expect(page.locator('[data-test=evidence-input-refused]')).toContainText('camera-recording.bin')
  await expect(page.locator('[data-test=evidence-item]')).toHaveCount(2)
  await noHorizontalScroll(page)
  await expect(page.locator('[data-test=dispute-file-error]')).toHaveCount(0)
  await scrollTo(page, '[data-test=dispute-file]')
  await page.screenshot({ path: `${SHOTS}/disputes-new-application.png` })
  await scrollTo(page, '[data-test=evidence-input]')
  await page.screenshot({ path: `${SHOTS}/disputes-new-application-evidence.png` })

  await page.locator('[data-test=dispute-file-submit]').click()
  const kase = page.locator('[data-test=dispute-case]')
  await expect(kase).toHaveAttribute('data-stage', 'application')
  await expect(kase).toHaveAttribute('data-role', 'applicant')
  const id = (await kase.getAttribute('data-id'))!
  const number = (await kase.getAttribute('data-number'))!
  expect(number).toMatch(/^DSP-\d{4}-\d{6}$/)
  await expect(page.locator('[data-test=dispute-evidence-row]')).toHaveCount(2)
  await expect(page.locator('[data-test=dispute-event][data-kind=filed]')).toHaveAttribute('data-actor', 'kaspi.operator')
  // The applicant may withdraw, not decide.
  await expect(page.locator('[data-test=dispute-withdraw]')).toBeVisible()
  await expect(page.locator('[data-test=dispute-decide]')).toHaveCount(0)
  await signOut(page)

  // The analyst: the case is in the queue; taken, then decided.
  await signIn(page, 'disputes')
  await openQueue(page)
  const queued = page.locator(`[data-test=dispute-row][data-id="${id}"]`)
  await expect(queued).toHaveAttribute('data-status', 'open')
  await expect(queued).toHaveAttribute('data-flag', 'on_time')
  await queued.locator('a').click()
  await expect(kase).toHaveAttribute('data-role', 'analyst')
  await expect(page.locator('[data-test=dispute-decide]')).toHaveCount(0)
  await page.locator('[data-test=dispute-take]').click()
  await page.locator('.el-message-box .el-button--primary').click()
  await expect(kase).toHaveAttribute('data-stage', 'review')
  await expect(page.locator('[data-test=dispute-analyst]')).toHaveText('disputes')

  // The evidence downloads decrypted, as it was given.
  await page.evaluate(() => {
    const original = URL.createObjectURL.bind(URL)
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      ;(window as unknown as { saved: Blob }).saved = blob as Blob
      return original(blob)
    }
  })
  const receipt = page.locator('[data-test=dispute-evidence-row][data-name="receipt-0425.txt"]')
  const receiptId = await receipt.getAttribute('data-id')
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-test=dispute-evidence-download][data-id="${receiptId}"]`).click()])
  expect(download.suggestedFilename()).toBe('receipt-0425.txt')
  expect(await page.evaluate(async () => (window as unknown as { saved: Blob }).saved.text())).toContain('ОДОБРЕНО 0000')

  // A cancelled PIN signs nothing and changes nothing; the page said where to type it.
  await page.locator('[data-test=dispute-decide]').click()
  const decide = page.locator('.el-dialog:has([data-test=dispute-decide-outcome])')
  await expect(decide.locator('[data-test=dispute-decide-explain]')).toHaveAttribute('data-outcome', 'accepted')
  await decide.locator('textarea[data-test=dispute-decide-grounds]').fill('Карта клиента скомпрометирована, перевод не был им разрешён; операция отзывается.')
  await decide.locator('[data-test=dispute-decide-submit]').click()
  await expect(decide.locator('[data-test=dispute-pin-wait]')).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/disputes-decide-pin-wait.png` })
  await enterPin(page, null)
  await expect(decide.locator('[data-test=dispute-decide-error]')).toHaveAttribute('data-rule', 'pin_cancelled')
  await expect(decide.locator('[data-test=dispute-pin-wait]')).toHaveCount(0)
  expect(db.prepare('SELECT status FROM operations WHERE seq = ?').pluck().get(op.seq)).toBe('accepted')
  expect(db.prepare('SELECT count(*) FROM dispute_decisions').pluck().get()).toBe(0)

  // With the PIN: signed, the case closes accepted, the operation is reversed.
  await decide.locator('[data-test=dispute-decide-submit]').click()
  await enterPin(page, DEMO_PIN)
  await expect(kase).toHaveAttribute('data-status', 'accepted')
  await expect(kase).toHaveAttribute('data-stage', 'closed')
  const decision = page.locator('[data-test=dispute-decision]')
  await expect(decision).toHaveAttribute('data-outcome', 'accepted')
  await expect(decision.locator('[data-test=dispute-decision-verification]')).toHaveAttribute('data-valid', 'true')
  await expect(decision.locator('[data-test=dispute-decision-signer]')).toHaveText('Gulnara Iskakova')
  await expect(page.locator('[data-test=dispute-decided]')).toHaveAttribute('data-amount', String(op.amountMinor))
  await expect(page.locator('[data-test=dispute-event]')).toHaveCount(5)
  await expect(page.locator('[data-test=dispute-event]').last()).toHaveAttribute('data-kind', 'decided')
  const reversalSeq = Number(await page.locator('[data-test=dispute-reversal]').getAttribute('data-seq'))
  expect(reversalSeq).toBeGreaterThan(op.seq)
  await quiet(page)
  await noHorizontalScroll(page)
  await page.screenshot({ path: `${SHOTS}/disputes-case-decided.png` })
  await scrollTo(page, '[data-test=dispute-timeline]')
  await page.screenshot({ path: `${SHOTS}/disputes-case-timeline.png` })

  // The journal: the original operation is reversed, the reversal is its related operation.
  await page.locator('[data-test=dispute-operation-link]').click()
  await expect(page).toHaveURL(new RegExp(`#/operations/${op.seq}$`))
  await expect(page.locator('[data-test=op-summary] [data-test=op-status]')).toHaveAttribute('data-status', 'reversed')
  await expect(page.locator(`[data-test=op-related-${reversalSeq}]`)).toBeVisible()
  await expect(page.locator('[data-test=op-dispute]')).toHaveCount(0)
  const reversal = db.prepare('SELECT op_day AS opDay, reason, original_seq AS originalSeq, source FROM operations WHERE seq = ?').get(reversalSeq) as { opDay: string; reason: string; originalSeq: number; source: string }
  expect(reversal).toMatchObject({ reason: 'reversal', originalSeq: op.seq, source: 'disputes' })
  // The bank obligation the reversal makes: from its interbank posting between two settlement positions.
  const leg = db
    .prepare(
      `SELECT dp.code AS payer, cp.code AS payee, p.amount_minor AS amountMinor FROM postings p
       JOIN accounts d ON d.id = p.debit_account AND d.kind = 'settlement' JOIN participants dp ON dp.id = d.participant_id
       JOIN accounts c ON c.id = p.credit_account AND c.kind = 'settlement' JOIN participants cp ON cp.id = c.participant_id
       WHERE p.operation_seq = ?`
    )
    .get(reversalSeq) as { payer: string; payee: string; amountMinor: number }
  expect(leg.amountMinor).toBe(op.amountMinor)
  await signOut(page)

  // The clearing officer closes the day by hand; the closed day is cleared with the reversal's obligation in it.
  await signIn(page, 'clearing')
  await expect(async () => {
    await page.locator('[data-test=nav-opday]').click()
    await expect(page.locator('[data-test=opday-open]')).toBeVisible({ timeout: 2_000 })
  }).toPass({ timeout: 15_000 })
  await expect(page.locator('[data-test=opday-open]')).toHaveAttribute('data-day', reversal.opDay)
  await page.locator('[data-test=opday-close]').click()
  await page.locator('textarea[data-test=opday-close-reason]').fill('Закрытие дня для проверки сторно по спору')
  await page.locator('[data-test=opday-close-submit]').click()
  await expect(page.locator('[data-test=opday-close-error]')).toHaveCount(0)
  await expect(page.locator('[data-test=opday-previous]')).toHaveAttribute('data-day', reversal.opDay, { timeout: 20_000 })
  await expect(page.locator('[data-test=opday-previous]')).toHaveAttribute('data-state', 'cleared', { timeout: 20_000 })
  const cleared = db.prepare('SELECT state, first_seq AS firstSeq, last_seq AS lastSeq FROM operational_days WHERE day = ?').get(reversal.opDay) as { state: string; firstSeq: number; lastSeq: number }
  expect(cleared.state).toBe('cleared')
  expect(reversalSeq).toBeGreaterThanOrEqual(cleared.firstSeq)
  expect(reversalSeq).toBeLessThanOrEqual(cleared.lastSeq)
  const cell = db.prepare('SELECT count, amount_minor AS amountMinor FROM clearing_matrix WHERE day = ? AND payer = ? AND payee = ? AND currency = ?').get(reversal.opDay, leg.payer, leg.payee, 'KZT') as { count: number; amountMinor: number }
  expect(cell.amountMinor).toBeGreaterThanOrEqual(op.amountMinor)

  // On screen: the day's matrix cell from the reversal's payer to its payee lists the reversal.
  await page.locator('[data-test=opday-previous-open]').click()
  await expect(page.locator(`[data-test=clearing-result][data-day="${reversal.opDay}"]`)).toBeVisible()
  await page.locator('#tab-matrix').click()
  await expect(page.locator('[data-test=clearing-matrix][data-currency=KZT]')).toBeVisible()
  await page.locator(`[data-test=clearing-matrix][data-currency=KZT] [data-test=matrix-cell][data-payer=${leg.payer}][data-payee=${leg.payee}]`).first().click()
  await expect(page.locator(`[data-test=cell-operation][data-seq="${reversalSeq}"]`)).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/disputes-reversal-in-clearing.png` })
})

test('Halyk’s viewer neither sees nor opens a case between Kaspi and another bank', async () => {
  const { page } = host
  const op = operationBetween('P004')
  await signIn(page, 'kaspi.operator')
  await go(page, '#/disputes', '[data-test=disputes-page]')
  const filed = await fileByCall(page, op.seq, '10.00', 'Двойное списание в пользу Bank CenterCredit')
  await page.locator('[data-test=disputes-refresh]').click()
  await expect(page.locator(`[data-test=dispute-row][data-id="${filed.id}"]`)).toBeVisible()
  await signOut(page)

  await signIn(page, 'halyk.viewer')
  await openQueue(page)
  await expect(page.locator('[data-test=disputes-empty]')).toBeVisible()
  await expect(page.locator(`[data-test=dispute-row][data-id="${filed.id}"]`)).toHaveCount(0)
  // A viewer files nothing, and the participant filter is for operator staff only.
  await expect(page.locator('[data-test=disputes-new]')).toHaveCount(0)
  await expect(page.locator('[data-test=disputes-filter-participant]')).toHaveCount(0)
  await page.evaluate((id) => {
    location.hash = `#/disputes/${id}`
  }, filed.id)
  await expect(page.locator('[data-test=dispute-refused]')).toBeVisible()
  await expect(page.locator('[data-test=dispute-timeline]')).toHaveCount(0)
  await expect(page.locator('[data-test=dispute-actions]')).toHaveAttribute('data-actions', '')
  // The backend refuses the evidence too.
  const refused = await page.evaluate(async (id) => window.api.disputes.evidence({ id, evidenceId: 1 }), filed.id)
  expect(refused.ok ? null : refused.error.code).toBe('OUT_OF_SCOPE')
  await quiet(page)
  await page.screenshot({ path: `${SHOTS}/disputes-refused-kk.png` })
})

test('the analyst’s queue puts the nearest deadline first and colours overdue and due-soon cases', async () => {
  const { page } = host
  const op = operationBetween('P002')
  const kaspi = host.workstation.db.prepare(`SELECT id FROM participants WHERE code = 'P001'`).pluck().get() as string

  // Kaspi's contract gets a one-day decision term: a case filed now is due within the due-soon window (2 days).
  await signIn(page, 'disputes')
  await go(page, '#/disputes', '[data-test=disputes-page]')
  const terms = await page.evaluate(
    async (participantId) => window.api.disputes.setTerms({ participantId, unit: 'calendar', filingDays: 120, answerDays: 10, decisionDays: 1, appealDays: 10 }),
    kaspi
  )
  expect(terms.ok).toBe(true)
  await signOut(page)

  await signIn(page, 'kaspi.operator')
  await go(page, '#/disputes', '[data-test=disputes-page]')
  const late = await fileByCall(page, op.seq, '10.00', 'Повторное списание: первый случай')
  const soon = await fileByCall(page, op.seq, '20.00', 'Повторное списание: второй случай')
  await signOut(page)
  // The first case is made overdue by moving its decision deadline an hour into the past (test data only: the
  // clock is not moved, so the sessions and the day's close are not disturbed).
  host.workstation.db.prepare('UPDATE disputes SET decide_by = ? WHERE id = ?').run(host.clock.now() - HOUR, late.id)

  await signIn(page, 'disputes')
  await openQueue(page)
  const rows = page.locator('[data-test=dispute-row]')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(0)).toHaveAttribute('data-id', late.id)
  await expect(rows.nth(0)).toHaveAttribute('data-flag', 'overdue')
  await expect(rows.nth(1)).toHaveAttribute('data-id', soon.id)
  await expect(rows.nth(1)).toHaveAttribute('data-flag', 'due_soon')
  await expect(page.locator('.el-table__row.row-overdue')).toHaveCount(1)
  await expect(page.locator('.el-table__row.row-due-soon')).toHaveCount(1)
  const red = await page.locator('.el-table__row.row-overdue [data-test=dispute-deadline] .when').evaluate((el) => getComputedStyle(el).color)
  const amber = await page.locator('.el-table__row.row-due-soon [data-test=dispute-deadline] .when').evaluate((el) => getComputedStyle(el).color)
  expect(red).not.toBe(amber)
  await expect(page.locator('[data-test=sla-overdue]')).toHaveText('1')
  await expect(page.locator('[data-test=sla-due-soon]')).toHaveText('1')
  await expect(page.locator('[data-test=disputes-status-open]')).toHaveAttribute('data-count', '2')

  // The deadline filter keeps only the overdue case.
  await page.locator('[data-test=disputes-filter-flag]').click()
  await page.locator('[data-test=disputes-flag-overdue]').click()
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toHaveAttribute('data-id', late.id)
  await page.locator('[data-test=disputes-filter-reset]').click()
  await expect(rows).toHaveCount(2)
  await quiet(page)
  await noHorizontalScroll(page)
  await page.screenshot({ path: `${SHOTS}/disputes-queue-kk.png` })
})

test('the analyst takes a case offline as a signed, encrypted bundle; an altered bundle is refused on import', async () => {
  const { page } = host
  const op = operationBetween('P002')
  await signIn(page, 'kaspi.operator')
  await go(page, '#/disputes', '[data-test=disputes-page]')
  const filed = await fileByCall(page, op.seq, '15.00', 'Повторное списание, нужна проверка журнала терминала')
  await signOut(page)

  await signIn(page, 'disputes')
  await go(page, `#/disputes/${filed.id}`, '[data-test=dispute-take]')
  // Offline work starts once the case is in review.
  await expect(page.locator('[data-test=dispute-export]')).toHaveCount(0)
  await page.locator('[data-test=dispute-take]').click()
  await page.locator('.el-message-box .el-button--primary').click()
  const kase = page.locator('[data-test=dispute-case]')
  await expect(kase).toHaveAttribute('data-stage', 'review')

  // A finding goes on the timeline.
  await page.locator('[data-test=dispute-finding]').click()
  await page.locator('textarea[data-test=dispute-finding-text]').fill('Журнал терминала показывает одно одобрение')
  await page.locator('[data-test=dispute-finding-submit]').click()
  await expect(page.locator('[data-test=dispute-event][data-kind=finding]')).toHaveCount(1)

  await page.evaluate(() => {
    const original = URL.createObjectURL.bind(URL)
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      ;(window as unknown as { saved: Blob }).saved = blob as Blob
      return original(blob)
    }
  })
  await quiet(page)
  await page.locator('[data-test=dispute-export]').click()
  const dialog = page.locator('.el-dialog:has([data-test=dispute-export-certificate])')
  // Without a certificate nothing is asked of the key.
  await dialog.locator('[data-test=dispute-export-submit]').click()
  await expect(dialog.locator('[data-test=dispute-export-error]')).toBeVisible()
  await dialog.locator('[data-test=dispute-export-mine]').click()
  await expect(dialog.locator('textarea[data-test=dispute-export-certificate]')).toHaveValue(/-----BEGIN CERTIFICATE-----/)
  await page.screenshot({ path: `${SHOTS}/disputes-export-dialog.png` })
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    (async () => {
      await dialog.locator('[data-test=dispute-export-submit]').click()
      await expect(dialog.locator('[data-test=dispute-pin-wait]')).toHaveAttribute('data-purpose', 'export')
      await enterPin(page, DEMO_PIN)
    })()
  ])
  expect(download.suggestedFilename()).toBe(`${filed.number}-v2.p7m`)
  await expect(page.locator('[data-test=dispute-event][data-kind=bundle_exported]')).toHaveCount(1)
  const base64 = await page.evaluate(async () => {
    const bytes = new Uint8Array(await (window as unknown as { saved: Blob }).saved.arrayBuffer())
    let binary = ''
    for (const b of bytes) binary += String.fromCharCode(b)
    return btoa(binary)
  })
  const bundle = Buffer.from(base64, 'base64')
  expect(bundle[0]).toBe(0x30)

  // One byte changed inside the encrypted content: the import refuses it and the case stays as it was.
  const altered = Buffer.from(bundle)
  altered[altered.length - 40] ^= 0x01
  await page.locator('[data-test=dispute-back]').click()
  await page.locator('[data-test=disputes-import]').click()
  const importing = page.locator('.el-dialog:has([data-test=dispute-import-choose])')
  await importing.locator('input[data-test=dispute-import-file]').setInputFiles({ name: `${filed.number}-v2.p7m`, mimeType: 'application/pkcs7-mime', buffer: altered })
  await expect(importing.locator('[data-test=dispute-import-name]')).toContainText(`${filed.number}-v2.p7m`)
  await importing.locator('[data-test=dispute-import-submit]').click()
  await enterPin(page, DEMO_PIN)
  await expect(importing.locator('[data-test=dispute-import-error]')).toContainText('Пакет қабылданбады')
  await expect(importing.locator('[data-test=dispute-import-result]')).toHaveCount(0)
  await quiet(page)
  await page.screenshot({ path: `${SHOTS}/disputes-import-refused.png` })
  expect(host.workstation.db.prepare(`SELECT count(*) FROM dispute_events WHERE kind = 'bundle_imported'`).pluck().get()).toBe(0)
})

test('the analyst sets Kaspi’s dispute terms; the auditor sees the terms read-only', async () => {
  const { page } = host
  const db = host.workstation.db

  await signIn(page, 'disputes')
  await openQueue(page)
  await page.locator('[data-test=disputes-terms]').click()
  const terms = page.locator('.el-dialog:has([data-test=dispute-terms-table])')
  await expect(terms.locator('[data-test=dispute-terms-row][data-participant=default]')).toBeVisible()
  await expect(terms.locator('[data-test=dispute-terms-row][data-participant=P001]')).toHaveCount(0)

  // Kaspi's contract: operational days, a five-day decision; the form starts from the default terms.
  await terms.locator('[data-test=dispute-terms-add]').click()
  const edit = page.locator('.el-dialog:has([data-test=dispute-terms-whose])')
  await expect(edit.locator('[data-test=dispute-terms-whose]')).toBeVisible()
  // Whose terms must be chosen first.
  await edit.locator('[data-test=dispute-terms-save]').click()
  await expect(edit.locator('[data-test=dispute-terms-error]')).toBeVisible()
  await edit.locator('[data-test=dispute-terms-whose]').click()
  await page.locator('[data-test=dispute-terms-whose-P001]').click()
  await edit.locator('[data-test=dispute-terms-unit]').click()
  await page.locator('[data-test=dispute-terms-unit-operational]').click()
  await expect(edit.locator('[data-test=dispute-terms-unit-hint]')).toContainText('24:00')
  const decision = edit.locator('[data-test=dispute-terms-decisionDays] input')
  await decision.fill('5')
  await decision.press('Tab')
  await expect(decision).toHaveValue('5')
  await quiet(page)
  await page.screenshot({ path: `${SHOTS}/disputes-terms-edit.png` })
  await edit.locator('[data-test=dispute-terms-save]').click()
  await expect(edit).toBeHidden()

  const kaspi = terms.locator('[data-test=dispute-terms-row][data-participant=P001]')
  await expect(kaspi).toHaveAttribute('data-unit', 'operational')
  await expect(kaspi).toHaveAttribute('data-decision', '5')
  await expect(kaspi).toContainText('P001')
  const stored = db
    .prepare(`SELECT t.unit, t.decision_days AS decisionDays FROM dispute_terms t JOIN participants p ON p.id = t.participant_id WHERE p.code = 'P001'`)
    .get() as { unit: string; decisionDays: number }
  expect(stored).toEqual({ unit: 'operational', decisionDays: 5 })
  await quiet(page)
  await noHorizontalScroll(page)
  await page.screenshot({ path: `${SHOTS}/disputes-terms.png` })
  await terms.locator('[data-test=dispute-terms-close]').click()
  await expect(terms).toBeHidden()
  await signOut(page)

  // The auditor reads the same terms and changes nothing.
  await signIn(page, 'auditor')
  await openQueue(page)
  await page.locator('[data-test=disputes-terms]').click()
  await expect(terms.locator('[data-test=dispute-terms-row][data-participant=P001]')).toHaveAttribute('data-decision', '5')
  await expect(terms.locator('[data-test=dispute-terms-row][data-participant=default]')).toBeVisible()
  await expect(terms.locator('[data-test=dispute-terms-add]')).toHaveCount(0)
  await expect(terms.locator('[data-test^=dispute-terms-edit-]')).toHaveCount(0)
  await quiet(page)
  await page.screenshot({ path: `${SHOTS}/disputes-terms-readonly.png` })
})
