// The operations officer's everyday screens with the keyboard alone and a screen reader (R7.5, R3.2, R8.4;
// WCAG 2.1 AA): the navigation, the journal's filters and rows, an operation and back, the registries' forms and
// prompts. Each step asks where the focus is, that it shows, and what the screen reader is told.
import { expect, test, type Page } from '@playwright/test'
import { DEMO_PASSWORD, chooseLocale, startHost, type RunningHost } from './support/host'

// Every step is a key press and a look at the focus: slower than the other suites' clicks.
test.setTimeout(180_000)

let host: RunningHost
test.beforeEach(async () => {
  host = await startHost()
  // The screenshots of the focus states are taken at the desks' screen size.
  await host.page.setViewportSize({ width: 1366, height: 768 })
})
test.afterEach(async () => {
  await host.close()
})

/** The focused element's data-test (its own or its nearest ancestor's), or <body> when the focus is lost. */
const focusedTest = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const e = document.activeElement
    if (!e || e === document.body) return '<body>'
    return e.closest('[data-test]')?.getAttribute('data-test') ?? e.tagName.toLowerCase()
  })

/** Presses `key` until the focus is inside `test` (a data-test); fails when the focus falls to <body> or never gets there. */
async function pressUntil(page: Page, key: string, test: string | RegExp, most = 30): Promise<void> {
  const seen: string[] = []
  for (let i = 0; i < most; i++) {
    await page.keyboard.press(key)
    const at = await focusedTest(page)
    seen.push(at)
    if (typeof test === 'string' ? at === test : test.test(at)) return
  }
  throw new Error(`${key} never reached ${test}; the focus went ${seen.join(' → ')}`)
}

/** Whether the focused element draws a focus indicator: an outline, or Element Plus's ring on its wrapper. */
const ringShows = (page: Page): Promise<boolean> =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null
    if (!e || e === document.body) return false
    const s = getComputedStyle(e)
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1
  })

async function signInByKeyboard(page: Page, login: string): Promise<void> {
  await expect(page.locator('input[data-test=signin-login]')).toBeFocused()
  await page.keyboard.type(login)
  await page.keyboard.press('Tab')
  await page.keyboard.type(DEMO_PASSWORD)
  await page.keyboard.press('Enter')
  await expect(page.locator('[data-test=app-shell]')).toBeVisible()
}

/** From anywhere in the shell: Tab to the navigation, then the arrows to `nav` and Enter. */
async function goTo(page: Page, nav: string): Promise<void> {
  if (!(await focusedTest(page)).startsWith('nav-')) await pressUntil(page, 'Tab', /^nav-/, 40)
  for (let i = 0; i < 25 && (await focusedTest(page)) !== `nav-${nav}`; i++) await page.keyboard.press('ArrowDown')
  await expect(page.locator(`[data-test=nav-${nav}]`)).toBeFocused()
  await page.keyboard.press('Enter')
}

test('the navigation is one Tab stop, walked with the arrows and opened with Enter, its focus drawn', async () => {
  const { page } = host
  await signInByKeyboard(page, 'operator')
  // Before: the menu's items were out of the Tab order (tabindex -1, no keys): Tab went from «Выйти» to the page.
  await pressUntil(page, 'Shift+Tab', 'nav-overview', 6)
  expect(await ringShows(page)).toBe(true)
  await page.keyboard.press('ArrowDown')
  await expect(page.locator('[data-test=nav-participants]')).toBeFocused()
  await page.keyboard.press('End')
  await page.keyboard.press('Home')
  await expect(page.locator('[data-test=nav-overview]')).toBeFocused()
  await goTo(page, 'participants')
  await expect(page.locator('[data-test=participants-table]')).toBeVisible()
  // The menu keeps the focus on the item chosen, and that item is the one Tab comes back to.
  await expect(page.locator('[data-test=nav-participants]')).toBeFocused()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Shift+Tab')
  await expect(page.locator('[data-test=nav-participants]')).toBeFocused()
  await expect(page.getByRole('menubar')).toHaveAttribute('aria-orientation', 'vertical')
  await page.screenshot({ path: 'test-results/keyboard-navigation-focus.png' })
})

/** Opens an el-select with the keyboard and picks `option` (a data-test) with the arrows and Enter. */
async function choose(page: Page, option: string): Promise<void> {
  const hovered = page.locator(`[data-test=${option}].is-hovering`)
  for (let i = 0; i < 20 && !(await hovered.isVisible()); i++) await page.keyboard.press('ArrowDown')
  await expect(hovered).toBeVisible()
  await page.keyboard.press('Enter')
}

