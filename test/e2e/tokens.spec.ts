// The token panel (issue 6, R12.1): the desk's PKCS#11 module, or why there is none, and each inserted token with
// its PIN state and certificates. A real SoftHSM2 token made by its own command-line tools; real backend (the
// demo database), Debian's Chromium, no mocks. SoftHSM reads SOFTHSM2_CONF once per process: the store is made
// in this file's beforeAll (playwright runs each spec file in its own worker) before any host opens the module.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { iinCheckDigit } from '../../src/core/domain/identifiers'
import { createSoftHsm, softHsmMissing, type SoftHsm } from '../support/softhsm'
import { createTestPki } from '../support/test-pki'
import { DEMO_PASSWORD, enterPin, settle, signIn, startHost, type RunningHost } from './support/host'

const SHOTS = 'test-results'

async function openTokens(page: Page): Promise<void> {
  await page.locator('[data-test=nav-tokens]').click()
  await expect(page.locator('[data-test=tokens-page]')).toBeVisible()
}

/** A valid IIN (born 1 Jan 1980, a man), for the request's subject. */
function anIin(): string {
  for (let serial = 4100; ; serial++) {
    const first11 = `8001013${serial}`
    const check = iinCheckDigit(first11)
    if (check !== null) return `${first11}${check}`
  }
}

