// The Center's registries in the Chromium host: clients (R1.1.7), their accounts (R1.1.19) and payment
// instruments with QR requisites (R3.2), exchange rates (R7.3.5), terminal intake keys (R8.4), and
// participant isolation for a bank's own staff.
import { expect, test, type Page } from '@playwright/test'
import { iinCheckDigit } from '../../src/core/domain/identifiers'
import { placeholderRoom } from './support/fields'
import { chooseLocale, settle, signIn, startHost, type RunningHost } from './support/host'

let host: RunningHost
test.beforeEach(async () => {
  host = await startHost()
})
test.afterEach(async () => {
  await host.close()
})

/** A valid IIN of a woman born 15 Mar 1988 (century-and-sex digit 4), a serial the demo data does not use. */
function freshIin(): string {
  for (let serial = 7301; ; serial++) {
    const first11 = `8803154${serial}`
    const check = iinCheckDigit(first11)
    if (check !== null) return `${first11}${check}`
  }
}

/** Answers the reason prompt of a block / close action. */
async function giveReason(page: Page, reason: string): Promise<void> {
  const box = page.locator('.el-message-box')
  await box.locator('input').fill(reason)
  await box.getByRole('button', { name: /^(OK|Ок)$/ }).click()
}

test('an operations officer registers a client, opens a KZT account at Kaspi, issues a card, shows its QR code and blocks it', async () => {
  const { page } = host
  await signIn(page, 'operator')
  await page.locator('[data-test=nav-clients]').click()
  const clients = page.locator('[data-test=clients-table]')
  await expect(clients.locator('.el-table__row').first()).toBeVisible()
  await page.screenshot({ path: 'test-results/clients-registry.png' })

  // A wrong check digit is refused by the dispatcher, worded in Russian for the IIN field; nothing is created.
  await page.locator('[data-test=clients-create]').click()
  await page.locator('input[data-test=client-iin]').fill('123456789012')
  await page.locator('input[data-test=client-name]').fill('Айгерім Сәдуақасова')
  await page.locator('[data-test=client-create-submit]').click()
  await expect(page.locator('[data-test=client-create-error]')).toContainText('ИИН: значение не принято')
  await page.screenshot({ path: 'test-results/client-create-refused.png' })
  await page.keyboard.press('Escape')
  await page.locator('input[data-test=clients-search]').fill('123456789012')
  await page.locator('[data-test=clients-search-submit]').click()
  await expect(clients.locator('.el-table__empty-text')).toBeVisible()

  // Registered with a typo in the name, corrected below.
  const iin = freshIin()
  await page.locator('[data-test=clients-create]').click()
  await page.locator('input[data-test=client-iin]').fill(iin)
  await page.locator('input[data-test=client-name]').fill('Айгерім Сәдуақсова')
  await page.locator('[data-test=client-create-submit]').click()
  const drawer = page.locator('[data-test=client-drawer]')
  await expect(drawer).toContainText(iin)
  await expect(clients).toContainText(iin)

  // The name corrected: the IIN is shown but not editable (R1.1.7); the same name again is refused inside the form.
  await page.keyboard.press('Escape')
  await page.locator(`[data-test=client-edit-${iin}]`).click()
  const edit = page.locator('.el-dialog:visible')
  await expect(edit.locator('input[data-test=client-iin]')).toHaveValue(iin)
  await expect(edit.locator('input[data-test=client-iin]')).not.toBeEditable()
  await expect(edit).toContainText('ИИН — это личность клиента: его нельзя изменить')
  await edit.locator('[data-test=client-edit-submit]').click()
  await expect(edit.locator('[data-test=client-edit-error]')).toContainText('уже «Айгерім Сәдуақсова»: изменять нечего')
  await edit.locator('input[data-test=client-name]').fill('Айгерім Сәдуақасова')
  await page.screenshot({ path: 'test-results/client-edit-dialog.png' })
  await edit.locator('[data-test=client-edit-submit]').click()
  await expect(edit).toBeHidden()
  await expect(clients).toContainText('Айгерім Сәдуақасова')
  await page.locator(`[data-test=client-open-${iin}]`).click()
  await expect(drawer).toContainText('Айгерім Сәдуақасова')

  // A KZT account at Kaspi Bank (P001): the system allocates its KZ IBAN.
  await drawer.locator('[data-test=account-open]').click()
  await page.locator('[data-test=account-participant-select]').click()
  await page.getByRole('option', { name: /P001/ }).click()
  await page.locator('input[data-test=account-limit-per-op]').fill('500000')
  await page.locator('input[data-test=account-limit-daily]').fill('1500000.50')
  await page.screenshot({ path: 'test-results/account-open-dialog.png' })
  await page.locator('[data-test=account-open-submit]').click()
  const accounts = drawer.locator('[data-test=client-accounts-table]')
  await expect(accounts.locator('[data-test=account-iban]')).toHaveText(/^KZ[0-9A-Z ]{22}$/)
  await expect(accounts.locator('[data-test=account-participant]')).toHaveText('P001')
  await expect(accounts).toContainText('KZT')

  // A card on that account; the holder name is suggested in latin capitals; only a masked PAN comes back.
  await drawer.locator('[data-test=instrument-issue]').click()
  await expect(page.locator('input[data-test=instrument-holder]')).toHaveValue('AIGERIM SADUAKASOVA')
  // The expiry month, emptied, asks for it as the card writes it (R3.2).
  const expiry = page.locator('.el-dialog:visible .el-date-editor input')
  await expect(expiry).toHaveAttribute('placeholder', 'ММ/ГГГГ')
  await page.screenshot({ path: 'test-results/instrument-issue-dialog.png' })
  await page.locator('[data-test=instrument-issue-submit]').click()
  const instruments = drawer.locator('[data-test=client-instruments-table]')
  await expect(instruments.locator('[data-test=instrument-number]')).toHaveText(/^\d{4} \d{2}•• •••• \d{4}$/)
  await expect(instruments).toContainText('AIGERIM SADUAKASOVA')
  expect(await page.locator('body').innerText()).not.toMatch(/\d{16}/)
  await settle(page)
  await page.screenshot({ path: 'test-results/client-drawer.png' })

  // Its requisites as a QR code: an image (a data: URL, as the CSP allows) and the payload text.
  await instruments.locator('[data-test^=instrument-qr-]').click()
  const qr = page.locator('[data-test=instrument-qr-image]')
  await expect(qr).toBeVisible()
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)
  await expect(page.locator('[data-test=instrument-qr-payload]')).not.toBeEmpty()
  expect(await page.locator('body').innerText()).not.toMatch(/\d{16}/)
  await page.screenshot({ path: 'test-results/instrument-qr.png' })
  await page.locator('[data-test=instrument-qr-close]').click()
  await expect(qr).toBeHidden()

  // Blocked with a reason: the status and the reason show.
  await instruments.locator('[data-test^=instrument-actions-]').click()
  await page.getByRole('menuitem', { name: 'Заблокировать' }).click()
  await giveReason(page, 'client reported the card lost')
  await expect(instruments.locator('[data-test=instrument-status]')).toHaveText('Заблокирован')
  await expect(instruments).toContainText('client reported the card lost')
  // A blocked card cannot pay: its QR code is no longer offered, and the button says why (R3.2.1).
  await expect(instruments.locator('[data-test^=instrument-qr-]')).toBeDisabled()
  await instruments.locator('[data-test^=qr-reason-]').hover()
  await expect(page.locator('.el-popper:visible')).toHaveText('Инструмент заблокирован: им нельзя платить, поэтому QR-код не выдаётся')

  // The instruments registry shows the same masked card, blocked, and no full PAN.
  await page.keyboard.press('Escape')
  await page.locator('[data-test=nav-instruments]').click()
  await page.locator('input[data-test=instruments-search]').fill(iin)
  await page.locator('[data-test=instruments-search-submit]').click()
  const row = page.locator('[data-test=instruments-table] .el-table__row', { hasText: 'AIGERIM SADUAKASOVA' })
  await expect(row).toContainText('Заблокирован')
  expect(await page.locator('body').innerText()).not.toMatch(/\d{16}/)
  await page.locator('input[data-test=instruments-search]').fill('')
  await page.locator('[data-test=instruments-search-submit]').click()
  await expect(page.locator('[data-test=instruments-table] .el-table__row').nth(5)).toBeVisible()
  expect(await page.locator('body').innerText()).not.toMatch(/\d{16}/)
  await settle(page)
  await page.screenshot({ path: 'test-results/instruments-registry.png' })
  // In Kazakh, at 1366×768, the blocked card's reason reads whole beside its disabled QR button.
  await page.setViewportSize({ width: 1366, height: 768 })
  await chooseLocale(page, 'kk')
  await row.locator('[data-test^=qr-reason-]').hover()
  await expect(page.locator('.el-popper:visible')).toHaveText('Құрал бұғатталған: онымен төлеуге болмайды, сондықтан QR-код берілмейді')
  await page.screenshot({ path: 'test-results/instrument-qr-refused-kk.png' })
})

