// The token panel (issue 6, R12.1): the desk's PKCS#11 module, or why there is none, and each inserted token with
// its PIN state and certificates. A real SoftHSM2 token made by its own command-line tools; real backend (the
// demo database), Debian's Chromium, no mocks. SoftHSM reads SOFTHSM2_CONF once per process: the store is made
// in this file's beforeAll (playwright runs each spec file in its own worker) before any host opens the module.
import { expect, test, type Page } from '@playwright/test'
import { createSoftHsm, softHsmMissing, type SoftHsm } from '../support/softhsm'
import { signIn, startHost, type RunningHost } from './support/host'

const SHOTS = 'test-results'

async function openTokens(page: Page): Promise<void> {
  await page.locator('[data-test=nav-tokens]').click()
  await expect(page.locator('[data-test=tokens-page]')).toBeVisible()
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
})
