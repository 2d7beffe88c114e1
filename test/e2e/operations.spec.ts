// The operations journal, an operation's detail and the overview's live panel (issue 3, R7.5, R3.1.1):
// filters and live arrival, the grid fitting a 1366 px screen in kk, ru and en, checks / postings /
// confirmations / payment document, reversal, a refusal worded in the user's language, and a participant's
// staff seeing only their bank's operations.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import type { Account, AuthorizationAnswer, AuthorizationRequest } from '../../src/core/api/types'
import { chooseLocale, settle, signIn, startHost, type RunningHost } from './support/host'

let host: RunningHost
test.beforeEach(async () => {
  host = await startHost()
})
test.afterEach(async () => {
  await host.close()
})

/** Submits an operation through the same call the cash desk uses (the operator holds operations.manage). */
async function submit(page: Page, request: AuthorizationRequest): Promise<AuthorizationAnswer> {
  return page.evaluate(async (r) => {
    const answer = await window.api.operations.submit(r)
    if (!answer.ok) throw new Error(JSON.stringify(answer.error))
    return answer.value
  }, request)
}

/** The QR code of an active instrument on the account: how a terminal names its payer (R7.3; requisites only for cash). */
async function instrumentQr(page: Page, iban: string): Promise<string> {
  return page.evaluate(async (iban) => {
    const list = await window.api.instruments.list({})
    if (!list.ok) throw new Error(JSON.stringify(list.error))
    const instrument = list.value.find((i) => i.iban === iban && i.status === 'active')
    if (!instrument) throw new Error(`no active instrument on ${iban}`)
    const qr = await window.api.instruments.qr({ instrumentId: instrument.id })
    if (!qr.ok) throw new Error(JSON.stringify(qr.error))
    return qr.value.payload
  }, iban)
}

/** Two open KZT client accounts at different banks, the payer with money and no per-operation limit if possible. */
async function twoAccounts(page: Page): Promise<{ payer: Account; payee: Account }> {
  const accounts = await page.evaluate(async () => {
    const r = await window.api.accounts.list({ kind: 'client' })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return r.value
  })
  const open = accounts.filter((a) => a.status === 'open' && a.currency === 'KZT')
  const rich = open.filter((a) => a.availableMinor >= 1_000_000).sort((a, b) => Number(a.limitPerOpMinor !== null) - Number(b.limitPerOpMinor !== null))
  const payer = rich[0]
  const payee = open.find((a) => payer && a.participantId !== payer.participantId) ?? open.find((a) => a.id !== payer?.id)
  if (!payer || !payee) throw new Error(`the demo seed has no two usable KZT client accounts (${open.length} open)`)
  return { payer, payee }
}

const transfer = (id: string, payer: Account, payee: Account, amount: string): AuthorizationRequest => ({
  requestId: id,
  type: 'transfer',
  channel: 'app',
  payer: { iban: payer.iban },
  payee: { iban: payee.iban },
  amount,
  currency: 'KZT'
})

async function openJournal(page: Page): Promise<void> {
  await page.locator('[data-test=nav-operations]').click()
  await expect(page.locator('[data-test=operation-row]').first()).toBeVisible()
  await expect(page.locator('[data-test=operations-table] .el-loading-mask')).toHaveCount(0)
}

/** An operational day (2026-12-07) as the screens write it in Russian, the demo users' language: 07.12.2026. */
const dayText = (day: string): string => day.split('-').reverse().join('.')

const row = (page: Page, seq: number | null) => page.locator(`[data-test=operation-row][data-seq="${seq}"]`)
const summaryStatus = (page: Page) => page.locator('[data-test=op-summary] [data-test=op-status]')

