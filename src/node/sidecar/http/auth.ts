/**
 * The sidecar trusts a caller only when it sends the shared secret (TRESTY_SIDECAR_SECRET) in
 * the `x-tresty-secret` header: nginx adds it to every call (the internal location), Node-side
 * callers send it themselves. The socket's file mode and the TCP port's loopback address keep
 * strangers on other hosts out; the secret keeps out every other local process.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { SECRET_HEADER } from '../../../shared/sidecar-protocol.ts'
import { SidecarError } from '../errors.ts'

/** A check for one secret; throws `unauthorized` (401) for a request without it. */
export function secretCheck(secret: string): (req: IncomingMessage) => void {
  if (!secret) throw new Error('sidecar: a shared secret is required (TRESTY_SIDECAR_SECRET)')
  const want = digest(secret)
  return (req) => {
    const given = req.headers[SECRET_HEADER]
    // Digests have equal lengths, so the comparison takes the same time whatever was sent.
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), want))
      throw new SidecarError('unauthorized', `a sidecar call needs the shared secret in the ${SECRET_HEADER} header`)
  }
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest()
}