const journalRow = (page: Page, seq: number) => page.locator(`[data-test=operation-row][data-seq="${seq}"]`)

test('the journal is filtered, paged through and an operation opened and left with the keyboard alone (R7.5)', async () => {
  const { page } = host
  await signInByKeyboard(page, 'operator')
  const day = await page.evaluate(async () => {
    const r = await window.api.operations.list({ limit: 1 })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    return r.value.rows[0]!.opDay
  })
  await goTo(page, 'operations')
  await expect(page.locator('[data-test=operation-row]').first()).toBeVisible()

  // Filters: the day typed as the screen writes it, type and status from their lists, an amount range; Enter applies.
  await pressUntil(page, 'Tab', 'operations-filters')
  await page.keyboard.type(day.split('-').reverse().join('.'))
  await page.keyboard.press('Enter')
  await pressUntil(page, 'Tab', 'operations-filter-type')
  await choose(page, 'operations-type-transfer')
  await pressUntil(page, 'Tab', 'operations-filter-status')
  await choose(page, 'operations-status-accepted')
  await pressUntil(page, 'Tab', 'operations-filter-amount-min')
  await page.keyboard.type('1')
  await page.keyboard.press('Tab')
  await page.keyboard.type('99999999')
  await page.keyboard.press('Enter')
  const shown = () => page.locator('[data-test=operation-row]').evaluateAll((els) => [...new Set(els.map((e) => `${e.getAttribute('data-type')}/${e.getAttribute('data-status')}`))])
  await expect.poll(shown).toEqual(['transfer/accepted'])

  // Tab from the filters reaches the rows: one stop, the first row; the arrows move, the row's name says its number.
  await pressUntil(page, 'Tab', 'operation-row', 6)
  const seqs = await page.locator('[data-test=operation-row]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))))
  expect(seqs.length).toBeGreaterThan(1)
  await expect(journalRow(page, seqs[0]!)).toBeFocused()
  expect(await ringShows(page)).toBe(true)
  await page.keyboard.press('ArrowDown')
  await expect(journalRow(page, seqs[1]!)).toBeFocused()
  await expect(journalRow(page, seqs[1]!)).toHaveAccessibleName(new RegExp(`^№ ${seqs[1]}\\b`))
  await page.screenshot({ path: 'test-results/keyboard-journal-row-focus.png' })
  // Tab leaves the grid for what follows it, Shift+Tab comes back to the same row.
  await page.keyboard.press('Tab')
  await page.keyboard.press('Shift+Tab')
  await expect(journalRow(page, seqs[1]!)).toBeFocused()

  // Enter opens the operation; its page's title takes the focus (before: <body>, the row being gone).
  await page.keyboard.press('Enter')
  await expect(page.locator('[data-test=op-summary]')).toBeVisible()
  await expect(page.getByRole('heading', { level: 3 })).toBeFocused()
  await expect(page.getByRole('heading', { level: 3 })).toContainText(String(seqs[1]))
  // «Назад к журналу»: the journal again, the focus on the row of the operation just seen (before: <body>).
  await pressUntil(page, 'Tab', 'op-back', 4)
  await page.keyboard.press('Enter')
  await expect(journalRow(page, seqs[1]!)).toBeFocused()
  // The grid's End, then Tab to «Загрузить ещё», which pages on; the focus stays on it.
  const older = page.locator('[data-test=operations-older]')
  if (await older.isVisible()) {
    const count = Number(await page.locator('[data-test=operations-table]').getAttribute('data-count'))
    await page.keyboard.press('End')
    await pressUntil(page, 'Tab', 'operations-older', 3)
    await page.keyboard.press('Enter')
    await expect.poll(async () => Number(await page.locator('[data-test=operations-table]').getAttribute('data-count'))).toBeGreaterThan(count)
    if (await older.isVisible()) await expect(older).toBeFocused()
  }
})

test('the journal’s live switch and the dialogs’ close buttons are named in the user’s language', async () => {
  const { page } = host
  await signInByKeyboard(page, 'operator')
  await goTo(page, 'operations')
  // Before: the switch had no name (its «Онлайн»/«Пауза» is drawn, not read), a screen reader said only "switch, on".
  await expect(page.getByRole('switch', { name: 'Показывать новые операции сразу' })).toHaveCount(1)
  await goTo(page, 'participants')
  await pressUntil(page, 'Tab', 'participants-create')
  await page.keyboard.press('Enter')
  // Before: Element Plus's own words, untranslated in its kk and ru packs: «Close this dialog».
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Закрыть окно' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.locator('[data-test=participants-create]')).toBeFocused()
  await chooseLocale(page, 'kk')
  await page.locator('[data-test=participants-create]').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Терезені жабу' })).toBeVisible()
})

test('a refused registration says so at once and marks the fields it names; Esc gives the focus back (R8.4)', async () => {
  const { page } = host
  await signInByKeyboard(page, 'operator')
  await goTo(page, 'participants')
  await pressUntil(page, 'Tab', 'participants-create')
  await page.keyboard.press('Enter')
  await expect(page.locator('input[data-test=participant-name]')).toBeFocused()
  await page.keyboard.type('Test Bank JSC')
  await page.keyboard.press('Tab')
  await page.keyboard.type('TESTKZKA')
  await page.keyboard.press('Tab')
  await page.keyboard.type('12')
  await page.keyboard.press('Enter')
  const alert = page.getByRole('dialog').getByRole('alert')
  await expect(alert).toContainText('БИН')
  // The refused field is marked and described by the refusal; the accepted ones are not; the focus stays put.
  const bin = page.locator('input[data-test=participant-bin]')
  await expect(bin).toBeFocused()
  await expect(bin).toHaveAttribute('aria-invalid', 'true')
  await expect(bin).toHaveAccessibleDescription(/БИН/)
  await expect(page.locator('input[data-test=participant-name]')).not.toHaveAttribute('aria-invalid', 'true')
  await page.screenshot({ path: 'test-results/keyboard-form-refusal.png' })
  // Corrected, the mark goes with the refusal.
  await page.keyboard.press('Backspace')
  await page.keyboard.press('Backspace')
  await page.keyboard.type('123')
  await page.keyboard.press('Enter')
  await expect(alert).toContainText('БИН')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toBeHidden()
  await expect(page.locator('[data-test=participants-create]')).toBeFocused()
})

test('a row’s «Действия» menu and the reason it asks for are used with the keys, the focus coming back to the row (R8.4)', async () => {
  const { page } = host
  await signInByKeyboard(page, 'operator')
  await goTo(page, 'participants')
  await pressUntil(page, 'Tab', 'participant-actions-P001')
  await page.keyboard.press('Enter')
  await expect(page.locator('.el-dropdown-menu__item').first()).toBeVisible()
  await expect(async () => {
    if (!(await page.locator('.el-dropdown-menu__item:focus').count())) await page.keyboard.press('ArrowDown')
    await expect(page.locator('.el-dropdown-menu__item:focus')).toHaveCount(1, { timeout: 500 })
  }).toPass({ timeout: 10_000 })
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog')).toBeVisible()
  await expect(page.getByRole('dialog').getByRole('textbox')).toBeFocused()
  // Before: Esc closed the prompt and left the focus on <body>, the menu's item being gone.
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog')).toBeHidden()
  await expect(page.locator('[data-test=participant-actions-P001]')).toBeFocused()
  expect(await ringShows(page)).toBe(true)
  await page.screenshot({ path: 'test-results/keyboard-row-actions-focus.png' })
})

test('an operation’s related operations are links the keyboard follows (R7.5)', async () => {
  const { page } = host
  await signInByKeyboard(page, 'operator')
  // A transfer reversed, as the operation's page does it: the two then name each other.
  const pair = await page.evaluate(async () => {
    const r = await window.api.operations.list({ type: 'transfer', status: 'accepted', limit: 1 })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    const seq = r.value.rows[0]!.seq
    const a = await window.api.operations.reverse({ seq, reason: 'keyboard e2e', requestId: `e2e-keyboard-reverse-${seq}` })
    if (!a.ok || a.value.operation === null) throw new Error(JSON.stringify(a))
    return { seq, by: a.value.operation }
  })
  await page.evaluate((seq) => (location.hash = `#/operations/${seq}`), pair!.seq)
  await expect(page.locator('[data-test=op-summary]')).toBeVisible()
  // Before: the link was an <a> without href, out of the Tab order.
  await pressUntil(page, 'Tab', `op-related-${pair!.by}`, 20)
  expect(await ringShows(page)).toBe(true)
  await page.screenshot({ path: 'test-results/keyboard-related-link-focus.png' })
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 3 })).toContainText(String(pair!.by))
})