test('the operator filters the journal by type and status, and a new operation appears at the top by itself', async () => {
  const { page } = host
  await signIn(page, 'operator')
  const { payer, payee } = await twoAccounts(page)
  const before = await submit(page, transfer('e2e-live-0', payer, payee, '150.00'))
  expect(before).toMatchObject({ status: 'accepted', resultCode: '0000' })

  // The overview's live panel counts the open day's operations and follows new ones (polled every 3 s).
  const accepted = page.locator('[data-test=overview-accepted]')
  await expect(accepted).toBeVisible()
  const acceptedBefore = Number(await accepted.getAttribute('data-value'))
  await expect(page.locator('[data-test=overview-op-day]')).toContainText(dayText(before.opDay!))

  await openJournal(page)
  // Each row's operational day under its time, written as a date is (07.12.2026), not as the core sends it.
  await expect(row(page, before.operation)).toContainText(dayText(before.opDay!))
  await expect(row(page, before.operation)).not.toContainText(before.opDay!)
  await page.screenshot({ path: 'test-results/operations-journal.png' })
  await page.locator('[data-test=operations-filter-type]').click()
  await page.locator('[data-test=operations-type-transfer]').click()
  await page.locator('[data-test=operations-filter-status]').click()
  await page.locator('[data-test=operations-status-accepted]').click()
  await expect(row(page, before.operation)).toBeVisible()
  const shown = () => page.locator('[data-test=operation-row]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-type')}/${e.getAttribute('data-status')}`))
  await expect.poll(async () => [...new Set(await shown())]).toEqual(['transfer/accepted'])

  // Meanwhile a refused payment and an accepted transfer arrive: the transfer shows up first, the refusal not at all.
  const refused = await submit(page, { ...transfer('e2e-live-1', payer, payee, '999999999.00') })
  expect(refused.status).toBe('refused')
  const fresh = await submit(page, transfer('e2e-live-2', payer, payee, '175.50'))
  expect(fresh.status).toBe('accepted')
  await expect(row(page, fresh.operation)).toBeVisible({ timeout: 8_000 })
  expect(await page.locator('[data-test=operation-row]').first().getAttribute('data-seq')).toBe(String(fresh.operation))
  await expect(row(page, refused.operation)).toHaveCount(0)
  await expect(page.locator('[data-test=operations-new]')).toBeVisible()
  await expect.poll(async () => [...new Set(await shown())]).toEqual(['transfer/accepted'])

  // Paused: what arrives waits behind the "N new" button until asked for.
  await page.locator('[data-test=operations-new]').click()
  await page.locator('[data-test=operations-live]').click()
  const waiting = await submit(page, transfer('e2e-live-3', payer, payee, '12.00'))
  await expect(page.locator('[data-test=operations-new]')).toHaveAttribute('data-count', '1', { timeout: 8_000 })
  await expect(row(page, waiting.operation)).toHaveCount(0)
  await page.locator('[data-test=operations-new]').click()
  await expect(row(page, waiting.operation)).toBeVisible()
  await page.screenshot({ path: 'test-results/operations-journal-filtered.png' })

  // "Load older" appends the next keyset page when there is one.
  await page.locator('[data-test=operations-reset]').click()
  const older = page.locator('[data-test=operations-older]')
  if (await older.isVisible()) {
    const count = Number(await page.locator('[data-test=operations-table]').getAttribute('data-count'))
    await older.click()
    await expect.poll(async () => Number(await page.locator('[data-test=operations-table]').getAttribute('data-count'))).toBeGreaterThan(count)
  }

  await page.locator('[data-test=nav-overview]').click()
  await expect.poll(async () => Number(await accepted.getAttribute('data-value')), { timeout: 8_000 }).toBeGreaterThanOrEqual(acceptedBefore + 2)
  await expect(page.locator('[data-test=overview-last]')).toHaveAttribute('data-value', String(waiting.operation))
  // By type, accepted and refused apart: the refusal above is counted as one, not added to the accepted (polled: the panels read every few seconds).
  const byTypeAgrees = (table: string) => async () => {
    const stats = await page.evaluate(async () => {
      const r = await window.api.operations.stats({})
      if (!r.ok) throw new Error(JSON.stringify(r.error))
      return r.value
    })
    const transfers = stats.byType.find((g) => g.type === 'transfer' && g.currency === 'KZT')
    if (!transfers || transfers.refused < 1) return 'no refused transfer counted'
    const cell = (what: string) => page.locator(`[data-test=${table}] [data-test=by-type-${what}][data-key="transfer KZT"]`).textContent()
    return [await cell('accepted'), await cell('refused')].join(' / ') === `${transfers.count - transfers.refused} / ${transfers.refused}` || 'the panel differs'
  }
  await expect.poll(byTypeAgrees('overview-by-type'), { timeout: 8_000 }).toBe(true)
  await page.screenshot({ path: 'test-results/overview-live.png' })
  // The operational day's console shows the same table.
  await page.locator('[data-test=nav-opday]').click()
  await expect.poll(byTypeAgrees('opday-bytype'), { timeout: 8_000 }).toBe(true)
  // The history's row of the open day counts its operations as the live figures do, and follows a new one.
  const dayTotal = () =>
    page.evaluate(async () => {
      const r = await window.api.operations.stats({})
      if (!r.ok) throw new Error(JSON.stringify(r.error))
      return r.value.accepted + r.value.refused
    })
  const openCount = page.locator(`[data-test=opday-history-count][data-day="${before.opDay}"]`)
  const total = await dayTotal()
  expect(total).toBeGreaterThanOrEqual(4)
  await expect(openCount).toHaveAttribute('data-value', String(total))
  await submit(page, transfer('e2e-live-4', payer, payee, '13.00'))
  await expect(openCount).toHaveAttribute('data-value', String(total + 1), { timeout: 8_000 })
  await page.screenshot({ path: 'test-results/opday-live.png' })
})

test('the operator finds one terminal’s operations, page after page, and a new one there arrives at the top (R7.5)', async () => {
  const { page } = host
  await signIn(page, 'operator')
  const { payee } = await twoAccounts(page)
  // Two certified ATMs of the demo, by the operations made at them.
  const codes = await page.evaluate(async () => {
    const r = await window.api.operations.list({ type: 'cash_withdrawal', limit: 500 })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return [...new Set(r.value.rows.map((o) => o.terminalCode).filter((c): c is string => c !== null))].sort()
  })
  expect(codes.length).toBeGreaterThanOrEqual(2)
  const [here, there] = codes as [string, string]
  const atTerminal = (terminal: string, id: string): AuthorizationRequest => ({ requestId: id, type: 'top_up', channel: 'terminal', terminal, payee: { iban: payee.iban }, amount: '5000.00', currency: 'KZT' })
  expect((await submit(page, atTerminal(here, 'e2e-term-0'))).status).toBe('accepted')

  await openJournal(page)
  await page.locator('[data-test=operations-filter-terminal]').fill(here)
  await page.locator('[data-test=operations-filter-terminal]').press('Enter')
  const terminals = () => page.locator('[data-test=operation-row]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-terminal')))])
  await expect.poll(terminals).toEqual([here])
  // Every operation of the terminal, as the journal's call finds them page by page (keyset below the last one).
  const all = await page.evaluate(async (terminal) => {
    const seqs: number[] = []
    for (let before: number | undefined; ; ) {
      const r = await window.api.operations.list({ terminal, limit: 10, ...(before ? { beforeSeq: before } : {}) })
      if (!r.ok) throw new Error(JSON.stringify(r.error))
      seqs.push(...r.value.rows.map((o) => o.seq))
      if (r.value.rows.length < 10) return seqs
      before = r.value.rows.at(-1)!.seq
    }
  }, here)
  expect(all.length).toBeGreaterThan(10)
  const shown = () => page.locator('[data-test=operation-row]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))))
  await expect.poll(shown).toEqual(all.slice(0, (await shown()).length))

  // A filter the call refuses is said under the form and not taken: the rows stay the terminal's, and so does the live feed below.
  const refused = page.locator('[data-test=operations-filter-refused]')
  const amountMin = page.locator('[data-test=operations-filter-amount-min]')
  const amountMax = page.locator('[data-test=operations-filter-amount-max]')
  await amountMin.fill('abc')
  await amountMin.press('Enter')
  await expect(refused).toContainText('Сумма от: неверный формат')
  await expect(refused).toContainText('показывает операции предыдущего фильтра')
  await expect.poll(shown).toEqual(all.slice(0, (await shown()).length))
  await amountMin.fill('500')
  await amountMax.fill('100')
  await amountMax.press('Enter')
  await expect(refused).toContainText('Сумма от: не может быть больше, чем «Сумма до»')
  await expect.poll(terminals).toEqual([here])

  // One arrives at this terminal and one at another: only this terminal's shows, at the top.
  const other = await submit(page, atTerminal(there, 'e2e-term-1'))
  const mine = await submit(page, atTerminal(here, 'e2e-term-2'))
  await expect(row(page, mine.operation)).toBeVisible({ timeout: 8_000 })
  expect(await page.locator('[data-test=operation-row]').first().getAttribute('data-seq')).toBe(String(mine.operation))
  await expect(row(page, other.operation)).toHaveCount(0)
  await expect.poll(terminals).toEqual([here])
  await page.screenshot({ path: 'test-results/operations-journal-terminal.png' })
  // Put right, the filter is taken and the refusal goes.
  await amountMin.fill('')
  await amountMax.fill('')
  await amountMax.press('Enter')
  await expect(refused).toHaveCount(0)
  await expect.poll(terminals).toEqual([here])

  // The day filter is typed and shown as the journal writes days (07.12.2026), and keeps the journal to that day.
  const picker = page.locator('[data-test=operations-filters] .el-date-editor input')
  // Empty, it asks for a day as the journal writes days, in the user's letters.
  for (const [locale, hint] of [['kk', 'КК.АА.ЖЖЖЖ'], ['en', 'DD/MM/YYYY'], ['ru', 'ДД.ММ.ГГГГ']] as const) {
    await chooseLocale(page, locale)
    await expect(picker).toHaveAttribute('placeholder', hint)
    // Read whole: the hint's width in the field's font fits the room the field gives its text.
    const room = await picker.evaluate((e: HTMLInputElement) => {
      const style = getComputedStyle(e)
      const context = document.createElement('canvas').getContext('2d')!
      context.font = style.font
      return e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - context.measureText(e.placeholder).width
    })
    expect(room, locale).toBeGreaterThanOrEqual(0)
  }
  await picker.fill(dayText(mine.opDay!))
  await picker.press('Enter')
  await expect(picker).toHaveValue(dayText(mine.opDay!))
  await expect(row(page, mine.operation)).toBeVisible()
})

/** What of the journal does not fit its grid: the width scrolled sideways, and the headers and cells cut short. */
const journalFit = (page: Page) =>
  page.locator('[data-test=operations-table]').evaluate((grid) => {
    const body = grid.querySelector('.el-table-v2__main .el-table-v2__body > div')!
    const cells = grid.querySelectorAll('.el-table-v2__header-cell, .el-table-v2__header-cell *, .el-table-v2__row-cell, .el-table-v2__row-cell *')
    const cut = Array.from(cells).filter((e) => e.scrollWidth > e.clientWidth).map((e) => (e as HTMLElement).innerText)
    return { overflow: body.scrollWidth - body.clientWidth, cut }
  })

/** The texts of the journal's filter choices (an "any" placeholder or a chosen value) cut short by their field. */
const filtersCut = (page: Page) =>
  page.locator('[data-test=operations-filters] .el-select__placeholder').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => (e as HTMLElement).innerText))

test('the journal fits a 1366 px screen in kk, ru and en, and on a narrower one the № column stays put', async () => {
  const { page } = host
  await signIn(page, 'operator')
  await openJournal(page)
  const header = (key: string) => page.locator(`[data-test=operations-table] .el-table-v2__header-cell[data-key=${key}]`)
  for (const [locale, iin] of [['kk', 'ЖСН'], ['en', 'IIN'], ['ru', 'ИИН']] as const) {
    await chooseLocale(page, locale)
    await expect(header('iin')).toHaveText(iin)
    await expect.poll(() => journalFit(page), { message: locale }).toEqual({ overflow: 0, cut: [] })
    // The filters' choices are read whole, the longest "any" too (kk «Кез келген»).
    expect(await filtersCut(page), locale).toEqual([])
    const pan = await header('pan').boundingBox()
    expect(pan!.x + pan!.width).toBeLessThanOrEqual(page.viewportSize()!.width)
    if (locale === 'kk') {
      // Figures as Kazakhstan writes them, whatever Kazakh data the engine's ICU has: 2 500,00 KZT.
      await expect(page.locator('[data-test=operations-table] .amount').first()).toHaveText(/^\d{1,3}(\s\d{3})*,\d{2}\sKZT$/)
      await page.screenshot({ path: 'test-results/operations-journal-kk.png' })
    }
  }

  // Narrower: the grid scrolls sideways and the operation's number stays at its left edge.
  await page.setViewportSize({ width: 1100, height: 800 })
  await expect.poll(async () => (await journalFit(page)).overflow).toBeGreaterThan(0)
  const grid = (await page.locator('[data-test=operations-table]').boundingBox())!
  const firstSeq = page.locator('[data-test=operations-table] .el-table-v2__left .seq').first()
  await page.mouse.move(grid.x + grid.width / 2, grid.y + grid.height / 2)
  await page.mouse.wheel(400, 0)
  await expect.poll(async () => (await header('receivedAt').boundingBox())!.x).toBeLessThan(grid.x)
  await expect(firstSeq).toBeVisible()
  expect((await firstSeq.boundingBox())!.x).toBeGreaterThan(grid.x)
})

test('a 9-digit № is shown whole: the column widens with the numbers', async () => {
  const { page, workstation } = host
  await signIn(page, 'operator')
  // Months of national volume: the operations' numbers past 100,000,000. The newest row is copied under
  // 123,456,788 (its own requestId and no document), so the Center numbers the next one 123,456,789.
  const last = workstation.db.prepare('SELECT * FROM operations ORDER BY seq DESC LIMIT 1').get() as Record<string, unknown>
  const copy = { ...last, seq: 123_456_788, request_id: 'e2e-wide-seq', document_no: null }
  const names = Object.keys(copy)
  workstation.db.prepare(`INSERT INTO operations (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(copy)
  const { payer, payee } = await twoAccounts(page)
  const wide = await submit(page, transfer('e2e-wide-1', payer, payee, '10.00'))
  expect(wide.operation).toBe(123_456_789)
  await openJournal(page)
  const cell = page.locator(`[data-test=operations-table] .el-table-v2__left [data-test=operation-${wide.operation}]`)
  await expect(cell).toHaveText('123456789')
  // Not cut: the text fits its cell.
  await expect.poll(() => cell.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true)
  await page.screenshot({ path: 'test-results/operations-journal-wide-seq.png' })
})

