// The foundation's user journeys in the Chromium host (R12.4 one-time password and forced change,
// R12.5 inactivity lock, role navigation, audit verification).
import { expect, test } from '@playwright/test'
import { chooseLocale, DEMO_PASSWORD, settle, signIn, startHost, type RunningHost } from './support/host'

let host: RunningHost
test.beforeEach(async () => {
  host = await startHost()
})
test.afterEach(async () => {
  await host.close()
})

const NAV = ['overview', 'users', 'approvals', 'audit', 'settings', 'backups', 'participants', 'terminals', 'operations', 'clients', 'accounts', 'instruments', 'rates'] as const

async function visibleNav(h: RunningHost): Promise<string[]> {
  await expect(h.page.locator('[data-test=app-shell]')).toBeVisible()
  const shown: string[] = []
  for (const item of NAV) if (await h.page.locator(`[data-test=nav-${item}]`).isVisible()) shown.push(item)
  return shown
}

/** The forced change after a sign-in with a one-time password: the current one, the new one twice. */
async function changeOneTimePassword(page: RunningHost['page'], otp: string, next: string): Promise<void> {
  await expect(page.locator('[data-test=pwchange-submit]')).toBeVisible()
  await page.locator('input[data-test=pwchange-current]').fill(otp)
  await page.locator('input[data-test=pwchange-new]').fill(next)
  await page.locator('input[data-test=pwchange-repeat]').fill(next)
  await page.locator('[data-test=pwchange-submit]').click()
}

test('an administrator issues a login; the new officer signs in with the one-time password and must change it (R12.4)', async () => {
  const { page } = host
  await signIn(page, 'admin')
  await page.locator('[data-test=nav-users]').click()
  await expect(page.locator('[data-test=users-table]')).toContainText('kaspi.operator')
  await page.locator('[data-test=users-create]').click()
  await page.locator('input[data-test=user-login]').fill('1-bad login')
  await page.locator('input[data-test=user-name]').fill('Aliya Seitkali')
  await page.locator('[data-test=user-roles]').click()
  await page.getByRole('option', { name: /operations|операци|операциялар/i }).first().click()
  await page.keyboard.press('Escape')
  await page.locator('[data-test=user-create-submit]').click()
  // Refused by the dispatcher's schema, worded in the user's language, and nothing is created.
  await expect(page.locator('.el-message--error')).toContainText('Логин: неверный формат')
  await page.locator('input[data-test=user-login]').fill('aliya.officer')
  await page.locator('[data-test=user-create-submit]').click()
  const otp = (await page.locator('[data-test=otp-value]').innerText()).trim()
  expect(otp).toMatch(/^\S{16}$/)
  await page.screenshot({ path: 'test-results/users-one-time-password.png' })
  await page.keyboard.press('Escape')
  await page.locator('[data-test=signout]').click()

  await signIn(page, 'aliya.officer', otp)
  await changeOneTimePassword(page, otp, 'weak')
  // The policy's reasons arrive as codes and read in the user's language (Russian by default).
  await expect(page.locator('[data-test=pwchange-error]')).toContainText('не короче 12 символов')
  await page.screenshot({ path: 'test-results/password-change-policy.png' })

  await page.locator('input[data-test=pwchange-new]').fill('Almaty#Spring2027')
  await page.locator('input[data-test=pwchange-repeat]').fill('Almaty#Spring2027')
  await page.locator('[data-test=pwchange-submit]').click()
  expect(await visibleNav(host)).toEqual(['overview', 'participants', 'terminals', 'operations', 'clients', 'accounts', 'instruments', 'rates'])
  await expect(page.locator('[data-test=user-menu-name]')).toContainText('Aliya Seitkali')
  await page.screenshot({ path: 'test-results/shell-operations-officer.png', fullPage: true })
})

