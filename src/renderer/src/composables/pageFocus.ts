/**
 * Where the keyboard's focus goes when a page replaces another. The element that led there (a row, a "Back"
 * button) is gone with its page, leaving the focus on <body>, from where Tab starts over at the window's top and a
 * screen reader hears nothing of the new page: the page's title (BasePageHeader's heading) takes it instead.
 */
const PAGE_TITLE = 'main h3[tabindex="-1"]'

/** Whether the focus is nowhere a user put it: lost to <body>, or on the title a page change gave it. */
export function focusIsUnclaimed(): boolean {
  const at = document.activeElement
  return !at || at === document.body || at.matches(PAGE_TITLE)
}

/** Gives the new page's title the focus, unless the user's focus is still somewhere (the menu item they chose). */
export function focusPageTitle(): void {
  const at = document.activeElement
  if (at && at !== document.body) return
  document.querySelector<HTMLElement>(PAGE_TITLE)?.focus()
}
