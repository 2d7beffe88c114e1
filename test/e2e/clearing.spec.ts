// Operational days, clearing, settlement, fees and reports (issue 4, R3.1, R5, R7.6–7.9, R9.3–9.4, R14.1):
// the day console, a day's clearing result with its check and matrix, the maker-checker settlement up to
// its postings, closing a day by hand, reports as CSV and PDF, and a participant's staff seeing only their
// own position. Real backend (the demo database), Debian's Chromium, no mocks.
import { expect, test, type Page } from '@playwright/test'
import { placeholderRoom } from './support/fields'
import { chooseLocale, settle, signIn, startHost, type RunningHost } from './support/host'

const SHOTS = 'test-results'

let host: RunningHost
test.beforeEach(async () => {
  host = await startHost()
})
test.afterEach(async () => {
  await host.close()
})

/** A second window of the same host, with its own session (the host keys sessions by page). */
async function secondWindow(page: Page): Promise<Page> {
  const other = await page.context().newPage()
  await other.setViewportSize({ width: 1366, height: 768 })
  await other.goto(new URL('/', page.url()).toString())
  return other
}

async function openConsole(page: Page): Promise<void> {
  await page.locator('[data-test=nav-opday]').click()
  await expect(page.locator('[data-test=opday-open]')).toBeVisible()
}

/** From the console to the previous day's clearing result. */
async function openPreviousClearing(page: Page): Promise<string> {
  await openConsole(page)
  const previous = page.locator('[data-test=opday-previous]')
  const day = (await previous.getAttribute('data-day')) ?? ''
  await page.locator('[data-test=opday-previous-open]').click()
  await expect(page.locator(`[data-test=clearing-result][data-day="${day}"]`)).toBeVisible()
  return day
}

const tab = (page: Page, name: string) => page.locator(`#tab-${name}`)
const settlementState = (page: Page) => page.locator('[data-test=settlement-panel]')