test('navigation shows only what each role allows', async () => {
  const expected: Record<string, string[]> = {
    // The security administrator keeps users and settings, not the Center's business data.
    admin: ['overview', 'users', 'approvals', 'audit', 'settings', 'backups', 'participants'],
    auditor: ['overview', 'users', 'audit', 'backups', 'participants', 'terminals', 'operations', 'clients', 'accounts', 'instruments', 'rates'],
    clearing: ['overview', 'participants', 'terminals', 'operations', 'clients', 'accounts', 'instruments', 'rates'],
    'kaspi.operator': ['overview', 'users', 'participants', 'terminals', 'operations', 'clients', 'accounts', 'instruments', 'rates'],
    'halyk.viewer': ['overview', 'participants', 'terminals', 'operations', 'clients', 'accounts', 'instruments', 'rates']
  }
  for (const [login, items] of Object.entries(expected)) {
    await signIn(host.page, login)
    expect(await visibleNav(host), login).toEqual(items)
    if (login === 'admin') await host.page.screenshot({ path: 'test-results/shell-administrator.png', fullPage: true })
    await host.page.locator('[data-test=signout]').click()
    await expect(host.page.locator('[data-test=signin-submit]')).toBeVisible()
  }
})

test('the session locks after the configured inactivity, unlocks with the password, and signs out (R12.5)', async () => {
  const { page, clock } = host
  await signIn(page, 'admin')
  await page.locator('[data-test=nav-settings]').click()
  const inactivity = page.locator('[data-test=settings-inactivity] input')
  await inactivity.fill('1')
  await inactivity.press('Tab')
  await page.locator('[data-test=settings-save]').click()
  await expect(inactivity).toHaveValue('1')

  clock.advance(61_000)
  await expect(page.locator('[data-test=lock-screen]')).toBeVisible({ timeout: 15_000 })
  await page.screenshot({ path: 'test-results/lock-screen.png' })
  // The lock is the dispatcher's, not the screen's: a call straight through window.api is refused.
  const direct = await page.evaluate(() => window.api.users.list({}))
  expect(direct).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } })

  await page.locator('input[data-test=lock-password]').fill('not-my-password')
  await page.locator('[data-test=lock-submit]').click()
  await expect(page.locator('[data-test=lock-screen]')).toBeVisible()
  await page.locator('input[data-test=lock-password]').fill(DEMO_PASSWORD)
  await page.locator('[data-test=lock-submit]').click()
  await expect(page.locator('[data-test=app-shell]')).toBeVisible()

  await page.locator('[data-test=signout]').click()
  await expect(page.locator('[data-test=signin-submit]')).toBeVisible()
  expect(await page.evaluate(() => window.api.session.state({}))).toMatchObject({ ok: true, value: { status: 'signedOut' } })
})

test('an auditor verifies the audit chain', async () => {
  const { page, workstation: ws } = host
  // An officer renamed a participant at another desk: the record shows the name before and after (R12.1, R9.2.1).
  ws.dispatch('other-desk', 'session.signIn', { login: 'operator', password: DEMO_PASSWORD })
  const list = ws.dispatch('other-desk', 'participants.list', {}) as { ok: true; value: { id: string; code: string; name: string; issuer: boolean; acquirer: boolean }[] }
  const p5 = list.value.find((p) => p.code === 'P005')!
  expect(ws.dispatch('other-desk', 'participants.update', { participantId: p5.id, name: 'Freedom Bank JSC', issuer: p5.issuer, acquirer: p5.acquirer })).toMatchObject({ ok: true })
  await signIn(page, 'auditor', 'not-my-password')
  await expect(page.locator('[data-test=signin-error]')).toBeVisible()
  await signIn(page, 'auditor')
  await page.locator('[data-test=nav-audit]').click()
  await expect(page.locator('[data-test=audit-table]')).toContainText('session.signIn')
  // A refusal is worded like an acceptance: its outcome and why, in the user's language (the auditor's is English), not the error's code.
  const refused = page.locator('[data-test=audit-table] [data-test=audit-outcome][data-code=INVALID_CREDENTIALS]').first()
  await expect(refused).toContainText('refused')
  await expect(refused).toContainText('Wrong login or password')
  await expect(page.locator('[data-test=audit-table]')).not.toContainText('INVALID_CREDENTIALS')
  const rename = page.locator('[data-test=audit-table] [data-test=audit-change]').first()
  await expect(rename.locator('[data-field=name]')).toHaveText(`Name: ${p5.name} → Freedom Bank JSC`)
  await expect(rename.locator('[data-field]')).toHaveCount(1)
  // A day's close names the operational day as the screens write days (06/12/2026 in English), not 2026-12-06.
  const subjects = page.locator('[data-test=audit-table] tbody tr td:nth-child(6)')
  await expect(subjects.filter({ hasText: /\d{2}\/\d{2}\/\d{4}/ }).first()).toBeVisible()
  expect((await subjects.allInnerTexts()).filter((s) => /\d{4}-\d{2}-\d{2}/.test(s))).toEqual([])
  await page.locator('[data-test=audit-verify]').click()
  await expect(page.locator('[data-test=audit-verify-result]')).toBeVisible()
  await expect(page.locator('[data-test=audit-verify-result]')).toHaveAttribute('data-intact', 'true')
  // R12.1: the check counts the records the table counts, not also the list's own record written after it read.
  const total = await page.locator('[data-test=audit-shown]').getAttribute('data-total')
  await expect(page.locator('[data-test=audit-verify-result]')).toHaveAttribute('data-records', total!)
  await page.screenshot({ path: 'test-results/audit-log.png', fullPage: true })
})

