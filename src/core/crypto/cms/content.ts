// Content to sign or hash: either bytes in memory or a stream of chunks (a large file read piecewise), so a
// 10 MB document is hashed once, incrementally, and never re-copied.
import { createHash } from 'node:crypto'

export type Content = Uint8Array | AsyncIterable<Uint8Array>

export async function digest(content: Content, algorithm: string): Promise<Uint8Array> {
  const hash = createHash(algorithm)
  if (content instanceof Uint8Array) hash.update(content)
  else for await (const chunk of content) hash.update(chunk)
  return new Uint8Array(hash.digest())
}

/** The whole content in one buffer (attached signatures and envelopes need it), joined with a single copy. */
export async function collect(content: Content): Promise<Uint8Array> {
  if (content instanceof Uint8Array) return content
  const chunks: Uint8Array[] = []
  for await (const chunk of content) chunks.push(chunk)
  return new Uint8Array(Buffer.concat(chunks))
}
