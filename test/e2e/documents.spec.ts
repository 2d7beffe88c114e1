// Confidential documents (issue 6, R14.2–R14.5, R14.9): the operator composes a document to Kaspi Bank with a
// file, signs it with the PIN typed in the token window, and it is in the outbox; Kaspi's operator opens it
// (PIN again), sees the text, a valid signature by the operator's officer, downloads the file and finds every
// access logged; Halyk's staff neither see it nor open it by its address; a cancelled PIN sends nothing.
// Real backend (the demo database and its demo keys), Debian's Chromium, no mocks.
import { expect, test, type Page } from '@playwright/test'
import { enterPin, signIn, startHost, type RunningHost } from './support/host'

const SHOTS = 'test-results'
const DEMO_PIN = '1234'
const OPERATOR_NAME = 'Marat Abenov'

let host: RunningHost
test.beforeEach(async () => {
  host = await startHost()
  await host.page.setViewportSize({ width: 1366, height: 768 })
})
test.afterEach(async () => {
  await host.close()
})

/** Does `action` (a click that makes a call asking for the key), then answers the PIN window the host opens. */
async function withPin(page: Page, pin: string | null, action: () => Promise<void>): Promise<void> {
  await action()
  await enterPin(page, pin)
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

/** Opens the documents from the navigation; right after sign-in the shell first goes to the overview, so again if needed. */
async function openDocuments(page: Page): Promise<void> {
  await expect(async () => {
    await page.locator('[data-test=nav-documents]').click()
    await expect(page.locator('[data-test=documents-page]')).toBeVisible({ timeout: 2_000 })
  }).toPass({ timeout: 15_000 })
}

/** Picks options of an Element Plus select by their data-test names (the dropdown is teleported to the body). */
async function pick(page: Page, select: string, options: string[]): Promise<void> {
  await page.locator(`[data-test=${select}]`).click()
  for (const o of options) await page.locator(`[data-test=${o}]`).click()
  await page.keyboard.press('Escape')
}

interface Draft {
  title: string
  body: string
  file: { name: string; mimeType: string; buffer: Buffer }
}

/** Fills the compose form: title, Kaspi Bank as the recipient, the text and one file. */
async function compose(page: Page, d: Draft): Promise<void> {
  await openDocuments(page)
  await page.locator('[data-test=documents-compose]').click()
  await expect(page.locator('[data-test=document-compose]')).toBeVisible()
  await page.locator('[data-test=document-title]').fill(d.title)
  await page.locator('[data-test=document-class-strictly_confidential]').click()
  await pick(page, 'document-recipients', ['document-recipient-P001'])
  await page.locator('[data-test=document-body]').fill(d.body)
  await page.locator('[data-test=document-attachments-input]').setInputFiles(d.file)
  await expect(page.locator('[data-test=document-attachment]')).toHaveCount(1)
  await expect(page.locator('[data-test=document-attachment]')).toHaveAttribute('data-name', d.file.name)
}

/** Composes and sends a document (PIN 1234); the outbox shows it. Returns its id. */
async function send(page: Page, d: Draft): Promise<string> {
  await compose(page, d)
  await withPin(page, DEMO_PIN, async () => {
    await page.locator('[data-test=document-send]').click()
    // While the call waits for the PIN the page says where to type it.
    await expect(page.locator('[data-test=documents-pin-wait]')).toBeVisible()
  })
  const row = page.locator(`[data-test=documents-outbox] [data-test=document-row][data-title="${d.title}"]`)
  await expect(row).toBeVisible({ timeout: 20_000 })
  const id = await row.getAttribute('data-id')
  expect(id).toMatch(/^[0-9A-Z]{26}$/)
  return id!
}

const draft = (): Draft => ({
  title: `Settlement limits review ${Date.now()}`,
  body: 'Dear colleagues,\nplease find attached the revised limits for the next quarter.\nRegards, operator',
  file: { name: 'limits-q3.csv', mimeType: 'text/csv', buffer: Buffer.from('participant;limit_kzt\nP001;1500000000\nP002;1200000000\n', 'utf8') }
})

test('the operator sends a signed, encrypted document to Kaspi; Kaspi opens it, verifies it, downloads the file; every access is logged', async () => {
  const { page } = host
  const d = draft()
  await signIn(page, 'operator')
  await openDocuments(page)
  await expect(page.locator('[data-test=documents-inbox-empty]')).toBeVisible()

  await compose(page, d)
  // Participants with no member of staff holding a certificate cannot be chosen: nobody could decrypt.
  await page.locator('[data-test=document-recipients]').click()
  await expect(page.locator('[data-test=document-recipient-P001]')).not.toHaveClass(/is-disabled/)
  await expect(page.locator('[data-test=document-recipient-P005]')).toHaveClass(/is-disabled/)
  await page.keyboard.press('Escape')
  await noHorizontalScroll(page)
  await page.screenshot({ path: `${SHOTS}/documents-compose.png` })

  await withPin(page, DEMO_PIN, async () => {
    await page.locator('[data-test=document-send]').click()
    await expect(page.locator('[data-test=documents-pin-wait]')).toBeVisible()
    await page.screenshot({ path: `${SHOTS}/documents-compose-pin-wait.png` })
  })
  const sent = page.locator(`[data-test=documents-outbox] [data-test=document-row][data-title="${d.title}"]`)
  await expect(sent).toBeVisible({ timeout: 20_000 })
  await expect(sent).toHaveAttribute('data-recipients', 'P001')
  const id = (await sent.getAttribute('data-id'))!
  await page.locator('[data-test=signout]').click()

  // Kaspi's operator: the document is in the inbox, from the operator, signed by its officer.
  await signIn(page, 'kaspi.operator')
  await openDocuments(page)
  const marker = `[data-test=document-row][data-id="${id}"]`
  const received = page.locator(`[data-test=documents-inbox] ${marker}`)
  await expect(received).toBeVisible()
  await expect(received).toHaveAttribute('data-sender', 'operator')
  const line = page.locator('[data-test=documents-inbox] .el-table__row', { has: page.locator(marker) })
  await expect(line.locator('[data-test=document-row-signer]')).toHaveText(OPERATOR_NAME)
  await expect(line.locator('[data-test=document-row-attachments]')).toHaveText('1')
  await expect(line.locator('[data-test=document-class]')).toHaveAttribute('data-class', 'strictly_confidential')
  await quiet(page)
  await noHorizontalScroll(page)
  await page.screenshot({ path: `${SHOTS}/documents-inbox.png` })

  await line.locator('[data-test=document-open-link]').click()
  const view = page.locator('[data-test=document-view]')
  await expect(view).toHaveAttribute('data-box', 'inbox')
  await expect(page.locator('[data-test=document-non-disclosure]')).toBeVisible()
  await expect(page.locator('[data-test=document-closed]')).toBeVisible()
  await withPin(page, DEMO_PIN, async () => {
    await page.locator('[data-test=document-open]').click()
    await expect(page.locator('[data-test=documents-pin-wait]')).toBeVisible()
  })
  await expect(page.locator('[data-test=document-body-text]')).toHaveText(d.body, { timeout: 20_000 })
  const report = page.locator('[data-test=document-verification]')
  await expect(report).toHaveAttribute('data-valid', 'true')
  await expect(page.locator('[data-test=document-verification-failure]')).toHaveCount(0)
  await expect(page.locator('[data-test=document-signer-name]')).toHaveText(OPERATOR_NAME)
  await expect(page.locator('[data-test=document-signer-digest]')).toHaveAttribute('data-state', 'match')
  await expect(page.locator('[data-test=document-signer-signature]')).toHaveAttribute('data-state', 'valid')
  await expect(page.locator('[data-test=document-signer-chain]')).toHaveAttribute('data-trusted', 'true')
  await expect(page.locator('[data-test=document-file]')).toHaveAttribute('data-name', d.file.name)
  await quiet(page)
  await noHorizontalScroll(page)
  await page.screenshot({ path: `${SHOTS}/documents-view.png` })
  await report.scrollIntoViewIfNeeded()
  await page.screenshot({ path: `${SHOTS}/documents-view-report.png` })

  // The host's browser context does not keep downloads, so the bytes are read from the Blob the page hands
  // to the download; the download event shows the browser got the file.
  await page.evaluate(() => {
    const original = URL.createObjectURL.bind(URL)
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      ;(window as unknown as { saved: Blob }).saved = blob as Blob
      return original(blob)
    }
  })
  // Each download decrypts the document again: the key asks for the PIN.
  const downloaded = page.waitForEvent('download', { timeout: 30_000 })
  await page.locator('[data-test=document-file-download]').click()
  await enterPin(page, DEMO_PIN)
  const download = await downloaded
  expect(download.suggestedFilename()).toBe(d.file.name)
  const bytes = await page.evaluate(async () => Array.from(new Uint8Array(await (window as unknown as { saved: Blob }).saved.arrayBuffer())))
  expect(Buffer.from(bytes).equals(d.file.buffer)).toBe(true)

  // The access log: sent by the operator, opened and the file downloaded by Kaspi's operator.
  await page.locator('#tab-log').click()
  const log = page.locator('[data-test=document-access-log]')
  await expect(log.locator('[data-test=document-access-row][data-action=send][data-login=operator]')).toHaveCount(1)
  await expect(log.locator('[data-test=document-access-row][data-action=open][data-login="kaspi.operator"]')).toHaveCount(1)
  await expect(log.locator('[data-test=document-access-row][data-action=download][data-login="kaspi.operator"]')).toHaveCount(1)
  await quiet(page)
  await noHorizontalScroll(page)
  await page.screenshot({ path: `${SHOTS}/documents-access-log.png` })
})