test('an administrator backs the database up while the desk works, and checks the copy (R12.1)', async () => {
  const { page } = host
  await signIn(page, 'admin')
  await page.locator('[data-test=nav-backups]').click()
  await expect(page.locator('[data-test=backups-table]')).toBeVisible()
  // The disk's room is told before a copy is asked for: the test machine has it.
  await expect(page.locator('[data-test=backup-storage]')).toContainText('Свободно на диске')
  // Whom a copy is encrypted to is said before one is made (R12.1): the demo's administrators hold certificates.
  await expect(page.locator('[data-test=backup-recipients]')).toContainText('Новые копии шифруются на:')
  await page.locator('[data-test=backup-create]').click()
  const state = page.locator('[data-test=backups-table] [data-test=backup-state]').first()
  await expect(state).toBeVisible({ timeout: 30_000 })
  const row = page.locator('[data-test=backups-table] tbody tr').first()
  await expect(row).toContainText(/workstation-\d{8}-\d{6}\.db/)
  await expect(row).toContainText('admin')
  // Encrypted to the administrators' certificates (R12.1): the row names whose token opens it.
  await expect(row.locator('[data-test=backup-encrypted]')).toContainText('Зашифрована на')
  // Its fingerprint, to write in the backup register: a restore of a backup this desk did not make asks for it.
  await expect(row.locator('[data-test=backup-fingerprint]')).toHaveAttribute('data-fingerprint', /^[0-9a-f]{64}$/)
  await expect(row.locator('[data-test=backup-not-made-here]')).toHaveCount(0)
  await row.locator('[data-test=backup-check]').click()
  // The admin's language is Russian: the encrypted copy is found unchanged, without opening it.
  await expect(state).toContainText('Не изменена после создания', { timeout: 30_000 })
  await page.screenshot({ path: 'test-results/backups.png', fullPage: true })
})

test('the interface speaks Kazakh, Russian and English and remembers the choice per user', async () => {
  const { page } = host
  const title = page.locator('[data-test=signin-submit]')
  const texts = new Set<string>()
  for (const locale of ['kk', 'ru', 'en'] as const) {
    await chooseLocale(page, locale)
    texts.add((await title.innerText()).trim())
  }
  expect(texts.size).toBe(3)
  // 'disputes' is stored with Kazakh: signing in switches the interface to it.
  await signIn(page, 'disputes')
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk')
})