test('the operator opens an accepted operation, prints its payment document and reverses it', async () => {
  const { page } = host
  await signIn(page, 'operator')
  const { payer, payee } = await twoAccounts(page)
  const answer = await submit(page, transfer('e2e-detail-1', payer, payee, '2500.00'))
  expect(answer).toMatchObject({ status: 'accepted', resultCode: '0000' })
  expect(answer.documentNo).toBeTruthy()
  // The desk's relay delivers the confirmations within seconds; the page then shows when each was delivered.
  const delivered = () =>
    page.evaluate(async (seq) => {
      const r = await window.api.operations.get({ seq })
      return r.ok && r.value.confirmations.length > 0 && r.value.confirmations.every((c) => c.deliveredAt !== null)
    }, answer.operation!)
  await expect.poll(delivered, { timeout: 15_000 }).toBe(true)

  await openJournal(page)
  await row(page, answer.operation).click()
  await expect(summaryStatus(page)).toHaveAttribute('data-status', 'accepted')
  await expect(page.locator('[data-test=op-result]')).toHaveAttribute('data-code', '0000')
  const checks = page.locator('[data-test=op-check]')
  expect(await checks.count()).toBeGreaterThan(2)
  await expect(page.locator('[data-test=op-check][data-ok=false]')).toHaveCount(0)
  expect(await page.locator('[data-test=op-postings] tbody tr').count()).toBeGreaterThanOrEqual(2)
  // The # column numbers the postings in their operation: 1, 2 …
  await expect(page.locator('[data-test=op-postings] tbody tr td:first-child')).toHaveText(['1', '2'])
  await expect(page.locator('[data-test=op-confirmation][data-destination=settlement-bank]')).toBeVisible()
  await expect(page.locator('[data-test=op-confirmation][data-destination^="participant:P"]').first()).toBeVisible()
  // Each confirmation's delivery is read whole, «доставлено 08.12.2026, 02:50:51» with its time, in Russian and in Kazakh.
  const confirmationsCut = () =>
    page.locator('[data-test=op-confirmations] tbody .cell').evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => (c as HTMLElement).innerText))
  await expect(page.locator('[data-test=op-confirmations] .el-tag--warning')).toHaveCount(0)
  expect(await confirmationsCut()).toEqual([])
  await chooseLocale(page, 'kk')
  await expect(page.locator('[data-test=op-confirmations]')).toContainText('жеткізілді')
  expect(await confirmationsCut()).toEqual([])
  await chooseLocale(page, 'ru')
  await expect(page.locator('[data-test=op-confirmations]')).toContainText('доставлено')
  await expect(page.locator('[data-test=doc-number]')).toContainText(answer.documentNo!)
  await expect(page.locator('[data-test=doc-payer]')).toContainText(payer.iban)
  await expect(page.locator('[data-test=doc-payee]')).toContainText(payee.iban)
  // The operational day as the clearing screens write it (07.12.2026), in the summary and on the document.
  const opDay = answer.opDay!
  await expect(page.locator('[data-test=op-summary] [data-test=op-day]')).toHaveText(dayText(opDay))
  await expect(page.locator('[data-test=op-summary]')).not.toContainText(opDay)
  await expect(page.locator('[data-test=payment-document] [data-test=doc-op-day]')).toHaveText(dayText(opDay))
  await expect(page.locator('[data-test=payment-document]')).not.toContainText(opDay)
  // A taller window, so the screenshot holds the whole detail (checks, postings, confirmations, document).
  await page.setViewportSize({ width: 1366, height: 1900 })
  await page.screenshot({ path: 'test-results/operation-detail.png' })
  await page.setViewportSize({ width: 1366, height: 800 })

  // Print: the browser's print is asked for, and the print stylesheet leaves the document alone on the page.
  await page.evaluate(() => {
    ;(window as unknown as { printed: number }).printed = 0
    window.print = () => void ((window as unknown as { printed: number }).printed += 1)
  })
  await page.locator('[data-test=doc-print]').click()
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1)
  await page.emulateMedia({ media: 'print' })
  await expect(page.locator('[data-test=op-postings]')).toBeHidden()
  await expect(page.locator('[data-test=doc-print]')).toBeHidden()
  await expect(page.locator('[data-test=payment-document]')).toBeVisible()
  await page.screenshot({ path: 'test-results/payment-document.png' })
  // Printed to A4 (R7.5.6): one page, every label and value of the document in the PDF's text, nothing cut.
  const pdf = join(test.info().outputDir, 'payment-document.pdf')
  await page.pdf({ path: pdf, format: 'A4' })
  expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/^Pages:\s+1$/m)
  const words = (text: string): string => text.replace(/\s+/g, ' ').trim()
  const printed = words(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }))
  const fields = await page.locator('[data-test=payment-document]').locator('h2, .doc-number, th, td, caption, .doc-amount > *, .doc-foot').allInnerTexts()
  expect(fields.length).toBeGreaterThan(20)
  // -layout keeps each line's order; a field that wraps in its cell is read word by word.
  for (const field of fields) for (const word of words(field).split(' ')) expect(printed, field).toContain(word)
  // Within a printer's reach: every word at least 10 mm (28 pt) from the sheet's edges; it was printed against them.
  const boxes = [...execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' }).matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/g)].map((m) => m.slice(1).map(Number))
  const [a4Width, a4Height] = [595.92, 842.88]
  expect(Math.min(...boxes.map(([xMin]) => xMin!))).toBeGreaterThanOrEqual(28)
  expect(Math.min(...boxes.map(([, yMin]) => yMin!))).toBeGreaterThanOrEqual(28)
  expect(Math.max(...boxes.map(([, , xMax]) => xMax!))).toBeLessThanOrEqual(a4Width - 28)
  expect(Math.max(...boxes.map(([, , , yMax]) => yMax!))).toBeLessThanOrEqual(a4Height - 28)
  await page.emulateMedia({ media: 'screen' })

  await page.locator('[data-test=op-reverse]').click()
  await page.locator('.el-message-box__input input').fill('Client dispute: charged twice')
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await expect(summaryStatus(page)).toHaveAttribute('data-status', 'reversed')
  await expect(page.locator('[data-test=op-reverse]')).toHaveCount(0)
  const related = page.locator('[data-test=op-related] [data-test^=op-related-]')
  await expect(related).toHaveCount(1)
  // Beside its document, which stays as formed, the original says it was reversed, by which operation (a link to
  // it) and document, in Russian and in Kazakh (R7.5.6).
  const undone = page.locator('[data-test=doc-undone]')
  await expect(undone).toHaveAttribute('data-kind', 'reversed')
  await expect(undone).toContainText('Операция сторнирована')
  const reversalSeq = (await related.getAttribute('data-test'))!.replace('op-related-', '')
  await expect(undone.locator(`[data-test=doc-undone-${reversalSeq}]`)).toHaveText(`№ ${reversalSeq}`)
  await expect(page.locator('[data-test=doc-number]')).toContainText(answer.documentNo!)
  await expect(page.locator('[data-test=payment-document]')).not.toContainText('сторн')
  const notice = await undone.innerText()
  await page.setViewportSize({ width: 1366, height: 768 })
  await undone.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/operation-reversed-document.png' })
  await chooseLocale(page, 'kk')
  await expect(undone).toContainText('сторнирленді')
  await page.screenshot({ path: 'test-results/operation-reversed-document-kk.png' })
  await chooseLocale(page, 'ru')
  await related.click()
  await expect(page.locator('[data-test=op-result]')).toHaveAttribute('data-code', '4000')
  await expect(page.locator(`[data-test=op-related-${answer.operation}]`)).toBeVisible()
  // The reversal's own document: the money goes back, from the payee to the payer, against the first document.
  await expect(page.locator('[data-test=doc-payer]')).toContainText(payee.iban)
  await expect(page.locator('[data-test=doc-payee]')).toContainText(payer.iban)
  await expect(page.locator('[data-test=doc-gives-back]')).toContainText(answer.documentNo!)
  expect(notice).toContain(`документ ${await page.locator('[data-test=doc-number]').innerText()}`)
  // The reversal itself was undone by nothing.
  await expect(undone).toHaveCount(0)
  await page.locator('[data-test=payment-document]').screenshot({ path: 'test-results/reversal-document.png' })
  expect(await page.locator('[data-test=op-postings] tbody tr').count()).toBeGreaterThanOrEqual(2)

  // After the transfer and its reversal the ledger still balances.
  await page.locator('[data-test=op-back]').click()
  await page.locator('[data-test=ledger-verify]').click()
  await expect(page.locator('[data-test=ledger-verify-result]')).toHaveAttribute('data-balanced', 'true')
})

