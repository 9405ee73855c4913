/** The app behind test/nginx/session.test.ts: sessions, rotation, revocation, flash, CSRF. */
import { app, HttpError } from 'tresty'
import type { Request, Response } from 'tresty'
import { csrf, session } from 'tresty/session'

const NEW = 'the-new-secret-0123456789'
const OLD = 'the-old-secret-0123456789'
const a = app()

const sess = session('sid', [NEW, OLD])
const oldSess = session('sid', OLD)
const otherSess = session('sid', 'a-different-secret-entirely')
const purpose = session('sid', NEW, 'another-purpose')
const revocable = session('rsid', NEW, undefined, { revoke: 'sessions_revoked' })
const secureSess = session('ssid', NEW, undefined, { secure: true, sameSite: 'Strict', path: '/sec' })

function show(s: any) {
  return { isNew: s.isNew, id: s.id, data: s.data, extra: s.extra }
}

async function setFrom(q: Request, s: any) {
  const body = q.json() || {}
  if (body.data) Object.assign(s.data, body.data)
  if (body.extra) Object.assign(s.extra, body.extra)
  return show(s)
}

a.route('/s').use(sess.middleware(3600))
  .get('/read', (q: Request) => show(q.session))
  .post('/set', (q: Request) => setFrom(q, q.session))
  .post('/short', (q: Request, r: Response) => sess(q, r, 1).then((s) => setFrom(q, s)))
  .post('/destroy', (q: Request) => { q.session.destroy(); return show(q.session) })
  .post('/logout-flash', (q: Request) => { q.session.destroy(); q.session.flash('info', 'Logged out'); return 'ok' })
  .post('/regenerate', (q: Request) => { q.session.regenerate(); return show(q.session) })
  .post('/big', (q: Request) => { q.session.data.blob = 'x'.repeat(Number(q.query.n)); return 'should not get here' })
  .post('/flash', (q: Request, r: Response) => {
    q.session.flash(String(q.query.kind || 'info'), String(q.query.m))
    // A redirect that carries the cookie: status and Location, sent after the middleware saved.
    r.status = 303
    r.headers.Location = '/s/flashes'
  })
  .get('/flashes', (q: Request) => q.session.flashes())
  // r.redirect() leaves the sending to the chain: the session is sealed into the redirect.
  .post('/redirect-too-early', (q: Request, r: Response) => { q.session.data.x = 1; return r.redirect('/s/read') })
  .get('/twice', async (q: Request, r: Response) => ({ same: (await sess(q, r)) === q.session }))

a.route('/old').use(oldSess.middleware(3600)).post('/set', (q: Request) => setFrom(q, q.session))
a.route('/other').use(otherSess.middleware(3600)).post('/set', (q: Request) => setFrom(q, q.session))
a.route('/purpose').use(purpose.middleware(3600)).get('/read', (q: Request) => show(q.session))

a.route('/r').use(revocable.middleware(3600))
  .get('/read', (q: Request) => show(q.session))
  .post('/set', (q: Request) => setFrom(q, q.session))
  .post('/destroy', (q: Request) => { q.session.destroy(); return 'bye' })
  .post('/regenerate', (q: Request) => { q.session.regenerate(); return show(q.session) })

a.route('/sec').use(secureSess.middleware(60)).post('/set', (q: Request) => setFrom(q, q.session))

a.route('/c').use(sess.middleware(3600), csrf(sess))
  .get('/form', (q: Request) => ({ token: q.csrfToken() }))
  .post('/submit', (q: Request) => ({ ok: true, user: q.session.data.user || null }))
  .put('/submit', () => ({ ok: true }))
  .delete('/submit', () => ({ ok: true }))

a.get('/boom', () => { throw HttpError(418, 'teapot') })

// The access phase (auth_request) reads the same session: only a signed-in user gets through.
a.guard('/admin', (q: Request, r: Response) => sess(q, r).then((s) => (s.data.user ? true : 401)))
a.get('/admin/panel', () => 'panel')

export default a
