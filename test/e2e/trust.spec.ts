// The trust store screen (issue 6, R12.1): the CA certificates the desk trusts, revocation lists and the parties'
// encryption certificates. The security administrator adds and removes them from files chosen on the PC; everyone
// else sees them read-only. Real backend (the demo database), Debian's Chromium, certificates made by the test PKI
// (@peculiar/x509) and by openssl.
import 'reflect-metadata'
import { execFileSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { createTestPki, storeUncheckedCrl, type TestPki } from '../support/test-pki'
import { settle, signIn, startHost, type RunningHost } from './support/host'

const SHOTS = 'test-results'

let pki: TestPki
let host: RunningHost
test.beforeAll(async () => {
  pki = await createTestPki()
})
test.afterAll(() => {
  rmSync(pki.dir, { recursive: true, force: true })
})
test.beforeEach(async () => {
  host = await startHost()
  await host.page.setViewportSize({ width: 1366, height: 768 })
})
test.afterEach(async () => {
  await host.close()
})

async function openTrust(page: Page): Promise<void> {
  await page.locator('[data-test=nav-trust]').click()
  await expect(page.locator('[data-test=trust-page]')).toBeVisible()
  await expect(page.locator('[data-test=trust-anchors-table]')).toBeVisible()
}

/** Answers the reason prompt of a remove action. */
async function giveReason(page: Page, reason: string): Promise<void> {
  const box = page.locator('.el-message-box')
  await box.locator('input').fill(reason)
  await box.getByRole('button', { name: /^(OK|Ок)$/i }).click()
}

/** A CA certificate that ends in 10 days (shown as expiring), as DER: a .cer file without PEM armour. */
function expiringCaDer(dir: string): string {
  const key = join(dir, 'expiring.key')
  const cer = join(dir, 'expiring.cer')
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cer, '-outform', 'DER',
    '-subj', '/C=KZ/O=Short-lived Bank/CN=Short-lived Participant CA', '-days', '10',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'
  ], { stdio: 'ignore' })
  return cer
}

test('the security administrator adds CA certificates, a CRL and a party certificate from files, and removes with a reason', async () => {
  const { page } = host
  await signIn(page, 'admin')
  await openTrust(page)
  await expect(page.locator('[data-test=trust-read-only]')).toHaveCount(0)
  // The demo database trusts its operator CA.
  const anchors = page.locator('[data-test=trust-anchors-table]')
  await expect(anchors.locator('[data-test=trust-anchor-row]')).toHaveCount(1)
  await expect(anchors).toContainText('Operator Demo CA')

  // A PEM file and a DER .cer file, chosen together.
  await page.locator('[data-test=trust-add-anchors-input]').setInputFiles([pki.root.certPath, expiringCaDer(pki.dir)])
  await expect(page.locator('.el-message--success')).toContainText('Добавлено сертификатов УЦ: 2')
  const root = anchors.locator('[data-test=trust-anchor-row]', { hasText: 'Test Root CA' })
  await expect(root).toHaveCount(1)
  await expect(root).toHaveAttribute('data-status', 'valid')
  const expiring = anchors.locator('[data-test=trust-anchor-row]', { hasText: 'Short-lived Participant CA' })
  await expect(expiring).toHaveAttribute('data-status', 'expiring')
  await expect(anchors.locator('.el-table__row', { hasText: 'Short-lived Participant CA' }).locator('[data-test=trust-validity]')).toHaveText('Скоро истекает')
  await expect(page.locator('#tab-anchors')).toContainText('(3)')
  const rootFingerprint = await root.getAttribute('data-fingerprint')
  expect(rootFingerprint).toMatch(/^[0-9A-F]{64}$/)
  await settle(page)
  await page.screenshot({ path: `${SHOTS}/trust-anchors.png` })

  // An end-entity certificate is not a CA: refused, worded in Russian, nothing added.
  await page.locator('[data-test=trust-add-anchors-input]').setInputFiles(pki.rsa.certPath)
  await expect(page.locator('.el-message--error')).toContainText('Некоторые поля заполнены неверно')
  await expect(anchors.locator('[data-test=trust-anchor-row]')).toHaveCount(3)

  // The root's revocation list.
  const crlFile = join(pki.dir, 'root.crl.pem')
  writeFileSync(crlFile, pki.crlPem)
  await page.locator('#tab-crls').click()
  await page.locator('[data-test=trust-add-crl-input]').setInputFiles(crlFile)
  const crls = page.locator('[data-test=trust-crls-table]')
  await expect(crls.locator('[data-test=trust-crl-row]')).toHaveCount(1)
  await expect(crls).toContainText('Test Root CA')
  await expect(crls.locator('[data-test=trust-crl-revoked]')).toHaveText('1')
  await settle(page)
  await page.screenshot({ path: `${SHOTS}/trust-crls.png` })

  // An encryption certificate for a participant (Kaspi Bank, P001), chosen in the dialog.
  await page.locator('#tab-parties').click()
  const parties = page.locator('[data-test=trust-parties-table]')
  await expect(parties.locator('[data-test=trust-party-row][data-party=settlement_bank]')).toHaveCount(1)
  await page.locator('[data-test=trust-add-party]').click()
  const dialog = page.locator('[data-test=trust-party-dialog]')
  await expect(dialog).toBeVisible()
  await dialog.locator('[data-test=trust-party-submit]').click()
  await expect(dialog.locator('[data-test=trust-party-error]')).toContainText('Выберите сторону')
  await dialog.locator('[data-test=trust-party-select]').click()
  await page.getByRole('option', { name: /P001/ }).click()
  await dialog.locator('[data-test=trust-party-file]').setInputFiles(pki.rsa.certPath)
  await expect(dialog.locator('[data-test=trust-party-file-name]')).toHaveText('rsa.pem')
  await page.screenshot({ path: `${SHOTS}/trust-party-dialog.png` })
  await dialog.locator('[data-test=trust-party-submit]').click()
  await expect(dialog).toBeHidden()
  const kaspi = parties.locator('[data-test=trust-party-row][data-party=P001]')
  await expect(kaspi).toHaveCount(1)
  await expect(kaspi).toContainText('P001')
  await expect(parties).toContainText('Ivanov Ivan')
  await settle(page)
  await page.screenshot({ path: `${SHOTS}/trust-parties.png` })

  // Removed with a reason (asked in a confirmation); the reason is required.
  await parties.locator('.el-table__row', { hasText: 'Ivanov Ivan' }).locator('[data-test=trust-party-remove]').click()
  await giveReason(page, 'Replaced by a new certificate')
  await expect(kaspi).toHaveCount(0)

  await page.locator('#tab-anchors').click()
  await anchors.locator(`[data-test=trust-anchor-remove][data-fingerprint="${rootFingerprint}"]`).click()
  const box = page.locator('.el-message-box')
  await expect(box).toContainText('Test Root CA')
  await box.locator('input').fill('x')
  await box.getByRole('button', { name: /^(OK|Ок)$/i }).click()
  await expect(box).toContainText('не менее 3 символов')
  await page.screenshot({ path: `${SHOTS}/trust-remove-reason.png` })
  await giveReason(page, 'Test CA withdrawn by the operator')
  await expect(root).toHaveCount(0)
  await expect(anchors.locator('[data-test=trust-anchor-row]')).toHaveCount(2)

  // The removal and its reason are in the audit log (the dispatcher records the call with its input).
  const audit = host.workstation.db
    .prepare("SELECT outcome, detail FROM audit_log WHERE action = 'trust.removeAnchor' ORDER BY seq DESC LIMIT 1")
    .get() as { outcome: string; detail: string } | undefined
  expect(audit?.outcome).toBe('ok')
  expect(audit?.detail).toContain('Test CA withdrawn by the operator')
})

