/**
 * What a session costs per request (issue 8): the same JSON answer with no session, with a
 * session opened from its two cookies (HMAC-SHA-256 check, AES-256-GCM decrypt through
 * crypto.subtle), and with the session sealed again (encrypt + two Set-Cookie lines).
 * The cookies are sealed here in Node by the very same code (src/njs/session), with the
 * bench app's secret. Not core targets: `npm run bench -- --targets session-none,session-async,session-cookies,session-open,session-write`.
 */
import { registerTarget } from '../targets.ts'
import { session } from '../../src/njs/session/session.ts'
import { fakeExchange } from '../../test/support/fake-exchange.ts'

const SECRET = 'bench-secret-0123456789abcdef'

async function cookieHeader(): Promise<string> {
  const x = fakeExchange()
  const s = await session('sid', SECRET)(x.q, x.r, 7 * 86400)
  Object.assign(s.data, { user: 'ann', roles: ['admin', 'editor'], prefs: { theme: 'dark', lang: 'en' } })
  s.extra.name = 'Ann'
  await s.save()
  return Object.entries(x.cookieValues()).map(([k, v]) => `${k}=${v}`).join('; ')
}

const cookie = await cookieHeader()
const ANN = '{"user":"ann"}'

registerTarget({ name: 'session-none', title: 'no session: the JSON answer alone', app: 'bench/apps/session.ts', path: '/plain', expect: { body: ANN } })
registerTarget({ name: 'session-async', title: 'no session, answered through a promise', app: 'bench/apps/session.ts', path: '/plain-async', expect: { body: ANN } })
registerTarget({
  name: 'session-cookies', title: 'the session cookies sent and parsed, not opened', app: 'bench/apps/session.ts',
  path: '/session/cookies', headers: { cookie }, expect: { body: ANN },
})
registerTarget({
  name: 'session-open', title: 'session opened from its cookies (HMAC + AES-GCM decrypt)', app: 'bench/apps/session.ts',
  path: '/session', headers: { cookie }, expect: { body: ANN },
})
registerTarget({
  name: 'session-write', title: 'session opened and sealed again (+ encrypt, 2 Set-Cookie)', app: 'bench/apps/session.ts',
  path: '/session/write', headers: { cookie }, expect: { body: ANN },
})