test('the operator completes a held payment for less: the hold says why it has no document yet, the completion carries it (R7.5)', async () => {
  const { page } = host
  await signIn(page, 'operator')
  const { payer } = await twoAccounts(page)
  const held = await submit(page, { requestId: 'e2e-hold-1', type: 'payment', channel: 'terminal', terminal: 'T000001', payer: { qr: await instrumentQr(page, payer.iban) }, amount: '1500.00', currency: 'KZT', twoPhase: true })
  expect(held).toMatchObject({ status: 'held', documentNo: null })

  await openJournal(page)
  await row(page, held.operation).click()
  await expect(summaryStatus(page)).toHaveAttribute('data-status', 'held')
  await expect(page.locator('[data-test=op-hold]')).toContainText('1 500,00')
  await expect(page.locator('[data-test=doc-none]')).toHaveAttribute('data-why', 'noneHeld')
  await expect(page.locator('[data-test=doc-none]')).toContainText('формируется при завершении')

  await page.locator('[data-test=op-complete]').click()
  // The prompt offers the held amount as the user writes it (1500,00), and takes one typed with grouped digits.
  await expect(page.locator('.el-message-box__input input')).toHaveValue('1500,00')
  await page.locator('.el-message-box__input input').fill('1 200,00')
  await page.locator('.el-message-box__btns .el-button--primary').click()
  await expect(summaryStatus(page)).toHaveAttribute('data-status', 'completed')
  await expect(page.locator('[data-test=doc-none]')).toHaveAttribute('data-why', 'noneCompleted')
  await expect(page.locator('[data-test=op-complete]')).toHaveCount(0)
  await expect(page.locator('[data-test=op-related]')).toContainText('Завершена операцией')
  await settle(page)
  await page.screenshot({ path: 'test-results/operation-completed-hold.png' })

  // The completion: 1,200 moved, and its payment document.
  await page.locator('[data-test=op-related] [data-test^=op-related-]').first().click()
  await expect(page.locator('[data-test=op-result]')).toHaveAttribute('data-code', '0000')
  await expect(page.locator('[data-test=doc-amount]')).toContainText('1 200,00')
  await expect(page.locator('[data-test=doc-payer]')).toContainText(payer.iban)
})