test('the page runs under the CSP, cannot reach the network, and window.api cannot be replaced', async () => {
  const { page } = host
  // Code the page itself runs (not Playwright's evaluation, which DevTools exempts): an inline script
  // and a string timer (eval) must both be refused by the header's script-src 'self'.
  const csp = await page.evaluate(async () => {
    const violations: string[] = []
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective))
    const inline = document.createElement('script')
    inline.textContent = 'window.__inlineRan = true'
    document.head.append(inline)
    setTimeout('window.__evalRan = true', 0)
    await new Promise((r) => setTimeout(r, 200))
    const w = window as unknown as { __inlineRan?: boolean; __evalRan?: boolean }
    return { inline: w.__inlineRan === true, eval: w.__evalRan === true, violations }
  })
  expect(csp.inline).toBe(false)
  expect(csp.eval).toBe(false)
  expect(csp.violations).toEqual(expect.arrayContaining(['script-src-elem', 'script-src']))
  const fetched = await page.evaluate(() => fetch('https://example.com/').then(() => 'reached', () => 'blocked'))
  expect(fetched).toBe('blocked')
  const replaced = await page.evaluate(() => {
    try {
      ;(window as unknown as { api: unknown }).api = { hacked: true }
    } catch {
      /* strict-mode assignment to a read-only property */
    }
    return typeof (window.api as unknown as { session?: unknown }).session
  })
  expect(replaced).toBe('object')
  const unknownCall = await page.evaluate(() => (window as unknown as { __workstationCall: (n: string, i: unknown) => Promise<unknown> }).__workstationCall('users.drop', {}))
  expect(unknownCall).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } })
})

test('window.api names no file on this machine, whoever drives the page (R14.3, R12.1)', async () => {
  const { page } = host
  // DevTools are open to anyone at the Chromium host: a participant's viewer must not get the core to copy a file.
  await signIn(page, 'halyk.viewer')
  await expect(page.locator('[data-test=app-shell]')).toBeVisible()
  const refused = await page.evaluate(async () => [
    await window.api.messages.validate({ path: '/etc/hostname' }),
    await window.api.crypto.verifyFile({ path: '/etc/hostname' })
  ])
  expect(refused).toMatchObject([{ ok: false, error: { code: 'FORBIDDEN' } }, { ok: false, error: { code: 'FORBIDDEN' } }])
})

test('an administrator blocks a user with a reason; the user is refused at sign-in', async () => {
  const { page } = host
  await signIn(page, 'admin')
  await page.locator('[data-test=nav-users]').click()
  await page.locator('[data-test=user-actions-operator]').click()
  await page.getByRole('menuitem', { name: 'Заблокировать' }).click()
  await page.getByRole('dialog').locator('input').fill('ok')
  await page.getByRole('dialog').getByRole('button', { name: /^(OK|Ок)$/ }).click()
  await expect(page.getByRole('dialog')).toContainText('не менее 3 символов')
  await page.getByRole('dialog').locator('input').fill('left the bank')
  await page.getByRole('dialog').getByRole('button', { name: /^(OK|Ок)$/ }).click()
  await expect(page.locator('[data-test=users-table] tr', { hasText: 'Marat Abenov' })).toContainText('Заблокирован')
  await page.screenshot({ path: 'test-results/users-blocked.png' })
  await page.locator('[data-test=signout]').click()
  await signIn(page, 'operator')
  await expect(page.locator('[data-test=signin-error]')).toContainText('Учётная запись заблокирована')
})

