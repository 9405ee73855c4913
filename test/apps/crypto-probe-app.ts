/**
 * What each engine's crypto offers (test/nginx/crypto-probe.test.ts): every step runs on its
 * own and reports ok or the error, so one missing algorithm does not hide the others.
 */
import { app } from 'tresty'
import cr from 'crypto'
import { hkdfSha256 } from '../../src/njs/utils/crypto.ts'

const a = app()

function step(out: Record<string, string>, name: string, run: () => any): Promise<void> {
  let p: Promise<any>
  try { p = Promise.resolve(run()) } catch (e) { out[name] = 'throws: ' + String(e); return Promise.resolve() }
  return p.then((v) => { out[name] = v === false ? 'false' : 'ok' }, (e) => { out[name] = 'rejects: ' + String(e) })
}

a.get('/probe', async () => {
  const out: Record<string, string> = {}
  const subtle = crypto.subtle
  const enc = new TextEncoder()
  const secret = enc.encode('a secret of some length')
  const iv = new Uint8Array(12)
  crypto.getRandomValues(iv)
  let hkdfBase: CryptoKey | null = null
  let pbkdfBase: CryptoKey | null = null
  let aes: CryptoKey | null = null
  let hmac: CryptoKey | null = null
  let sealed: ArrayBuffer | null = null
  let sig: ArrayBuffer | null = null
  await step(out, 'createHmac sha256 (sync)', () => cr.createHmac('sha256', 'k').update('x').digest('base64url').length === 43)
  await step(out, 'getRandomValues', () => crypto.getRandomValues(new Uint8Array(16)).length === 16)
  await step(out, 'importKey raw HKDF', () => subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey', 'deriveBits']).then((k) => { hkdfBase = k }))
  await step(out, 'deriveBits HKDF', () => subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: enc.encode('x') } as any, hkdfBase!, 256))
  await step(out, 'deriveKey HKDF→AES-GCM', () => subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: enc.encode('x') } as any, hkdfBase!, { name: 'AES-GCM', length: 256 } as any, false, ['encrypt', 'decrypt']).then((k) => { aes = k }))
  await step(out, 'importKey raw PBKDF2', () => subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveKey', 'deriveBits']).then((k) => { pbkdfBase = k }))
  await step(out, 'deriveBits PBKDF2', () => subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: enc.encode('sixteen byte salt'), iterations: 1000 } as any, pbkdfBase!, 256))
  await step(out, 'deriveKey PBKDF2→AES-GCM', () => subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: enc.encode('sixteen byte salt'), iterations: 1000 } as any, pbkdfBase!, { name: 'AES-GCM', length: 256 } as any, false, ['encrypt', 'decrypt']))
  await step(out, 'deriveKey HKDF→HMAC', () => subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: enc.encode('y') } as any, hkdfBase!, { name: 'HMAC', hash: 'SHA-256', length: 256 } as any, false, ['sign', 'verify']))
  // njs insists on a salt of 16 bytes or more (Web Crypto itself does not).
  await step(out, 'PBKDF2 short salt rejected', () => subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: enc.encode('salt'), iterations: 1000 } as any, pbkdfBase!, 256).then(() => false, () => true))
  await step(out, 'HKDF = our sync hkdfSha256', () => subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: enc.encode('salt'), info: enc.encode('info') } as any, hkdfBase!, 256)
    .then((bits) => Buffer.from(bits).toString('hex') === hkdfSha256(Buffer.from(secret), 'salt', 'info', 32).toString('hex')))
  await step(out, 'importKey raw AES-GCM', () => subtle.importKey('raw', new Uint8Array(32), 'AES-GCM', false, ['encrypt', 'decrypt']).then((k) => { if (!aes) aes = k }))
  await step(out, 'encrypt AES-GCM', () => subtle.encrypt({ name: 'AES-GCM', iv } as any, aes!, enc.encode('{"a":1}')).then((c) => { sealed = c }))
  await step(out, 'decrypt AES-GCM', () => subtle.decrypt({ name: 'AES-GCM', iv } as any, aes!, sealed!).then((p) => new TextDecoder().decode(p) === '{"a":1}'))
  await step(out, 'decrypt AES-GCM tampered rejects', () => {
    const bad = new Uint8Array(sealed!.slice(0))
    bad[0] ^= 1
    return subtle.decrypt({ name: 'AES-GCM', iv } as any, aes!, bad).then(() => false, () => true)
  })
  await step(out, 'importKey raw HMAC', () => subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' } as any, false, ['sign', 'verify']).then((k) => { hmac = k }))
  await step(out, 'sign HMAC', () => subtle.sign('HMAC', hmac!, enc.encode('x')).then((s) => { sig = s }))
  await step(out, 'verify HMAC', () => subtle.verify('HMAC', hmac!, sig!, enc.encode('x')))
  await step(out, 'subtle HMAC = createHmac', () => Buffer.from(sig!).toString('base64url') === cr.createHmac('sha256', Buffer.from(secret)).update('x').digest('base64url'))
  await step(out, 'Buffer base64url', () => Buffer.from('aGk', 'base64url').toString() === 'hi')
  return out
})

export default a