test('a clearing officer sees today open and yesterday cleared, the net positions sum to zero, and a matrix cell shows its operations', async () => {
  const { page } = host
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, 'clearing')
  await openConsole(page)
  await expect(page.locator('[data-test=opday-open]')).toHaveAttribute('data-state', 'open')
  await expect(page.locator('[data-test=opday-previous]')).toHaveAttribute('data-state', 'cleared')
  await expect(page.locator('[data-test=opday-countdown]')).toHaveText(/^\d\d:\d\d:\d\d$/)
  await expect(page.locator('[data-test=opday-close]')).toBeVisible()
  const yesterday = await page.locator('[data-test=opday-previous]').getAttribute('data-day')
  await expect(page.locator(`[data-test=opday-history-row][data-day="${yesterday}"]`)).toHaveAttribute('data-state', 'cleared')
  // The operator's staff see the days' operation counts (participant staff do not: the last test).
  await expect(page.locator('[data-test=opday-previous]')).toContainText('Операций')
  await expect(page.locator('[data-test=opday-history]')).toContainText('Операций')
  await page.screenshot({ path: `${SHOTS}/clearing-day-console.png` })

  await openPreviousClearing(page)
  const kzt = page.locator('[data-test=clearing-check][data-currency=KZT]')
  await expect(kzt).toHaveAttribute('data-sum', '0')
  for (const check of await page.locator('[data-test=clearing-check]').all()) await expect(check).toHaveAttribute('data-sum', '0')
  // The operator's fees appear as its own party, named in the user's language.
  await expect(page.locator('[data-test=position-party][data-party=operator]').first()).toBeVisible()
  expect(await page.locator('[data-test=position-party]').count()).toBeGreaterThan(4)
  await page.screenshot({ path: `${SHOTS}/clearing-positions.png` })

  await tab(page, 'matrix').click()
  await expect(page.locator('[data-test=clearing-matrix][data-currency=KZT]')).toBeVisible()
  await expect(page.locator('[data-test=matrix-cell][data-gross=true]').first()).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/clearing-matrix.png` })
  await page.locator('[data-test=matrix-cell][data-gross=false]').first().click()
  await expect(page.locator('[data-test=cell-error]')).toHaveCount(0)
  await expect(page.locator('[data-test=cell-operation]').first()).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/clearing-cell-operations.png` })
  const seq = await page.locator('[data-test=cell-operation]').first().getAttribute('data-seq')
  await page.locator('[data-test=cell-operation]').first().click()
  await expect(page).toHaveURL(new RegExp(`#/operations/${seq}$`))

  await page.locator('[data-test=nav-fees]').click()
  await expect(page.locator('[data-test=tariff-row]').first()).toBeVisible()
  await expect(page.locator('[data-test=fee-line]').first()).toBeVisible()
  await expect(page.locator('[data-test=fees-total][data-currency=KZT]')).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/clearing-fees.png` })

  // A new tariff for all participants, from the next day: fixed 10.00 KZT + 0.15 %.
  const tariffs = await page.locator('[data-test=tariff-row]').count()
  await page.locator('[data-test=fees-add]').click()
  await page.locator('input[data-test=tariff-fixed]').fill('10.00')
  await page.locator('input[data-test=tariff-percent]').fill('0,15')
  await page.screenshot({ path: `${SHOTS}/clearing-fees-add.png` })
  await page.locator('[data-test=tariff-submit]').click()
  await expect(page.locator('[data-test=tariff-error]')).toHaveCount(0)
  await expect(page.locator('[data-test=tariff-row]')).toHaveCount(tariffs + 1)
})

test('maker-checker: one officer submits, cannot approve, another approves; the settlement is sent, confirmed and finalized', async () => {
  const { page } = host
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, 'clearing')
  const day = await openPreviousClearing(page)
  await tab(page, 'settlement').click()
  await expect(settlementState(page)).toHaveAttribute('data-state', 'computed')
  await expect(page.locator('[data-test=settlement-shortfall-explain]')).toBeVisible()
  await expect(page.locator('[data-test=instruction][data-party=P004][data-direction=debit][data-shortfall=true]')).toBeVisible()
  await page.locator('[data-test=settlement-submit]').click()
  await expect(settlementState(page)).toHaveAttribute('data-state', 'submitted')

  // The maker cannot be the checker: the button is disabled and says why.
  await expect(page.locator('[data-test=settlement-approve]')).toBeDisabled()
  await expect(page.locator('[data-test=settlement-maker-checker]')).toBeVisible()
  await settle(page)
  await page.screenshot({ path: `${SHOTS}/clearing-settlement-maker-checker.png` })
  // The backend refuses it anyway.
  const refused = await page.evaluate(async (d) => window.api.settlement.approve({ day: d }), day)
  expect(refused.ok ? null : refused.error.code).toBe('MAKER_CHECKER')

  const checker = await secondWindow(page)
  await signIn(checker, 'clearing2')
  await openPreviousClearing(checker)
  await tab(checker, 'settlement').click()
  await expect(settlementState(checker)).toHaveAttribute('data-state', 'submitted')
  await checker.locator('[data-test=settlement-approve]').click()
  await expect(settlementState(checker)).toHaveAttribute('data-state', 'approved')
  await settle(checker)
  await checker.screenshot({ path: `${SHOTS}/clearing-settlement-approved-kk.png` })
  await checker.close()

  await openPreviousClearing(page)
  await tab(page, 'settlement').click()
  await expect(settlementState(page)).toHaveAttribute('data-state', 'approved')
  await page.locator('[data-test=settlement-instruct]').click()
  await expect(settlementState(page)).toHaveAttribute('data-state', 'instructed')
  await page.locator('[data-test=settlement-confirm]').click()
  await page.locator('[data-test=settlement-confirm-submit]').click()
  await expect(page.locator('[data-test=settlement-confirm-error]')).toBeVisible()
  await page.locator('input[data-test=settlement-confirm-reference]').fill('SB-2026-0001')
  await page.locator('[data-test=settlement-confirm-submit]').click()
  await expect(settlementState(page)).toHaveAttribute('data-state', 'confirmed')
  await expect(page.locator('[data-test=settlement-bank-ref]')).toContainText('SB-2026-0001')

  // The settlement bank's latest figures for P001's USD accounts are recorded, then the officer finalizes.
  await tab(page, 'funds').click()
  await page.locator('[data-test=funds-edit-P001]').first().click()
  await page.locator('[data-test=funds-currency]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: 'USD' }).click()
  await page.locator('input[data-test=funds-settlement]').fill('50000.00')
  await page.locator('input[data-test=funds-current]').fill('10000.00')
  await page.locator('input[data-test=funds-insurance]').fill('5000.00')
  await page.locator('[data-test=funds-submit]').click()
  await expect(page.locator('[data-test=funds-error]')).toHaveCount(0)
  await tab(page, 'settlement').click()
  await page.locator('[data-test=settlement-finalize]').click()
  await page.locator('.settlement-finalize-box .el-button--primary').click()
  await expect(page.locator('[data-test=settlement-error]')).toHaveCount(0)
  await expect(settlementState(page)).toHaveAttribute('data-state', 'finalized')
  await expect(page.locator('[data-test=clearing-result] [data-test=day-state]').first()).toHaveAttribute('data-state', 'settled')
  await expect(page.locator('[data-test=posting][data-party=P004][data-source=current]').first()).toBeVisible()
  await settle(page)
  await page.setViewportSize({ width: 1366, height: 1300 })
  await page.screenshot({ path: `${SHOTS}/clearing-settlement-finalized.png` })
  await page.setViewportSize({ width: 1366, height: 768 })

  await openConsole(page)
  await expect(page.locator(`[data-test=opday-history-row][data-day="${day}"]`)).toHaveAttribute('data-state', 'settled')
})

test('closing the day by hand needs a reason; then the next day opens and the closed day is cleared', async () => {
  const { page } = host
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, 'clearing')
  await openConsole(page)
  const today = await page.locator('[data-test=opday-open]').getAttribute('data-day')
  await page.locator('[data-test=opday-close]').click()
  await expect(page.locator('[data-test=opday-close-warning]')).toBeVisible()
  await page.locator('[data-test=opday-close-submit]').click()
  await expect(page.locator('[data-test=opday-close-error]')).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/clearing-close-dialog.png` })
  await page.locator('textarea[data-test=opday-close-reason]').fill('Settlement bank closes early today')
  await page.locator('[data-test=opday-close-submit]').click()
  await expect(page.locator('[data-test=opday-close-error]')).toHaveCount(0)

  // The console follows by itself (polling): the next day is open, the closed one goes through to cleared.
  await expect.poll(async () => page.locator('[data-test=opday-open]').getAttribute('data-day'), { timeout: 20_000 }).not.toBe(today)
  await expect(page.locator('[data-test=opday-open]')).toHaveAttribute('data-state', 'open')
  await expect(page.locator('[data-test=opday-previous]')).toHaveAttribute('data-day', today!)
  await expect(page.locator('[data-test=opday-previous]')).toHaveAttribute('data-state', 'cleared', { timeout: 20_000 })
  await expect(page.locator(`[data-test=opday-history-row][data-day="${today}"]`)).toHaveAttribute('data-state', 'cleared', { timeout: 10_000 })
})