test('an operations officer registers a participant and suspends another with a reason (R8.3, R9.1.5)', async () => {
  const { page } = host
  await signIn(page, 'operator')
  await page.locator('[data-test=nav-participants]').click()
  // The registry's headings are the user's language's words: БИК, as the payment document names it.
  await expect(page.locator('[data-test=participants-table] thead')).toContainText('БИК')
  await page.locator('[data-test=participants-create]').click()
  // The form opens on its first field, and Enter in any field sends it, as the button does.
  const bin = page.locator('input[data-test=participant-bin]')
  await expect(page.locator('input[data-test=participant-name]')).toBeFocused()
  await page.keyboard.type('Altyn Bank JSC')
  await page.locator('input[data-test=participant-bic]').fill('ATYNKZ')
  await bin.fill('100840001117')
  await bin.press('Enter')
  // Refused in the form, which stays open to be corrected: each field says what it expects; no toast, nothing registered.
  const refusal = page.locator('[data-test=participant-create-error]')
  await expect(refusal).toContainText('БИК: неверный формат (4 латинские буквы, KZ и ещё 2 знака, например HSBKKZKX)')
  await expect(refusal).toContainText('БИН: значение не принято (12 цифр')
  await expect(page.locator('.el-message--error')).toHaveCount(0)
  await expect(page.locator('[data-test=participants-table]')).not.toContainText('Altyn Bank JSC')
  await page.locator('input[data-test=participant-bic]').fill('ATYNKZKA')
  await bin.fill('100840001116')
  await bin.press('Enter')
  await expect(page.locator('[data-test=participants-table] tr', { hasText: 'Altyn Bank JSC' })).toContainText('P006')
  await expect(page.locator('[data-test=participants-table] tr', { hasText: 'Altyn Bank JSC' })).toHaveCount(1)
  // Edited in the same form: the code, BIC and BIN stay; a role still in use is refused in the form, in words (R9.2.1, R8.4).
  await page.locator('[data-test=participant-edit-P001]').click()
  await expect(page.locator('input[data-test=participant-bic]')).toBeDisabled()
  await page.getByRole('dialog').locator('.el-checkbox', { hasText: 'Эквайер' }).click()
  await page.locator('[data-test=participant-create-submit]').click()
  await expect(page.locator('[data-test=participant-create-error]')).toContainText('у P001 ещё есть терминалы в работе (2)')
  await page.getByRole('dialog').getByRole('button', { name: 'Отмена' }).click()
  await page.locator('[data-test=participant-edit-P006]').click()
  await page.locator('input[data-test=participant-name]').fill('Altyn Bank Kazakhstan JSC')
  await page.locator('input[data-test=participant-name]').press('Enter')
  await expect(page.locator('[data-test=participants-table] tr', { hasText: 'P006' })).toContainText('Altyn Bank Kazakhstan JSC')
  // The registry fits a 1366 px screen in Russian and in Kazakh: nothing scrolls sideways (hiding the codes), no cell is
  // cut («История статуса ‥» was), and a row's «Изменить» and «Действия ▾» stand on one line (they stacked).
  await page.setViewportSize({ width: 1366, height: 768 })
  const registryFit = () =>
    page.locator('[data-test=participants-table]').evaluate((table) => {
      const body = table.querySelector('.el-table__body-wrapper .el-scrollbar__wrap')!
      const cut = Array.from(table.querySelectorAll('.cell')).filter((c) => c.scrollWidth > c.clientWidth).map((c) => (c as HTMLElement).innerText)
      // Stacked, or side by side only by spilling into the cell's padding.
      const stacked = Array.from(table.querySelectorAll('[data-test^=participant-edit-]'))
        .filter((edit) => {
          const cell = edit.closest('.cell')!
          const actions = cell.querySelector('[data-test^=participant-actions-]')
          const contentRight = cell.getBoundingClientRect().right - parseFloat(getComputedStyle(cell).paddingRight)
          return actions !== null && (actions.getBoundingClientRect().top !== edit.getBoundingClientRect().top || actions.getBoundingClientRect().right > contentRight)
        })
        .map((edit) => edit.getAttribute('data-test'))
      return { overflow: body.scrollWidth - body.clientWidth, cut, stacked }
    })
  await expect.poll(registryFit).toEqual({ overflow: 0, cut: [], stacked: [] })
  await chooseLocale(page, 'kk')
  await expect(page.locator('[data-test=participants-table] thead')).toContainText('БСК')
  await expect.poll(registryFit).toEqual({ overflow: 0, cut: [], stacked: [] })
  await page.screenshot({ path: 'test-results/participants-registry-kk.png' })
  await chooseLocale(page, 'ru')
  await expect(page.locator('[data-test=participants-table] thead')).toContainText('БИК')

  await page.locator('[data-test=participant-actions-P002]').click()
  await page.getByRole('menuitem', { name: 'Приостановить обслуживание' }).click()
  await page.getByRole('dialog').locator('input').fill('AML review')
  await page.getByRole('dialog').getByRole('button', { name: /^(OK|Ок)$/ }).click()
  const halyk = page.locator('[data-test=participants-table] tr', { hasText: 'Halyk' })
  await expect(halyk).toContainText('Приостановлен')
  await expect(halyk).toContainText('AML review')
  await page.screenshot({ path: 'test-results/participants-registry.png', fullPage: true })

  // The change, who made it, and its notices to the settlement bank and the participants (R9.3.2).
  await page.locator('[data-test=participant-history-P002]').click()
  const change = page.locator('[data-test=participant-history-table] tbody tr').first()
  await expect(change).toContainText('Активен → Приостановлен')
  await expect(change).toContainText('AML review')
  await expect(change).toContainText('Marat Abenov')
  // The desk's relay delivers them within seconds: seven notices (the settlement bank, six participants with Altyn).
  await expect(change).toContainText('Доставлено всем (7)', { timeout: 15_000 })
  await page.screenshot({ path: 'test-results/participant-history.png' })
})