test.describe('without a token driver', () => {
  let host: RunningHost
  test.beforeEach(async () => {
    host = await startHost()
    await host.page.setViewportSize({ width: 1366, height: 768 })
  })
  test.afterEach(async () => {
    await host.close()
  })

  test('the panel says no token driver is configured on this desk', async () => {
    const { page } = host
    await signIn(page, 'operator')
    await openTokens(page)
    const module = page.locator('[data-test=tokens-module]')
    await expect(module).toHaveAttribute('data-error', 'module_not_configured')
    // The operator's language is Russian by default.
    await expect(module).toContainText('WORKSTATION_PKCS11_MODULE')
    await expect(module).toContainText(/не настроен драйвер токенов/)
    await expect(page.locator('[data-test=tokens-empty]')).toBeVisible()
    await expect(page.locator('[data-test=token-card]')).toHaveCount(0)
  })

  test('an operator imports a PKCS#12 key file: its passphrase is asked in the PIN window, and its certificate signs for them', async () => {
    const { page, workstation } = host
    // A key file as `openssl pkcs12 -export` writes it (AES-256), of a CA the security administrator trusts.
    const pki = await createTestPki()
    const file = join(pki.dir, 'ivanov.p12')
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', pki.rsa.keyPath, '-in', pki.rsa.certPath, '-certfile', pki.rootPath, '-passout', 'pass:secret', '-out', file], { stdio: ['ignore', 'pipe', 'pipe'] })
    const admin = 'test:admin'
    expect(await workstation.dispatch(admin, 'session.signIn', { login: 'admin', password: DEMO_PASSWORD })).toMatchObject({ ok: true })
    expect(await workstation.dispatch(admin, 'trust.addAnchors', { certificates: pki.root.pem })).toMatchObject({ ok: true })

    await signIn(page, 'operator')
    await openTokens(page)
    const mine = page.locator('[data-test=token-my-certs]')
    await expect(mine.locator('[data-test=token-my-cert-row]')).toHaveCount(1)
    await expect(page.locator('[data-test=token-import]')).toContainText('.p12, .pfx')

    // The passphrase is asked in a window of its own, saying why and for which file.
    let next = page.context().waitForEvent('page')
    await page.locator('[data-test=token-import-input]').setInputFiles(file)
    let pin = await next
    const pinDialog = pin.locator('[data-test=pin-dialog]')
    await expect(pinDialog).toHaveAttribute('data-state', 'ready')
    await expect(pinDialog).toHaveAttribute('data-purpose', 'import')
    await expect(pinDialog).toHaveAttribute('data-kind', 'key_passphrase')
    await expect(pin.locator('[data-test=pin-purpose]')).toHaveText('Файл ключа будет открыт, чтобы взять его ключ и сертификат для ваших подписей.')
    await expect(pin.locator('[data-test=pin-holder]')).toHaveText('ivanov.p12')
    await expect(page.locator('[data-test=token-import-waiting]')).toContainText('ivanov.p12')
    // A wrong passphrase first: the window closes and a new one says so; then the right one.
    next = page.context().waitForEvent('page')
    await pin.locator('[data-test=pin-input]').fill('Secret')
    await pin.locator('[data-test=pin-submit]').click()
    pin = await next
    await expect(pin.locator('[data-test=pin-retry]')).toContainText('Неверный пароль')
    await expect(pin.locator('[data-test=pin-holder]')).toHaveText('ivanov.p12')
    await enterPin(page, 'secret')

    await expect(page.locator('.el-message--success')).toContainText('Ivanov Ivan')
    const imported = mine.locator('[data-test=token-my-cert-row]', { hasText: 'Ivanov Ivan' })
    await expect(imported).toHaveAttribute('data-key-store', 'software')
    await expect(imported).toHaveAttribute('data-status', 'active')
    await expect(mine.locator('[data-test=token-my-cert-row]')).toHaveCount(2)
    await expect(page.locator('[data-test=token-import-waiting]')).toHaveCount(0)
    await settle(page)
    await page.locator('[data-test=token-mine]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/tokens-key-file-imported.png` })
  })
})

test.describe('with a SoftHSM token inserted', () => {
  let hsm: SoftHsm | undefined
  let host: RunningHost
  test.beforeAll(() => {
    const missing = softHsmMissing()
    test.skip(missing !== null && !process.env.CI, `SoftHSM cannot run here: ${missing}`)
    hsm = createSoftHsm()
  })
  test.afterAll(() => {
    hsm?.cleanup()
  })
  test.beforeEach(async () => {
    host = await startHost({ pkcs11Module: hsm!.module })
    await host.page.setViewportSize({ width: 1366, height: 768 })
  })
  test.afterEach(async () => {
    await host.close()
  })

  test('an operator sees the token, its PIN state and its RSA and EC-P256 certificates', async () => {
    const { page } = host
    await signIn(page, 'operator')
    await openTokens(page)
    await expect(page.locator('[data-test=tokens-module]')).toContainText(hsm!.module)
    await expect(page.locator('[data-test=tokens-module]')).toHaveAttribute('data-error', '')
    const card = page.locator('[data-test=token-card][data-label=operator]')
    await expect(card).toHaveCount(1)
    await expect(card.locator('[data-test=token-label]')).toHaveText('operator')
    await expect(card.locator('[data-test=token-pin-state]')).toHaveAttribute('data-state', 'ok')
    const rows = card.locator('[data-test=token-cert-row]')
    await expect(rows).toHaveCount(2)
    await expect(card.locator('[data-test=token-cert-row][data-algorithm=RSA]')).toContainText('operator RSA')
    await expect(card.locator('[data-test=token-cert-row][data-algorithm=EC-P256]')).toContainText('operator EC')
    for (const row of await rows.all()) {
      await expect(row).toHaveAttribute('data-validity', 'valid')
      await expect(row).toHaveAttribute('data-private-key', 'true')
    }
    await expect(card).toContainText('Test Payment System CA')
    await page.screenshot({ path: `${SHOTS}/tokens-panel.png` })
  })

  test('an operator takes the token’s RSA certificate for their signatures, then unbinds it with a reason', async () => {
    const { page, workstation } = host
    // The security administrator has trusted the token certificates' CA (the bind checks the chain).
    const admin = 'test:admin'
    expect(await workstation.dispatch(admin, 'session.signIn', { login: 'admin', password: DEMO_PASSWORD })).toMatchObject({ ok: true })
    expect(await workstation.dispatch(admin, 'trust.addAnchors', { certificates: readFileSync(hsm!.caPem, 'utf8') })).toMatchObject({ ok: true })

    await signIn(page, 'operator')
    await openTokens(page)
    const mine = page.locator('[data-test=token-my-certs]')
    // The demo database gave the operator a demo key file.
    await expect(mine.locator('[data-test=token-my-cert-row][data-key-store=software]')).toHaveCount(1)
    const card = page.locator('[data-test=token-card][data-label=operator]')
    const rsaRow = card.locator('.el-table__row', { has: page.locator('[data-test=token-cert-row][data-algorithm=RSA]') })

    // The panel carries the certificate's bytes: one click binds it (its chain is checked by the core).
    await rsaRow.locator('[data-test=token-cert-bind]').click()
    await expect(page.locator('.el-message--success')).toContainText('operator RSA')
    const bound = mine.locator('[data-test=token-my-cert-row][data-key-store=token]')
    await expect(bound).toHaveCount(1)
    await expect(bound).toHaveAttribute('data-status', 'active')
    await expect(bound).toContainText('operator RSA')
    await expect(rsaRow.locator('[data-test=token-cert-bound]')).toBeVisible()
    await settle(page)
    await page.locator('[data-test=token-mine]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${SHOTS}/tokens-my-certificates.png` })

    const fingerprint = await bound.getAttribute('data-fingerprint')
    await mine.locator(`[data-test=token-my-cert-unbind][data-fingerprint="${fingerprint}"]`).click()
    const box = page.locator('.el-message-box')
    await expect(box).toContainText('operator RSA')
    await box.locator('input').fill('Token lost on the way home')
    await box.getByRole('button', { name: /^(OK|Ок)$/i }).click()
    await expect(bound).toHaveAttribute('data-status', 'unbound')
    await expect(mine.locator(`[data-test=token-my-cert-unbind][data-fingerprint="${fingerprint}"]`)).toHaveCount(0)
  })

  test('a key pair is generated on the token: the PIN window says why, warns after a wrong PIN, and the right PIN gives a CSR', async () => {
    // Three windows, two logins and a key generation on the token: more than the default time on a loaded machine.
    test.slow()
    const { page } = host
    await signIn(page, 'operator')
    await openTokens(page)
    const card = page.locator('[data-test=token-card][data-label=operator]')
    await card.locator('[data-test=token-generate]').click()
    const dialog = page.locator('[data-test=token-generate-dialog]')
    await expect(dialog).toBeVisible()

    // Checked before anything is sent: required fields, and an IIN with a wrong check digit.
    await dialog.locator('input[data-test=token-generate-iin]').fill('800101300000')
    await dialog.locator('[data-test=token-generate-submit]').click()
    await expect(dialog.locator('.el-form-item__error')).toHaveCount(3)
    await expect(dialog).toContainText('Заполните поле «Метка ключа»')
    await expect(dialog).toContainText('ИИН — 12 цифр с верной контрольной цифрой')
    await page.screenshot({ path: `${SHOTS}/token-generate-invalid.png` })

    await dialog.locator('[data-test=token-generate-algorithm]').getByText('EC P-256').click()
    await dialog.locator('input[data-test=token-generate-label]').fill('e2e signing key')
    await dialog.locator('input[data-test=token-generate-cn]').fill('Marat Abenov')
    await dialog.locator('input[data-test=token-generate-iin]').fill(anIin())
    await dialog.locator('input[data-test=token-generate-org]').fill('Payment System Operator')
    await expect(dialog.locator('.el-form-item__error')).toHaveCount(0)

    // The PIN is asked in a page of its own (a separate window), not in the app's page.
    let next = page.context().waitForEvent('page')
    await dialog.locator('[data-test=token-generate-submit]').click()
    let pin = await next
    const pinDialog = pin.locator('[data-test=pin-dialog]')
    await expect(pinDialog).toHaveAttribute('data-state', 'ready')
    await expect(pinDialog).toHaveAttribute('data-purpose', 'generate')
    await expect(pin.locator('[data-test=pin-purpose]')).toHaveText('На токене будет создана новая ключевая пара.')
    await expect(pin.locator('[data-test=pin-token]')).toHaveText('operator')
    await expect(pin.locator('[data-test=pin-holder]')).toHaveText('Marat Abenov')
    await expect(pin.locator('[data-test=pin-retry]')).toHaveCount(0)
    await expect(pin.locator('[data-test=pin-input]')).toBeFocused()
    await expect(dialog.locator('[data-test=token-generate-waiting]')).toBeVisible()
    // The app's page has no PIN bridge, and the PIN page may not call the core.
    expect(await page.evaluate(() => 'pinDialog' in window || '__pinDialog' in window)).toBe(false)
    const refused = await pin.evaluate(() => window.api.session.state({}))
    expect(refused.ok ? 'answered' : refused.error.code).toBe('FORBIDDEN')
    await pin.screenshot({ path: `${SHOTS}/pin-dialog.png` })

    // A wrong PIN (typed, then Enter): the window closes and a new one says so.
    next = page.context().waitForEvent('page')
    await pin.locator('[data-test=pin-input]').fill('0000')
    // Enter answers on key-down, and the window closes at once: no key-up is sent to a closed page.
    await pin.keyboard.down('Enter')
    pin = await next
    await expect(pin.locator('[data-test=pin-dialog]')).toHaveAttribute('data-state', 'ready')
    await expect(pin.locator('[data-test=pin-retry]')).toContainText('Неверный PIN-код. Введите его ещё раз.')
    await expect(pin.locator('[data-test=pin-holder]')).toHaveText('Marat Abenov')
    await pin.screenshot({ path: `${SHOTS}/pin-dialog-retry.png` })

    await pin.locator('[data-test=pin-input]').fill(hsm!.pin)
    await pin.locator('[data-test=pin-submit]').click()
    const csr = dialog.locator('textarea[data-test=token-csr]')
    await expect(csr).toHaveValue(/^-----BEGIN CERTIFICATE REQUEST-----/, { timeout: 30_000 })
    await expect(dialog.locator('[data-test=token-generate-done]')).toContainText('e2e signing key')
    await expect(dialog.locator('[data-test=token-csr-copy]')).toBeVisible()
    await expect(dialog.locator('[data-test=token-csr-save]')).toBeVisible()
    expect(page.context().pages()).toHaveLength(1)
    await settle(page)
    await page.screenshot({ path: `${SHOTS}/token-csr.png` })

    // The request is one openssl reads: signed by the new key, with the subject asked for.
    const file = join(hsm!.dir, 'e2e.csr')
    writeFileSync(file, await csr.inputValue())
    const subject = execFileSync('openssl', ['req', '-in', file, '-noout', '-verify', '-subject'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    expect(subject).toContain('CN = Marat Abenov')
    expect(subject).toContain('O = Payment System Operator')
  })

  test('Cancel in the PIN window leaves the token untouched and says the PIN entry was cancelled', async () => {
    const { page } = host
    await signIn(page, 'operator')
    await openTokens(page)
    await page.locator('[data-test=token-card][data-label=operator] [data-test=token-generate]').click()
    const dialog = page.locator('[data-test=token-generate-dialog]')
    await dialog.locator('input[data-test=token-generate-label]').fill('never made')
    await dialog.locator('input[data-test=token-generate-cn]').fill('Marat Abenov')
    await dialog.locator('[data-test=token-generate-submit]').click()
    const pin = await enterPin(page, null)
    expect(pin.isClosed()).toBe(true)
    await expect(dialog.locator('[data-test=token-generate-error]')).toContainText('ввод PIN-кода отменён')
    await expect(dialog.locator('textarea[data-test=token-csr]')).toHaveCount(0)
    await page.screenshot({ path: `${SHOTS}/token-generate-cancelled.png` })
  })
})