test('reports: the clearing report as CSV is previewed, as PDF it is saved; both are marked confidential', async () => {
  const { page } = host
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, 'clearing')
  await page.locator('[data-test=nav-reports]').click()
  // A regulatory report's period, emptied, asks for its two days as the screens write days, read whole (R7.5).
  await page.locator('[data-test=report-kind-regulatory]').click()
  const ends = page.locator('.el-date-editor--daterange input')
  for (const [locale, hints] of [['kk', ['КК.АА.ЖЖЖЖ бастап', 'КК.АА.ЖЖЖЖ дейін']], ['en', ['From DD/MM/YYYY', 'To DD/MM/YYYY']], ['ru', ['С ДД.ММ.ГГГГ', 'По ДД.ММ.ГГГГ']]] as const) {
    await chooseLocale(page, locale)
    expect(await ends.evaluateAll((inputs: HTMLInputElement[]) => inputs.map((e) => e.placeholder)), locale).toEqual(hints)
    expect(Math.min(...(await placeholderRoom(ends))), locale).toBeGreaterThanOrEqual(0)
  }
  await page.locator('[data-test=report-kind-clearing]').click()
  await page.locator('[data-test=report-format-csv]').click()
  await page.locator('[data-test=report-generate]').click()
  await expect(page.locator('[data-test=report-error]')).toHaveCount(0)
  await expect(page.locator('[data-test=report-confidential]')).toBeVisible()
  await expect(page.locator('[data-test=report-file-name]')).toHaveText(/\.csv$/)
  expect(await page.locator('[data-test=report-csv] tr').count()).toBeGreaterThan(5)
  await page.screenshot({ path: `${SHOTS}/clearing-reports-csv.png` })

  await page.locator('[data-test=report-format-pdf]').click()
  await page.locator('[data-test=report-generate]').click()
  await expect(page.locator('[data-test=report-error]')).toHaveCount(0)
  await expect(page.locator('[data-test=report-pdf-info]')).toBeVisible()
  await expect(page.locator('[data-test=report-confidential]')).toBeVisible()
  await expect(page.locator('[data-test=report-file-name]')).toHaveText(/\.pdf$/)
  // The file's size in the user's language, as the documents and disputes screens write sizes (35,2 КБ).
  await expect(page.locator('[data-test=report-pdf-info]')).toContainText(/\d(,\d)?\sКБ/)
  await expect(page.locator('[data-test=report-result]')).not.toContainText('KB')
  await page.screenshot({ path: `${SHOTS}/clearing-reports-pdf.png` })

  // The host's browser context does not keep downloads (acceptDownloads: false), so the bytes are read
  // from the Blob the page hands to the download; the download event shows the browser got the file.
  await page.evaluate(() => {
    const original = URL.createObjectURL.bind(URL)
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      ;(window as unknown as { saved: Blob }).saved = blob as Blob
      return original(blob)
    }
  })
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=report-save]').click()])
  expect(download.suggestedFilename()).toMatch(/\.pdf$/)
  const head = await page.evaluate(async () => {
    const blob = (window as unknown as { saved: Blob }).saved
    return new TextDecoder().decode(await blob.slice(0, 5).arrayBuffer())
  })
  expect(head).toBe('%PDF-')
})

