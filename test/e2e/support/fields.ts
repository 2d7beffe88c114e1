import type { Locator } from '@playwright/test'

/**
 * How many pixels each input matched by `inputs` has to spare beyond its placeholder, read in the field's own font:
 * negative when the hint is cut off.
 */
export async function placeholderRoom(inputs: Locator): Promise<number[]> {
  return inputs.evaluateAll((elements: HTMLInputElement[]) =>
    elements.map((e) => {
      const style = getComputedStyle(e)
      const context = document.createElement('canvas').getContext('2d')!
      context.font = style.font
      return e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - context.measureText(e.placeholder).width
    })
  )
}
