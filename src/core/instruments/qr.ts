import QRCode from 'qrcode'

/** The QR payload of an instrument's requisites (R3.2.1): a scheme tag and the instrument's random token, never its PAN. */
export const QR_PREFIX = 'KZPS1:I:'
export const qrPayloadOf = (token: string): string => `${QR_PREFIX}${token}`
export const qrTokenOf = (payload: string): string | null => (payload.startsWith(QR_PREFIX) ? payload.slice(QR_PREFIX.length) : null)

/** The payload drawn as an SVG image (error correction M, a quiet zone of 4 modules). */
export function qrSvg(payload: string): string {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' })
  const size = modules.size
  const quiet = 4
  let path = ''
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) if (modules.get(y, x)) path += `M${x + quiet} ${y + quiet}h1v1h-1z`
  const full = size + 2 * quiet
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges"><rect width="${full}" height="${full}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`
}
