import { nextTick, onMounted, watch, type Ref, type WatchSource } from 'vue'

const KEYS = ['ArrowDown', 'ArrowUp', 'Home', 'End', 'Enter', ' '] as const

/**
 * The keys of a vertical el-menu, as WAI-ARIA's menubar has them: Element Plus wires keys only for a horizontal
 * menu and leaves each item at tabindex -1, out of the keyboard's reach. Here the menu is one Tab stop (the current
 * page's item until another is focused); the arrows, Home and End move between the items; Enter and Space open one.
 * `changed`: what re-renders the items (the route, the list), after which the stop returns to the current item.
 */
export function useMenuKeys(menu: Ref<{ $el: HTMLElement } | undefined>, changed: WatchSource) {
  const items = (): HTMLElement[] => [...(menu.value?.$el.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])]

  function stopAt(item: HTMLElement | undefined): void {
    for (const i of items()) i.tabIndex = i === item ? 0 : -1
  }
  const resetStop = (): void => {
    const all = items()
    stopAt(all.find((i) => i.classList.contains('is-active')) ?? all[0])
  }

  function onKeydown(e: KeyboardEvent): void {
    const all = items()
    const at = all.indexOf(e.target as HTMLElement)
    if (at < 0 || !(KEYS as readonly string[]).includes(e.key)) return
    e.preventDefault()
    if (e.key === 'Enter' || e.key === ' ') return all[at]!.click()
    const to = e.key === 'Home' ? 0 : e.key === 'End' ? all.length - 1 : (at + (e.key === 'ArrowDown' ? 1 : -1) + all.length) % all.length
    stopAt(all[to])
    all[to]!.focus()
  }
  /** A click or Tab onto an item makes it the stop, so Shift+Tab from the page comes back to it. */
  const onFocusin = (e: FocusEvent): void => {
    if (items().includes(e.target as HTMLElement)) stopAt(e.target as HTMLElement)
  }

  onMounted(resetStop)
  watch(changed, () => void nextTick(resetStop))
  return { onKeydown, onFocusin }
}
