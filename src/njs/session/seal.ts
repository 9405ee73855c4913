/**
 * Keys and sealing for client-side sessions. Each secret gives two 256-bit keys by HKDF-SHA-256
 * (one to encrypt with AES-256-GCM, one to sign with HMAC-SHA-256); the first secret seals,
 * every secret opens (rotation). Key derivation is synchronous (HMAC from the `crypto`
 * module); only AES-GCM goes through the asynchronous `crypto.subtle`.
 */
import { fromB64u, hkdfSha256, randomBytes, toB64u } from '../utils/crypto.ts'

export interface SessionKeys {
  mac: Buffer
  enc: Buffer
  /** The imported AES key, made on first use (kept while the keyring lives: a request on the njs engine, longer on QuickJS). */
  aes: Promise<CryptoKey> | null
}

/** Keys for the secrets, derived on first use: a request that needs only the first pays for one. */
export interface Keyring {
  size: number
  at(i: number): SessionKeys
}

export function keyring(secrets: string[], context: string): Keyring {
  const keys: SessionKeys[] = []
  return {
    size: secrets.length,
    at(i: number) {
      if (keys[i]) return keys[i]
      const both = hkdfSha256(secrets[i], context, 'tresty session keys', 64)
      return (keys[i] = { mac: both.slice(0, 32), enc: both.slice(32), aes: null })
    },
  }
}

function aesKey(k: SessionKeys): Promise<CryptoKey> {
  return k.aes || (k.aes = crypto.subtle.importKey('raw', k.enc, 'AES-GCM' as any, false, ['encrypt', 'decrypt']))
}

const IV_BYTES = 12

/** AES-256-GCM of `plain`, bound to `aad`: base64url of IV ‖ ciphertext ‖ tag. */
export function seal(k: SessionKeys, aad: string, plain: string): Promise<string> {
  const iv = randomBytes(IV_BYTES)
  return aesKey(k)
    .then((key) => crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: Buffer.from(aad) } as any, key, Buffer.from(plain)))
    .then((ct) => toB64u(Buffer.concat([Buffer.from(iv), Buffer.from(ct)])))
}

/** The plaintext, or null for anything that does not decrypt and authenticate. Never rejects. */
export function unseal(k: SessionKeys, aad: string, sealed: string): Promise<string | null> {
  const bytes = fromB64u(sealed)
  // IV plus the 16-byte tag at least.
  if (!bytes || bytes.length < IV_BYTES + 16) return Promise.resolve(null)
  return aesKey(k)
    .then((key) => crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: Buffer.from(aad) } as any,
      key, bytes.slice(IV_BYTES)))
    .then((plain) => Buffer.from(plain).toString('utf8'), () => null)
}