test('Halyk’s staff neither see Kaspi’s document nor open it by its address', async () => {
  const { page } = host
  const d = draft()
  await signIn(page, 'operator')
  const id = await send(page, d)
  await page.locator('[data-test=signout]').click()

  await signIn(page, 'halyk.viewer')
  await openDocuments(page)
  await expect(page.locator('[data-test=documents-inbox-empty]')).toBeVisible()
  await expect(page.locator(`[data-test=document-row][data-id="${id}"]`)).toHaveCount(0)
  // A viewer cannot send.
  await expect(page.locator('[data-test=documents-compose]')).toHaveCount(0)

  await page.evaluate((docId) => {
    location.hash = `#/documents/${docId}`
  }, id)
  await expect(page.locator('[data-test=document-refused]')).toBeVisible()
  await expect(page.locator('[data-test=document-open]')).toHaveCount(0)
  await expect(page.locator('[data-test=document-body-text]')).toHaveCount(0)
  await quiet(page)
  await page.screenshot({ path: `${SHOTS}/documents-refused-kk.png` })
})

test('a cancelled PIN sends nothing and says so', async () => {
  const { page } = host
  const d = draft()
  await signIn(page, 'operator')
  await compose(page, d)
  await withPin(page, null, async () => {
    await page.locator('[data-test=document-send]').click()
    await expect(page.locator('[data-test=documents-pin-wait]')).toBeVisible()
  })
  const error = page.locator('[data-test=document-send-error]')
  await expect(error).toBeVisible({ timeout: 20_000 })
  await expect(error).toHaveAttribute('data-rule', 'pin_cancelled')
  // The operator's language is Russian.
  await expect(error).toContainText('Ввод PIN-кода отменён')
  await expect(page.locator('[data-test=documents-pin-wait]')).toHaveCount(0)
  // Still on the form, filled in, to try again.
  await expect(page.locator('[data-test=document-title]')).toHaveValue(d.title)
  await page.screenshot({ path: `${SHOTS}/documents-pin-cancelled.png` })

  await openDocuments(page)
  await page.locator('#tab-outbox').click()
  await expect(page.locator('[data-test=documents-outbox-empty]')).toBeVisible()
  await expect(page.locator('[data-test=documents-outbox] [data-test=document-row]')).toHaveCount(0)
})