test('a refused operation shows the failed check and the result in the user’s language', async () => {
  const { page } = host
  await signIn(page, 'operator')
  const { payer, payee } = await twoAccounts(page)
  const amount = ((payer.availableMinor + 100_000_000) / 100).toFixed(2)
  const answer = await submit(page, transfer('e2e-refused-1', payer, payee, amount))
  expect(answer).toMatchObject({ status: 'refused', resultCode: '1016', reason: 'account.insufficient_funds' })

  await openJournal(page)
  await row(page, answer.operation).click()
  await expect(summaryStatus(page)).toHaveAttribute('data-status', 'refused')
  await expect(page.locator('[data-test=op-result]')).toContainText('1016 · Недостаточно средств')
  await expect(page.locator('[data-test=op-reason]')).toContainText('На счёте недостаточно денег')
  const failed = page.locator('[data-test=op-check][data-ok=false]')
  await expect(failed).toHaveCount(1)
  await expect(failed).toHaveAttribute('data-check', 'funds')
  await expect(failed).toContainText('Доступные средства')
  await expect(page.locator('[data-test=op-postings]')).toContainText('Проводок нет')
  await expect(page.locator('[data-test=doc-none]')).toBeVisible()
  await expect(page.locator('[data-test=op-reverse]')).toHaveCount(0)
  await page.screenshot({ path: 'test-results/operation-refused.png' })

  // The same refusal in English and in Kazakh.
  await chooseLocale(page, 'en')
  await expect(page.locator('[data-test=op-result]')).toContainText('1016 · Insufficient funds')
  await expect(failed).toContainText('Not enough money on the account')
  await chooseLocale(page, 'kk')
  await expect(page.locator('[data-test=op-result]')).toContainText('1016 · Қаражат жеткіліксіз')
})

