/**
 * A login/logout flow: a TSX form with a CSRF token, validation errors shown on the form, an
 * encrypted session set at login (new id) and destroyed at logout, flash messages across the
 * redirects, and the home page as HTML or JSON (dual). test/nginx/example-login.test.ts runs it.
 *
 *   npx tresty dev examples/login/app.ts        (SESSION_SECRET in the environment in production)
 */
import { app } from 'tresty'
import type { Request, Response } from 'tresty'
import { csrf, session } from 'tresty/session'
import { v, validate } from 'tresty/validate'
import { view } from 'tresty/html'
import { secureHeaders } from 'tresty/middleware/secure-headers'
import { dual } from 'tresty/helper/dual'
import { safeEqual } from 'tresty/utils/crypto'
import { homePage, loginPage } from './views.tsx'

const a = app()
const secret = (typeof process !== 'undefined' && process.env.SESSION_SECRET) || 'dev-only-session-secret-change-me'
const sess = session('sid', secret)

a.use(secureHeaders({ csp: { defaultSrc: ["'self'"] } }), sess.middleware(3600), csrf(sess))

/** The demo's one user. A real app keeps a password hash (PBKDF2 through crypto.subtle, or argon2 on the sidecar). */
function checkPassword(email: string, password: string): { name: string; email: string } | null {
  const ok = safeEqual(email, 'ann@example.com') && safeEqual(password, 'correct horse battery')
  return ok ? { name: 'Ann', email } : null
}

function html(r: Response, page: string): string {
  r.headers['Content-Type'] = 'text/html; charset=utf-8'
  return page
}

function seeOther(r: Response, location: string): void {
  // The same as `r.redirect(location, 303)`: the session middleware seals its cookie afterwards.
  r.status = 303
  r.headers.Location = location
}

const Login = v.object({
  email: v.email(),
  password: v.string().min(8, 'must be at least 8 characters'),
})

const checkLogin = validate({ body: Login }, {
  onError: (q: Request, r: Response, errors: any) => {
    r.status = 422
    const f = q.form()
    return html(r, view(loginPage, { csrf: q.csrfToken(), values: { email: String(f.email || '') }, errors: errors.body || {}, flashes: {} }))
  },
})

a.get('/', (q: Request, r: Response) => {
  const user = q.session.data.user || null
  return dual(q, r, {
    html: () => view(homePage, { user, csrf: q.csrfToken(), flashes: q.session.flashes() }),
    json: () => ({ user, messages: q.session.flashes() }),
  })
})

a.get('/login', (q: Request, r: Response) =>
  html(r, view(loginPage, { csrf: q.csrfToken(), values: {}, errors: {}, flashes: q.session.flashes() })))

a.post('/login', checkLogin, (q: Request, r: Response, input: any) => {
  const user = checkPassword(input.body.email, input.body.password)
  if (!user) {
    r.status = 401
    return html(r, view(loginPage, { csrf: q.csrfToken(), values: { email: input.body.email }, errors: { '': 'Wrong e-mail or password' }, flashes: {} }))
  }
  const s = q.session
  s.regenerate()                 // a new id at login: a session id planted before login is worthless
  s.data.user = user
  s.extra.name = user.name       // readable by the page's scripts (signed, not secret)
  s.flash('info', `Welcome back, ${user.name}`)
  seeOther(r, '/')
})

a.post('/logout', (q: Request, r: Response) => {
  q.session.destroy()
  q.session.flash('info', 'You are signed out')
  seeOther(r, '/login')
})

export default a
