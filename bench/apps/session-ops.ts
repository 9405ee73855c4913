/**
 * Where the time of opening a session goes, op by op (a probe for bench/extra/session.ts's
 * figures): each op runs in batches of 500, batches alternate between ops for 10 rounds, and
 * the fastest batch per op counts (this machine is shared and noisy). µs per op.
 */
import { app } from 'tresty'
import cr from 'crypto'
import { hkdfSha256, hmacB64u } from 'tresty/utils/crypto'

const a = app()
a.get('/cost', async () => {
  const N = 500
  const secret = 'bench-secret-0123456789abcdef'
  const key = hkdfSha256(secret, 'ctx', 'keys', 64).slice(32)
  const msg = 'x'.repeat(300)
  const iv = new Uint8Array(12)
  const aad = Buffer.from('aad')
  let k: any = await crypto.subtle.importKey('raw', key, 'AES-GCM' as any, false, ['encrypt', 'decrypt'])
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad } as any, k, Buffer.from(msg))
  const ops: Record<string, () => any> = {
    'hkdf 64 bytes (3 HMAC)': () => hkdfSha256(secret, 'ctx', 'keys', 64),
    'hmac-sha256 300 bytes': () => hmacB64u(key, msg),
    'subtle.importKey AES-GCM': () => crypto.subtle.importKey('raw', key, 'AES-GCM' as any, false, ['encrypt', 'decrypt']).then((x) => { k = x }),
    'subtle.decrypt 300 bytes': () => crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad } as any, k, ct),
    'subtle.encrypt 300 bytes': () => crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad } as any, k, Buffer.from(msg)),
    'await of a resolved promise': () => Promise.resolve(1),
    'JSON.parse 300 bytes': () => JSON.parse('{"a":"' + msg + '"}'),
    'getRandomValues 12 bytes': () => crypto.getRandomValues(new Uint8Array(12)),
    'sha1 300 bytes': () => cr.createHash('sha1').update(msg).digest('base64url'),
  }
  const best: Record<string, number> = {}
  for (let round = 0; round < 10; round++) {
    for (const name in ops) {
      const op = ops[name]
      const t = Date.now()
      for (let i = 0; i < N; i++) await op()
      const us = (Date.now() - t) * 1000 / N
      if (best[name] === undefined || us < best[name]) best[name] = us
    }
  }
  return best
})
export default a
