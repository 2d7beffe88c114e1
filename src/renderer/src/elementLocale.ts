import type { Language } from 'element-plus/es/locale'

/**
 * Element Plus's language pack with the words it says to a screen reader in ours: its kk and ru packs leave them in
 * English («Close this dialog» on every dialog's and drawer's ✕, the calendar's "Use the arrow keys…"), so a
 * screen reader names an icon-only button in a language the user did not choose.
 */
export function elementLocale(pack: Language, t: (key: string) => string): Language {
  const el = pack.el as Record<string, Record<string, unknown>>
  const close = t('a11y.closeDialog')
  return {
    ...pack,
    el: {
      ...el,
      dialog: { ...el.dialog, close },
      drawer: { ...el.drawer, close },
      messagebox: { ...el.messagebox, close },
      tag: { ...el.tag, close: t('a11y.closeTag') },
      datepicker: {
        ...el.datepicker,
        dateTablePrompt: t('a11y.dayPrompt'),
        monthTablePrompt: t('a11y.monthPrompt'),
        yearTablePrompt: t('a11y.yearPrompt'),
        selectedDate: t('a11y.selectedDate')
      }
    }
  }
}