test('an operations officer registers a terminal and records its certification (R8.4)', async () => {
  const { page } = host
  await signIn(page, 'operator')
  await page.locator('[data-test=nav-terminals]').click()
  await expect(page.locator('[data-test=terminals-table]')).toContainText('T000001')
  await page.locator('[data-test=terminals-create]').click()
  // Sent with nothing chosen or typed: refused in the form, each field saying what it wants.
  await page.locator('[data-test=terminal-create-submit]').click()
  const refusal = page.locator('[data-test=terminal-create-error]')
  await expect(refusal).toContainText('Эквайер: неверный формат (выберите из списка)')
  await expect(refusal).toContainText('Серийный номер: неверный формат (4–32 латинские буквы, цифры или дефисы)')
  await expect(refusal).toContainText('Адрес: слишком короткое или малое значение (не менее 5 символов)')
  await expect(page.locator('.el-message--error')).toHaveCount(0)
  await page.locator('[data-test=terminal-acquirer]').click()
  await page.getByRole('option', { name: /P003/ }).click()
  await page.locator('input[data-test=terminal-serial]').fill('FORTE-ATM-77')
  await page.locator('input[data-test=terminal-address]').fill('Shymkent, Tauke Khan Ave 5')
  await page.locator('[data-test=terminal-create-submit]').click()
  const row = page.locator('[data-test=terminals-table] tr', { hasText: 'FORTE-ATM-77' })
  await expect(row).toContainText('T000009')
  await expect(row).toContainText('не сертифицирован')
  await page.locator('[data-test=terminal-actions-T000009]').click()
  await page.getByRole('menuitem', { name: 'Отметить сертификацию' }).click()
  await page.getByRole('dialog').locator('input').fill('KZ-CERT-2026-118')
  await page.getByRole('dialog').getByRole('button', { name: /^(OK|Ок)$/ }).click()
  await expect(row).toContainText('KZ-CERT-2026-118')
  // The capture waits for the prompt and the row's «не сертифицирован» tag to have faded out, not half-way through.
  await expect(row).not.toContainText('не сертифицирован')
  await expect(page.getByRole('dialog')).toBeHidden()
  await page.screenshot({ path: 'test-results/terminals-registry.png', fullPage: true })

  // It moves: the same form edits it, its identity shown but not editable; sent unchanged, refused in the form.
  await page.locator('[data-test=terminal-actions-T000009]').click()
  await page.getByRole('menuitem', { name: 'Изменить' }).click()
  await expect(page.locator('input[data-test=terminal-serial]')).toBeDisabled()
  await expect(page.locator('input[data-test=terminal-acquirer-fixed]')).toHaveValue('ForteBank JSC')
  await expect(page.getByRole('dialog')).toContainText('Эквайер и серийный номер — идентичность терминала')
  await page.locator('[data-test=terminal-create-submit]').click()
  await expect(page.locator('[data-test=terminal-create-error]')).toContainText('у терминала T000009 уже этот тип и адрес: изменять нечего')
  await page.locator('input[data-test=terminal-address]').fill('Shymkent, Baidibek Bi Ave 12')
  await page.locator('[data-test=terminal-create-submit]').click()
  await expect(row).toContainText('Shymkent, Baidibek Bi Ave 12')
  await expect(row).toContainText('KZ-CERT-2026-118')

  // Another officer blocks it meanwhile; this screen still offers to block it: the refusal alone is said (no green
  // "changed" under it), and the row shows the terminal as it now is.
  await page.evaluate(async () => {
    const list = await window.api.terminals.list({})
    if (!list.ok) throw new Error(JSON.stringify(list.error))
    const t = list.value.find((x) => x.code === 'T000009')!
    const r = await window.api.terminals.setStatus({ terminalId: t.id, status: 'blocked' })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
  })
  await settle(page)
  await page.locator('[data-test=terminal-actions-T000009]').click()
  await page.getByRole('menuitem', { name: 'Заблокировать' }).click()
  await expect(page.locator('.el-message--error')).toContainText('у терминала T000009 уже статус')
  await expect(row).toContainText('Заблокирован')
  await expect(page.locator('.el-message--success')).toHaveCount(0)
})