test('an operations officer publishes an exchange rate effective from an Almaty time; a bad rate is refused', async () => {
  const { page } = host
  await signIn(page, 'operator')
  await page.locator('[data-test=nav-rates]').click()
  const table = page.locator('[data-test=rates-table]')
  await expect(table).toContainText('USD/KZT')

  // The effective moment, emptied, asks for it as the picker reads it, whole, in each language (R7.3.5).
  const input = page.locator('.el-dialog .el-date-editor input')
  for (const [locale, hint] of [['kk', 'КК.АА.ЖЖЖЖ СС:ММ'], ['en', 'DD/MM/YYYY hh:mm'], ['ru', 'ДД.ММ.ГГГГ чч:мм']] as const) {
    await chooseLocale(page, locale)
    await page.locator('[data-test=rates-publish]').click()
    await expect(input).toHaveAttribute('placeholder', hint)
    await input.fill('')
    expect(Math.min(...(await placeholderRoom(input))), locale).toBeGreaterThanOrEqual(0)
    if (locale === 'kk') await page.screenshot({ path: 'test-results/rate-publish-kk.png' })
    // The emptied field keeps its picker open over the dialog's buttons: a click outside it, on the title, closes it.
    await page.locator('.el-dialog:visible .el-dialog__title').click()
    await expect(page.locator('.el-picker-panel:visible')).toHaveCount(0)
    await page.locator('.el-dialog:visible .el-dialog__footer button').first().click()
    await expect(input).toBeHidden()
  }
  await page.locator('[data-test=rates-publish]').click()
  await page.locator('input[data-test=rate-value]').fill('512.1234567')
  await page.locator('[data-test=rate-submit]').click()
  await expect(page.locator('[data-test=rate-error]')).toContainText('Курс')
  await page.locator('input[data-test=rate-value]').fill('512.345678')
  // Tomorrow at 10:00 in Almaty: still ahead when the table is read, however slow the machine.
  const tomorrow = new Date(Date.now() + 5 * 3_600_000 + 24 * 3_600_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  const effective = `${pad(tomorrow.getUTCDate())}.${pad(tomorrow.getUTCMonth() + 1)}.${tomorrow.getUTCFullYear()} 10:00`
  await input.fill(effective)
  await input.press('Enter')
  await expect(input).toHaveValue(effective)
  await page.locator('[data-test=rate-submit]').click()
  // The rate as a Russian reader writes a decimal: 512,345678 (every digit the officer gave kept).
  const published = table.locator('.el-table__row', { hasText: '512,345678' })
  await expect(published).toContainText('USD/KZT')
  await expect(published).not.toContainText('512.345678')
  await expect(published).toContainText('Запланирован')
  await expect(page.locator('[data-test=rate-submit]')).toBeHidden()
  await settle(page)
  await page.screenshot({ path: 'test-results/rates.png' })
})

test('the accounts registry: the officer sees every bank and filters; Halyk’s viewer sees only Halyk’s accounts', async () => {
  const { page } = host
  await signIn(page, 'operator')
  await page.locator('[data-test=nav-accounts]').click()
  const codes = page.locator('[data-test=accounts-table] [data-test=account-participant]')
  await expect(codes.first()).toBeVisible()
  expect(new Set(await codes.allInnerTexts()).size).toBeGreaterThan(1)
  await page.screenshot({ path: 'test-results/accounts-registry.png' })
  await page.locator('[data-test=accounts-kind]').click()
  await page.getByRole('option', { name: 'Расчётный счёт участника' }).click()
  await expect(page.locator('[data-test=accounts-table]')).not.toContainText('ИИН')
  await page.screenshot({ path: 'test-results/accounts-settlement.png' })

  // A client's account: new limits, then blocked with a reason.
  await page.locator('[data-test=accounts-kind]').click()
  await page.getByRole('option', { name: 'Счёт клиента' }).click()
  await expect(page.locator('[data-test=accounts-table]')).toContainText('ИИН')
  const iban = await page.locator('[data-test=accounts-table] [data-test=account-iban]').first().innerText()
  const account = page.locator('[data-test=accounts-table] .el-table__row', { hasText: iban })
  await account.locator('[data-test^=account-actions-]').click()
  await page.getByRole('menuitem', { name: 'Изменить лимиты' }).click()
  // More for one operation than for the whole day is refused in the form, in the user's language.
  await page.locator('input[data-test=limits-per-op]').fill('250000.50')
  await page.locator('input[data-test=limits-daily]').fill('200000')
  await page.locator('[data-test=limits-submit]').click()
  await expect(page.locator('[data-test=limits-error]')).toContainText('Лимит на операцию: не может быть больше дневного лимита')
  await expect(page.locator('[data-test=limits-error]')).not.toContainText('например')
  await page.locator('input[data-test=limits-daily]').fill('')
  await page.screenshot({ path: 'test-results/account-limits.png' })
  await page.locator('[data-test=limits-submit]').click()
  await expect(account).toContainText(/250\s000,50/)
  await expect(account).not.toContainText('В день')
  await account.locator('[data-test^=account-actions-]').click()
  await page.getByRole('menuitem', { name: 'Заблокировать' }).click()
  await giveReason(page, 'court order 12/2026')
  await expect(account.locator('[data-test=account-status]')).toHaveText('Заблокирован')
  await page.locator('[data-test=signout]').click()

  await signIn(page, 'halyk.viewer')
  await page.locator('[data-test=nav-accounts]').click()
  await expect(codes.first()).toBeVisible()
  const seen = await codes.allInnerTexts()
  expect(seen.length).toBeGreaterThan(0)
  expect(new Set(seen)).toEqual(new Set(['P002']))
  await page.screenshot({ path: 'test-results/accounts-participant-viewer.png' })
  // No bank picker and no actions for a participant's viewer.
  await expect(page.locator('[data-test=accounts-participant]')).toHaveCount(0)
  await expect(page.locator('[data-test^=account-actions-]')).toHaveCount(0)
  await page.locator('[data-test=nav-instruments]').click()
  const issuers = page.locator('[data-test=instruments-table] [data-test=instrument-issuer]')
  await expect(issuers.first()).toBeVisible()
  expect(new Set(await issuers.allInnerTexts())).toEqual(new Set(['P002']))
  // A client's card shows only the accounts and cards the client holds at Halyk; nothing to open or issue.
  await page.locator('[data-test=nav-clients]').click()
  await expect(page.locator('[data-test=clients-create]')).toHaveCount(0)
  await page.locator('[data-test^=client-open-]').first().click()
  const drawer = page.locator('[data-test=client-drawer]')
  const held = drawer.locator('[data-test=client-accounts-table] [data-test=account-participant]')
  await expect(held.first()).toBeVisible()
  expect(new Set(await held.allInnerTexts())).toEqual(new Set(['P002']))
  await expect(drawer.locator('[data-test=account-open]')).toHaveCount(0)
  await expect(page.locator('.el-message--error')).toHaveCount(0)
})

test('an operations officer issues a terminal intake key, shown once (R7.4, R8.4)', async () => {
  const { page } = host
  await signIn(page, 'operator')
  await page.locator('[data-test=nav-terminals]').click()
  await page.locator('[data-test=terminal-actions-T000001]').click()
  await page.getByRole('menuitem', { name: 'Выпустить ключ приёма' }).click()
  await expect(page.getByRole('dialog')).toContainText('больше показан не будет')
  await expect(page.locator('[data-test=terminal-key-secret]')).not.toBeEmpty()
  await expect(page.locator('[data-test=terminal-key-id]')).not.toBeEmpty()
  await page.screenshot({ path: 'test-results/terminal-key.png' })
  await page.locator('[data-test=terminal-key-close]').click()
  await expect(page.locator('[data-test=terminal-key-secret]')).toBeHidden()
})
