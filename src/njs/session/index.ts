/**
 * tresty/session: encrypted client-side sessions, flash messages on them, and CSRF tokens
 * bound to them. See docs/sessions.md.
 */
export { session, COOKIE_LIMIT } from './session.ts'
export type { Session, SessionOpener, SessionOptions } from './session.ts'
export { csrf, csrfToken, verifyCsrf } from './csrf.ts'
export type { CsrfOptions } from './csrf.ts'