test('a revocation list stored before its CA was checked for cRLSign is shown as not trusted, with why (RFC 5280 6.3.3 (f), R12.1)', async () => {
  const { page } = host
  await signIn(page, 'admin')
  await openTrust(page)
  await page.locator('[data-test=trust-add-anchors-input]').setInputFiles(pki.noCrlSignCa.certPath)
  await expect(page.locator('.el-message--success')).toBeVisible()
  // Its CA may not sign CRLs; trust.addCrl refuses such a list now, but stored it before.
  await storeUncheckedCrl(host.workstation.db, pki, host.clock.now())
  await page.locator('[data-test=trust-refresh]').click()
  await page.locator('#tab-crls').click()
  const row = page.locator('[data-test=trust-crl-row]')
  await expect(row).toHaveCount(1)
  await expect(row).toHaveAttribute('data-untrusted', 'issuer_not_crl_signer')
  await expect(row.locator('[data-test=trust-crl-untrusted]')).toHaveText('Недоверенный')
  await expect(page.locator('[data-test=trust-crls-table]')).toContainText('не вправе подписывать списки отзыва')
  await settle(page)
  await page.screenshot({ path: `${SHOTS}/trust-crl-untrusted.png` })
})

test('staff without trust.manage see the trust store but no change actions', async () => {
  const { page } = host
  await signIn(page, 'operator')
  await openTrust(page)
  await expect(page.locator('[data-test=trust-read-only]')).toBeVisible()
  const anchors = page.locator('[data-test=trust-anchors-table]')
  await expect(anchors).toContainText('Operator Demo CA')
  await expect(anchors.locator('[data-test=trust-anchor-row]').first()).toHaveAttribute('data-status', 'valid')
  await expect(page.locator('[data-test=trust-add-anchors]')).toHaveCount(0)
  await expect(page.locator('[data-test=trust-anchor-remove]')).toHaveCount(0)
  await page.screenshot({ path: `${SHOTS}/trust-read-only.png` })
  await page.locator('#tab-parties').click()
  await expect(page.locator('[data-test=trust-parties-table]')).toContainText('Settlement Bank documents')
  await expect(page.locator('[data-test=trust-add-party]')).toHaveCount(0)
  await expect(page.locator('[data-test=trust-party-remove]')).toHaveCount(0)
  // The dispatcher refuses the change anyway.
  const refused = await page.evaluate(() => window.api.trust.removeAnchor({ fingerprint: 'A'.repeat(64), reason: 'not mine to do' }))
  expect(refused.ok).toBe(false)
  expect(refused.ok ? '' : refused.error.code).toBe('FORBIDDEN')
})
