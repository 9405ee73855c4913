/**
 * CSRF protection bound to the session: the session holds a random secret; a token is a
 * random salt and the HMAC of it under that secret (so each page gets a different token and a
 * compressed response reveals nothing across requests — BREACH), checked in constant time.
 *
 * @example
 *   const sess = session('sid', SECRET)
 *   a.use(sess.middleware(3600), csrf(sess))
 *   a.get('/form', (q) => `<input type="hidden" name="_csrf" value="${q.csrfToken()}">`)
 *   a.post('/form', (q) => 'accepted')      // 403 without a valid token (form field or X-CSRF-Token)
 */
import type { Handler, Request, Response } from '../types.ts'
import { HttpError } from '../http-error.ts'
import { hmacB64u, randomBytes, safeEqual, toB64u } from '../utils/crypto.ts'
import type { Session, SessionOpener } from './session.ts'

export interface CsrfOptions {
  /** Form field holding the token (default `_csrf`). */
  field?: string
  /** Request header holding the token (default `X-CSRF-Token`). */
  header?: string
}

/** A fresh token for the session (creates its secret on first use; the session then needs saving). */
export function csrfToken(sess: SessionOpener, s: Session): string {
  const salt = toB64u(randomBytes(12))
  return salt + '.' + hmacB64u(sess._csrfSecret(s), salt)
}

/** Does `token` belong to this session? Constant-time; false for anything malformed. */
export function verifyCsrf(s: Session, token: unknown): boolean {
  const secret: string | null = (s as any)._csrf
  if (!secret || typeof token !== 'string' || token.length > 200) return false
  const dot = token.indexOf('.')
  if (dot <= 0) return false
  return safeEqual(token.slice(dot + 1), hmacB64u(secret, token.slice(0, dot)))
}

function isSafe(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || method === 'TRACE'
}

/** The token a request sent: the header first, else the form field of an urlencoded or multipart body. */
function sentToken(q: Request, field: string, header: string): unknown {
  const h = q.headers[header]
  if (h) return h
  const type = (q.headers['content-type'] || '').toLowerCase()
  if (type.indexOf('application/x-www-form-urlencoded') === 0) return q.form()[field]
  if (type.indexOf('multipart/form-data') === 0) return q.multipart().fields[field]
  return undefined
}

/**
 * Middleware: safe methods pass and get `q.csrfToken()` for their forms; other methods need a
 * valid token or get 403. Saves the session after the chain when a token secret was created
 * (so it works with or without `sess.middleware()`).
 */
export function csrf(sess: SessionOpener, options?: CsrfOptions): Handler {
  const field = (options && options.field) || '_csrf'
  const header = ((options && options.header) || 'X-CSRF-Token').toLowerCase()
  return (q: Request, r: Response) => sess(q, r).then((s) => {
    q.csrfToken = () => csrfToken(sess, s)
    if (!isSafe(q.method) && !verifyCsrf(s, sentToken(q, field, header))) {
      throw HttpError(403, 'CSRF token missing or invalid')
    }
    return Promise.resolve(q.next()).then((out) => s.save().then(() => out))
  })
}