test('a terminated acquirer’s terminal offers «Изменить» disabled, saying why, and can still be blocked (R8.4)', async () => {
  const { page } = host
  await signIn(page, 'operator')
  await expect(page.locator('[data-test=nav-terminals]')).toBeVisible()
  // ForteBank (P003) leaves the system; its terminals stay in the registry, in service until blocked.
  const code = await page.evaluate(async () => {
    const participants = await window.api.participants.list({})
    if (!participants.ok) throw new Error(JSON.stringify(participants.error))
    const forte = participants.value.find((p) => p.code === 'P003')!
    const r = await window.api.participants.setStatus({ participantId: forte.id, status: 'terminated', reason: 'licence revoked' })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    const terminals = await window.api.terminals.list({ acquirerId: forte.id })
    if (!terminals.ok) throw new Error(JSON.stringify(terminals.error))
    return terminals.value.find((t) => t.status === 'active')!.code
  })
  await page.setViewportSize({ width: 1366, height: 768 })
  await page.locator('[data-test=nav-terminals]').click()
  await page.locator(`[data-test=terminal-actions-${code}]`).click()
  const edit = page.getByRole('menuitem', { name: 'Изменить' })
  await expect(edit).toHaveAttribute('aria-disabled', 'true')
  await expect(page.getByRole('menuitem', { name: 'Выпустить ключ приёма' })).toHaveAttribute('aria-disabled', 'true')
  await expect(page.getByRole('menuitem', { name: 'Заблокировать' })).not.toHaveAttribute('aria-disabled', 'true')
  await edit.locator('span').hover()
  await expect(page.locator('.el-popper:visible', { hasText: 'исключён' })).toHaveText(`P003 исключён: его терминал ${code} больше не изменяется`)
  await page.screenshot({ path: 'test-results/terminals-acquirer-terminated.png' })
  // A click on it opens no form.
  await edit.click({ force: true })
  await expect(page.locator('[data-test=terminal-create-submit]')).toBeHidden()
  await page.keyboard.press('Escape')
  await chooseLocale(page, 'kk')
  await page.locator(`[data-test=terminal-actions-${code}]`).click()
  await page.getByRole('menuitem', { name: 'Өзгерту' }).locator('span').hover()
  await expect(page.locator('.el-popper:visible', { hasText: 'шығарылған' })).toHaveText(`P003 шығарылған: оның ${code} терминалы бұдан былай өзгертілмейді`)
  await page.screenshot({ path: 'test-results/terminals-acquirer-terminated-kk.png' })
})

test('a new desk shows its first administrator’s one-time password on the sign-in screen until it is used (R12.4)', async () => {
  await host.close()
  host = await startHost({ demo: false })
  const { page } = host
  const hint = page.locator('[data-test=signin-first-admin]')
  await expect(hint).toContainText('Первый запуск рабочего места')
  const otp = (await page.locator('[data-test=signin-first-otp]').innerText()).trim()
  expect(otp).toMatch(/^\S{16}$/)
  await page.screenshot({ path: 'test-results/signin-first-start.png' })
  await signIn(page, 'admin', otp)
  await changeOneTimePassword(page, otp, 'Astana#Winter2027')
  await expect(page.locator('[data-test=app-shell]')).toBeVisible()
  await page.locator('[data-test=signout]').click()
  await expect(page.locator('[data-test=signin-submit]')).toBeVisible()
  await expect(hint).toHaveCount(0)
})
