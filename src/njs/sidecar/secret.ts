/**
 * The secret nginx and the sidecar share (TRESTY_SIDECAR_SECRET). nginx passes it on every
 * sidecar call — the sidecar refuses calls without it — and checks it on the sidecar's
 * invalidation callbacks. njs reads it from nginx's environment: `env TRESTY_SIDECAR_SECRET;`
 * in the main context of nginx.conf.
 */

/** The nginx variable the internal sidecar location sends as the secret header (`js_var`). */
export const SECRET_VARIABLE = 'tresty_sidecar_secret'

export function sidecarSecret(): string {
  return typeof process !== 'undefined' && process.env ? process.env.TRESTY_SIDECAR_SECRET || '' : ''
}

/**
 * Compares without stopping at the first difference. (utils/crypto.ts's safeEqual does the same
 * for sessions, but importing it would load njs's crypto module into every app that calls the sidecar.)
 */
export function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