test('a participant’s viewer sees only operations of their bank', async () => {
  const { page, workstation } = host
  const halyk = workstation.db.prepare("SELECT id FROM participants WHERE code = 'P002'").pluck().get() as string
  await signIn(page, 'operator')
  const { payer, payee } = await twoAccounts(page)
  const elsewhere = await submit(page, transfer('e2e-scope-1', payer, payee, '10.00'))
  const involvesHalyk = [payer.participantId, payee.participantId].includes(halyk)
  // Halyk's newest operation, then the system's newest, between two clients of other banks.
  const usable = await page.evaluate(async () => {
    const r = await window.api.accounts.list({ kind: 'client' })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return r.value.filter((a) => a.status === 'open' && a.currency === 'KZT' && a.availableMinor >= 100)
  })
  const others = usable.filter((a) => a.participantId !== halyk)
  const halykOp = await submit(page, transfer('e2e-scope-2', usable.find((a) => a.participantId === halyk)!, others[0]!, '1.00'))
  const newest = await submit(page, transfer('e2e-scope-3', others[0]!, others[1]!, '1.00'))
  expect([halykOp.status, newest.status]).toEqual(['accepted', 'accepted'])
  await page.locator('[data-test=signout]').click()

  await signIn(page, 'halyk.viewer')
  // The overview's figures are the bank's (R9.3.4): its newest operation of the day, which opens for the viewer.
  await page.locator('[data-test=nav-overview]').click()
  const last = page.locator('[data-test=overview-last]')
  await expect(last).toBeVisible()
  await expect(last).toHaveAttribute('data-value', String(halykOp.operation))
  await page.screenshot({ path: 'test-results/overview-participant.png' })
  await last.click()
  await expect(summaryStatus(page)).toBeVisible()
  await openJournal(page)
  await expect(page.locator('[data-test=operations-filter-participant]')).toHaveCount(0)
  await expect(page.locator('[data-test=operations-live]')).toBeVisible()
  const parties = await page.locator('[data-test=operation-row]').evaluateAll((els) => els.map((e) => e.getAttribute('data-parties') ?? ''))
  expect(parties.length).toBeGreaterThan(0)
  for (const p of parties) expect(p.split(' ')).toContain(halyk)
  await expect(row(page, elsewhere.operation)).toHaveCount(involvesHalyk ? 1 : 0)
  if (!involvesHalyk) {
    const direct = await page.evaluate((seq) => window.api.operations.get({ seq }), elsewhere.operation!)
    expect(direct.ok).toBe(false)
  }
  // Another bank's operation opened by its address, after one of Halyk's: the page says why it shows nothing, and
  // not the operation shown before (R14.3).
  await page.evaluate((seq) => (location.hash = `#/operations/${seq}`), halykOp.operation!)
  await expect(summaryStatus(page)).toBeVisible()
  await page.evaluate((seq) => (location.hash = `#/operations/${seq}`), newest.operation!)
  await expect(page.locator('[data-test=operation-refused]')).toContainText('Бұл деректер басқа қатысушыға тиесілі')
  await expect(summaryStatus(page)).toHaveCount(0)
  await expect(page.locator('.el-message')).toHaveCount(0, { timeout: 15_000 })
  await page.screenshot({ path: 'test-results/operation-other-bank.png' })
  await openJournal(page)
  // The viewer opens one of the bank's operations but cannot reverse it.
  await page.locator('[data-test=operation-row]').first().click()
  await expect(summaryStatus(page)).toBeVisible()
  await expect(page.locator('[data-test=op-reverse]')).toHaveCount(0)
})

