/**
 * Where the time of opening a session goes, op by op (a probe for bench/extra/session.ts's
 * figures): each op runs in batches of 500, batches alternate between ops for 10 rounds, and
 * the fastest batch per op counts (this machine is shared and noisy). µs per op.
 */
import { app } from 'tresty'
import type { Request } from 'tresty'
import { session } from 'tresty/session'
import { keyring, unseal } from '../../src/njs/session/seal.ts'
import { fromB64u, safeEqual } from '../../src/njs/utils/crypto.ts'
import cr from 'crypto'
import { hkdfSha256, hmacB64u } from 'tresty/utils/crypto'

const a = app()
const sess = session('sid', 'bench-secret-0123456789abcdef')

a.get('/cost', async (q: Request) => {
  const N = 500
  const secret = 'bench-secret-0123456789abcdef'
  const key = hkdfSha256(secret, 'ctx', 'keys', 64).slice(32)
  const msg = 'x'.repeat(300)
  const iv = new Uint8Array(12)
  const aad = Buffer.from('aad')
  let k: any = await crypto.subtle.importKey('raw', key, 'AES-GCM' as any, false, ['encrypt', 'decrypt'])
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad } as any, k, Buffer.from(msg))
  const ring = keyring(['bench-secret-0123456789abcdef'], 'tresty-session:sid')
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
    'fromB64u of the sealed cookie': () => fromB64u(q.cookies.sid_data),
    'HMAC of the signed cookies': () => hmacB64u(ring.at(0).mac, 'sid|' + q.cookies.sid + '|' + q.cookies.sid_data),
    'unseal the data cookie': () => unseal(ring.at(0), 'sid|' + q.cookies.sid.split('.').slice(0, 2).join('.'), q.cookies.sid_data).then((p) => { if (!p) throw new Error('no') }),
    'open without cookies (new session)': () => sess({ cookies: {}, raw: q.raw } as any, {} as any),
    'decode the extra': () => JSON.parse(fromB64u(q.cookies.sid.split('.')[1])!.toString('utf8')),
    'new id (18 random bytes, base64url)': () => Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64url'),
    'two .then hops': () => Promise.resolve(null).then(undefined, () => null).then((x) => x),
    'session object literal': () => ({ __proto__: Object.prototype, id: 'x', data: {}, extra: {}, isNew: true, _q: q, _r: null, _age: 1, _save: null,
      _loadedId: null, _loadedExp: 0, _exp: 0, _revokeId: null, _destroyed: false, _rotated: false, _flashIn: null, _flashOut: null, _csrf: null } as any),
    'JSON.stringify of the state': () => JSON.stringify(['abcdefghijklmnopqrstuvwx', {}, {}, null, null, null]),
    'the checks before decrypting': () => {
      const pub = q.cookies.sid
      const sealed = q.cookies.sid_data
      const parts = pub.split('.')
      if (parts.length !== 3 || !/^\d{1,12}$/.test(parts[0])) throw new Error('format')
      const head = parts[0] + '.' + parts[1]
      if (!safeEqual(parts[2], hmacB64u(ring.at(0).mac, 'sid|' + head + '|' + sealed))) throw new Error('sig')
      return JSON.parse(fromB64u(parts[1])!.toString('utf8'))
    },
    'open, refused at the signature': () => sess({ cookies: { sid: q.cookies.sid.slice(0, -2) + 'AA', sid_data: q.cookies.sid_data }, raw: q.raw } as any, {} as any),
    // The whole of sess(q, r) on the request's cookies (a fresh q each time: no memo).
    'open a session (all of it)': () => sess({ cookies: q.cookies, raw: q.raw } as any, {} as any).then((s) => {
      if (s.isNew) throw new Error('the session did not open')
    }),
    'open a session, new keyring': () => session('sid', 'bench-secret-0123456789abcdef')({ cookies: q.cookies, raw: q.raw } as any, {} as any),
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
