/** Bytes carried across the call boundary as base64, to and from the browser's files and downloads. */

/** Decodes base64 into bytes. */
export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Encodes a chosen file's bytes as base64 (in chunks, so large files do not overflow the call stack). */
export async function fileBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/**
 * Saves bytes through the browser's download (a Blob behind an object URL and an `<a download>`); the URL
 * is revoked once the download has taken the bytes.
 */
export function saveBase64(fileName: string, base64: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([base64Bytes(base64)], { type: mime }))
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
