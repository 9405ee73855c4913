/** Where the time of opening a session goes (a probe, not a test: see bench/extra/session.ts). */
import { app } from 'tresty'
import cr from 'crypto'
import { hkdfSha256, hmacB64u } from '../../src/njs/utils/crypto.ts'

const a = app()
a.get('/cost', async () => {
  const N = 5000
  const out: Record<string, number> = {}
  const secret = 'bench-secret-0123456789abcdef'
  let t = Date.now()
  for (let i = 0; i < N; i++) hkdfSha256(secret, 'ctx', 'mac', 64)
  out.hkdf = (Date.now() - t) * 1000 / N
  const key = hkdfSha256(secret, 'ctx', 'mac', 64).slice(32)
  const msg = 'x'.repeat(300)
  t = Date.now()
  for (let i = 0; i < N; i++) hmacB64u(key, msg)
  out.hmac = (Date.now() - t) * 1000 / N
  t = Date.now()
  for (let i = 0; i < N; i++) cr.createHash('sha1').update(msg).digest('base64url')
  out.sha1 = (Date.now() - t) * 1000 / N
  t = Date.now()
  let k: any
  for (let i = 0; i < N; i++) k = await crypto.subtle.importKey('raw', key, 'AES-GCM' as any, false, ['encrypt', 'decrypt'])
  out.importKey = (Date.now() - t) * 1000 / N
  const iv = new Uint8Array(12)
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: Buffer.from('aad') } as any, k, Buffer.from(msg))
  t = Date.now()
  for (let i = 0; i < N; i++) await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: Buffer.from('aad') } as any, k, ct)
  out.decrypt = (Date.now() - t) * 1000 / N
  t = Date.now()
  for (let i = 0; i < N; i++) await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: Buffer.from('aad') } as any, k, Buffer.from(msg))
  out.encrypt = (Date.now() - t) * 1000 / N
  t = Date.now()
  for (let i = 0; i < N; i++) await Promise.resolve(i)
  out.awaitResolved = (Date.now() - t) * 1000 / N
  return out
})
export default a
