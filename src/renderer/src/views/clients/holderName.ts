// A suggested holder name for a card (latin capitals, as embossed): the client's name transliterated
// from Kazakh / Russian Cyrillic. The officer checks it against the client's document before issuing.
const LATIN: Record<string, string> = {
  а: 'A', ә: 'A', б: 'B', в: 'V', г: 'G', ғ: 'G', д: 'D', е: 'E', ё: 'E', ж: 'ZH', з: 'Z', и: 'I', й: 'I',
  к: 'K', қ: 'K', л: 'L', м: 'M', н: 'N', ң: 'N', о: 'O', ө: 'O', п: 'P', р: 'R', с: 'S', т: 'T', у: 'U',
  ұ: 'U', ү: 'U', ф: 'F', х: 'KH', һ: 'H', ц: 'TS', ч: 'CH', ш: 'SH', щ: 'SHCH', ъ: '', ы: 'Y', і: 'I',
  ь: '', э: 'E', ю: 'IU', я: 'IA'
}

export function suggestHolderName(name: string): string {
  const latin = [...name.toLowerCase()].map((c) => LATIN[c] ?? c.toUpperCase()).join('')
  return latin.replace(/[^A-Z .'-]/g, '').replace(/\s+/g, ' ').trim().slice(0, 26)
}
