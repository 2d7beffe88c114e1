import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A folder of files the app ships (fonts, the official XML schemas): in the packaged app beside the asar
 * (electron-builder extraResources), from the sources' build/ folder otherwise. `probe` is a file that must
 * be in it.
 */
export function resourceDir(name: string, probe: string): string {
  const packaged = typeof process.resourcesPath === 'string' ? [join(process.resourcesPath, name)] : []
  // From the sources: this module is bundled into out/main or a chunk folder below it, or run as is from src/main.
  const sources = [2, 3, 4].map((up) => join(__dirname, ...Array<string>(up).fill('..'), 'build', name))
  const dir = [...packaged, ...sources].find((d) => existsSync(join(d, probe)))
  if (!dir) throw new Error(`${name}/${probe} is missing from this installation`)
  return dir
}
