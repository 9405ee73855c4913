/**
 * Small synchronous crypto pieces shared by sessions, CSRF tokens and signed URLs.
 * HMAC comes from the `crypto` module (synchronous on both njs engines and in Node);
 * only AES-GCM needs `crypto.subtle`, which is asynchronous on njs.
 */
import cr from 'crypto'

export type Bytes = Buffer | Uint8Array

/** HMAC-SHA-256 of `data` under `key`, as bytes. */
export function hmacSha256(key: string | Bytes, data: string | Bytes): Buffer {
  return cr.createHmac('sha256', key as any).update(data as any).digest()
}

/** HMAC-SHA-256 of `data` under `key`, as base64url (43 characters). */
export function hmacB64u(key: string | Bytes, data: string): string {
  return cr.createHmac('sha256', key as any).update(data).digest('base64url')
}

/**
 * HKDF-SHA-256 (RFC 5869) over the synchronous HMAC: extract with `salt`, expand with
 * `info`. The same bytes `crypto.subtle.deriveBits({ name: 'HKDF' })` gives (checked in
 * test/nginx/crypto-probe.test.ts), without a round of promises. Two keys from one secret
 * are one call for 64 bytes, split: one extract, two HMACs of expansion.
 */
export function hkdfSha256(ikm: string | Bytes, salt: string | Bytes, info: string, length: number): Buffer {
  if (length > 255 * 32) throw new Error('hkdfSha256: length over 8160 bytes')
  const prk = hmacSha256(salt, ikm)
  // T(1) = HMAC(PRK, info | 0x01), T(i) = HMAC(PRK, T(i-1) | info | i); the counter byte as a
  // one-character string (UTF-8 of a code point under 128 is that byte) costs no Buffer.
  let block = cr.createHmac('sha256', prk).update(info + '\x01').digest()
  if (length <= 32) return length === 32 ? block : block.slice(0, length)
  const blocks: Buffer[] = [block]
  for (let i = 2, got = 32; got < length; i++, got += 32) {
    const h = cr.createHmac('sha256', prk).update(block)
    block = (i < 128 ? h.update(info + String.fromCharCode(i)) : h.update(info).update(Buffer.from([i]))).digest()
    blocks.push(block)
  }
  return Buffer.concat(blocks).slice(0, length)
}

/** `n` random bytes from the engine's CSPRNG. */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n)
  crypto.getRandomValues(out)
  return out
}

export function toB64u(bytes: Bytes | ArrayBuffer): string {
  return Buffer.from(bytes as any).toString('base64url')
}

/** base64url into bytes, or null when `s` is not base64url (a forged cookie is not an exception). */
export function fromB64u(s: string): Buffer | null {
  if (typeof s !== 'string' || !/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null
  return Buffer.from(s, 'base64url')
}

/**
 * Compares two strings in time that depends only on `expected`'s length, so a forger
 * cannot learn a signature a character at a time.
 */
export function safeEqual(given: string, expected: string): boolean {
  if (typeof given !== 'string' || typeof expected !== 'string') return false
  const n = expected.length
  let diff = given.length ^ n
  for (let i = 0; i < n; i++) {
    diff |= (i < given.length ? given.charCodeAt(i) : 0) ^ expected.charCodeAt(i)
  }
  return diff === 0
}