test('participant staff see their own bank’s position only, and no day or settlement actions', async () => {
  const { page } = host
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, 'kaspi.operator')
  await openConsole(page)
  await expect(page.locator('[data-test=opday-close]')).toHaveCount(0)
  // The days' operation counts and numbers are the whole system's: not shown to a bank's staff (R14.3).
  await expect(page.locator('[data-test=opday-previous]')).toBeVisible()
  await expect(page.locator('[data-test=opday-previous]')).not.toContainText('Операций')
  await expect(page.locator('[data-test=opday-history-row]').first()).toBeVisible()
  await expect(page.locator('[data-test=opday-history]')).not.toContainText('Операций')
  await page.screenshot({ path: `${SHOTS}/opday-participant.png` })
  await page.locator('[data-test=nav-clearing]').click()
  await expect(page.locator('[data-test=position-party]').first()).toBeVisible()
  const parties = await page.locator('[data-test=position-party]').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-party')))])
  expect(parties).toEqual(['P001'])
  await page.screenshot({ path: `${SHOTS}/clearing-participant.png` })
  await tab(page, 'settlement').click()
  await expect(page.locator('[data-test=settlement-submit]')).toHaveCount(0)
  const others = await page.locator('[data-test=instruction]').evaluateAll((els) => els.map((e) => e.getAttribute('data-party')).filter((p) => p !== 'P001'))
  expect(others).toEqual([])
})
