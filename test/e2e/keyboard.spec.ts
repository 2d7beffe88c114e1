// The operations officer's everyday screens with the keyboard alone and a screen reader (R7.5, R3.2, R8.4;
// WCAG 2.1 AA): the navigation, the journal's filters and rows, an operation and back, the registries' forms and
// prompts. Each step asks where the focus is, that it shows, and what the screen reader is told.
import { expect, test, type Page } from '@playwright/test'
import { DEMO_PASSWORD, startHost, type RunningHost } from './support/host'

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
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
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