test('Kaspi forwards the document to Halyk with the operator’s written consent (R14.3) and exports it as .p7m', async () => {
  const { page } = host
  const d = draft()
  await signIn(page, 'operator')
  const id = await send(page, d)
  await page.locator('[data-test=signout]').click()

  await signIn(page, 'kaspi.operator')
  await openDocuments(page)
  await page.locator(`[data-test=documents-inbox] .el-table__row:has([data-test=document-row][data-id="${id}"]) [data-test=document-open-link]`).click()
  await expect(page.locator('[data-test=document-view]')).toHaveAttribute('data-box', 'inbox')

  // Export: the stored envelope, as a DER file (a SEQUENCE) named after the document's number.
  await page.evaluate(() => {
    const original = URL.createObjectURL.bind(URL)
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      ;(window as unknown as { saved: Blob }).saved = blob as Blob
      return original(blob)
    }
  })
  const [exported] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=document-export]').click()])
  expect(exported.suggestedFilename()).toMatch(/^DOC-\d{4}-\d+\.p7m$/)
  const first = await page.evaluate(async () => new Uint8Array(await (window as unknown as { saved: Blob }).saved.arrayBuffer())[0])
  expect(first).toBe(0x30)

  // Importing that file here again is refused, with the reason: the document is already at this desk.
  const p7m = Buffer.from(await page.evaluate(async () => Array.from(new Uint8Array(await (window as unknown as { saved: Blob }).saved.arrayBuffer()))))
  await openDocuments(page)
  await page.locator('[data-test=documents-import-input]').setInputFiles({ name: exported.suggestedFilename(), mimeType: 'application/pkcs7-mime', buffer: p7m })
  await expect(page.locator('[data-test=documents-import-error]')).toContainText(/DOC-\d{4}-\d+/)
  await page.locator(`[data-test=documents-inbox] .el-table__row:has([data-test=document-row][data-id="${id}"]) [data-test=document-open-link]`).click()

  // Forward: the consent must be the operator's (the sender's), which the dialog proposes.
  await page.locator('[data-test=document-forward]').click()
  await pick(page, 'document-forward-party', ['document-forward-party-P002'])
  await page.locator('[data-test=document-forward-reference]').fill('No. 15-04/123')
  await page.locator('[data-test=document-forward-note]').fill('For the joint limits review')
  await quiet(page)
  await page.screenshot({ path: `${SHOTS}/documents-forward-dialog.png` })
  await withPin(page, DEMO_PIN, async () => {
    await page.locator('[data-test=document-forward-submit]').click()
  })
  await expect(page.locator('[data-test=document-forward-submit]')).toBeHidden({ timeout: 20_000 })
  await page.locator('#tab-log').click()
  await expect(page.locator('[data-test=document-access-row][data-action=forward][data-login="kaspi.operator"]')).toHaveCount(1)
  await expect(page.locator('[data-test=document-access-row][data-action=export][data-login="kaspi.operator"]')).toHaveCount(1)
  await page.locator('[data-test=signout]').click()

  // Halyk receives the forwarded copy, from Kaspi, still signed by the operator's officer, with the consent shown.
  await signIn(page, 'halyk.viewer')
  await openDocuments(page)
  const copy = page.locator(`[data-test=documents-inbox] [data-test=document-row][data-title="${d.title}"]`)
  await expect(copy).toHaveAttribute('data-sender', 'P001')
  await page.locator('[data-test=documents-inbox] [data-test=document-open-link]').first().click()
  await withPin(page, DEMO_PIN, async () => {
    await page.locator('[data-test=document-open]').click()
  })
  await expect(page.locator('[data-test=document-body-text]')).toHaveText(d.body, { timeout: 20_000 })
  await expect(page.locator('[data-test=document-verification]')).toHaveAttribute('data-valid', 'true')
  await expect(page.locator('[data-test=document-signer-name]')).toHaveText(OPERATOR_NAME)
  await expect(page.locator('[data-test=document-consent]')).toContainText('No. 15-04/123')
  // A viewer neither exports nor forwards.
  await expect(page.locator('[data-test=document-forward]')).toHaveCount(0)
  await expect(page.locator('[data-test=document-export]')).toHaveCount(0)
})