test('the operator enters a cash top-up by hand: a zero amount is refused inline, then the operation is accepted', async () => {
  const { page } = host
  await signIn(page, 'operator')
  const newest = () =>
    page.evaluate(async () => {
      const r = await window.api.operations.list({ limit: 1 })
      if (!r.ok) throw new Error(JSON.stringify(r.error))
      return r.value.rows[0]?.seq ?? 0
    })
  const accounts = await page.evaluate(async () => {
    const r = await window.api.accounts.list({ kind: 'client' })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return r.value
  })
  const payee = accounts.find((a) => a.status === 'open' && a.currency === 'KZT')
  if (!payee) throw new Error('the demo seed has no open KZT client account')

  await openJournal(page)
  const before = await newest()
  await page.locator('[data-test=operations-enter]').click()
  const dialog = page.locator('.el-dialog[data-test=entry-dialog]')
  await expect(dialog).toBeVisible()
  const choose = async (select: string, option: string) => {
    await dialog.locator(`[data-test=${select}]`).click()
    await page.locator(`[data-test=${option}]:visible`).click()
  }
  await choose('entry-type', 'entry-type-top_up')
  await choose('entry-channel', 'entry-channel-terminal')
  await dialog.locator('input[data-test=entry-terminal]').fill('T000001')
  await choose('entry-payer-kind', 'entry-payer-kind-none')
  await choose('entry-payee-kind', 'entry-payee-kind-iban')
  await dialog.locator('input[data-test=entry-payee]').fill(payee.iban)
  await choose('entry-currency', 'entry-currency-KZT')

  // A zero amount: refused next to the field and in the summary; nothing is recorded.
  await dialog.locator('input[data-test=entry-amount]').fill('0')
  await dialog.locator('[data-test=entry-submit]').click()
  await expect(dialog.locator('[data-test=entry-amount-item] .el-form-item__error')).toContainText('ожидается положительная сумма')
  await expect(dialog.locator('[data-test=entry-error]')).toContainText('Сумма')
  await expect(dialog.locator('[data-test=entry-answer]')).toHaveCount(0)
  expect(await newest()).toBe(before)
  await page.screenshot({ path: 'test-results/operation-entry-refused.png' })

  // Corrected: a cash top-up at the ATM, accepted with a payment document.
  await dialog.locator('input[data-test=entry-amount]').fill('5000')
  await dialog.locator('[data-test=entry-submit]').click()
  const answer = dialog.locator('[data-test=entry-answer]')
  await expect(answer).toHaveAttribute('data-status', 'accepted')
  await expect(answer).toHaveAttribute('data-code', '0000')
  await expect(answer.locator('[data-test=op-status]')).toHaveAttribute('data-status', 'accepted')
  await expect(answer.locator('[data-test=entry-answer-result]')).toContainText('0000 · Одобрено')
  await expect(answer.locator('[data-test=entry-answer-entered]')).toContainText('5 000,00')
  await expect(answer.locator('[data-test=entry-answer-document]')).not.toHaveText('—')
  await expect(dialog.locator('[data-test=entry-error]')).toHaveCount(0)
  const seq = Number(await answer.getAttribute('data-operation'))
  expect(seq).toBeGreaterThan(before)
  await expect(row(page, seq)).toHaveCount(1, { timeout: 8_000 })
  await page.screenshot({ path: 'test-results/operation-entry.png' })

  await answer.locator('[data-test=entry-answer-open]').click()
  await expect(page).toHaveURL(new RegExp(`/operations/${seq}$`))
  await expect(summaryStatus(page)).toHaveAttribute('data-status', 'accepted')
  await expect(page.locator('[data-test=op-result]')).toHaveAttribute('data-code', '0000')
  await expect(page.locator('[data-test=op-amount]')).toContainText('5')
})
