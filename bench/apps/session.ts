/**
 * The session bench (bench/extra/session.ts): the same small JSON answered without a session,
 * after opening one from its cookies (HMAC check + AES-GCM decrypt), and after sealing it again.
 */
import { app } from 'tresty'
import type { Request, Response } from 'tresty'
import { session } from 'tresty/session'

const a = app()
const sess = session('sid', 'bench-secret-0123456789abcdef')

a.get('/plain', () => ({ user: 'ann' }))
// The same answer through a promise: what going async costs by itself.
a.get('/plain-async', () => Promise.resolve().then(() => ({ user: 'ann' })))
// The cookies parsed and the signature checked, without decrypting (what the HMAC half costs).
a.get('/session/cookies', (q: Request) => ({ user: q.cookies.sid && q.cookies.sid_data ? 'ann' : null }))
a.get('/session', (q: Request, r: Response) => sess(q, r).then((s) => ({ user: s.data.user || null })))
a.get('/session/write', (q: Request, r: Response) => sess(q, r).then((s) => {
  s.data.seen = (s.data.seen || 0) + 1
  return s.save().then(() => ({ user: s.data.user || null }))
}))

export default a
