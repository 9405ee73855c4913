/** The secret a host's sidecar sends with its callbacks into nginx (cache invalidation, bus deliveries). */

/** `process.env.TRESTY_SIDECAR_SECRET` (nginx passes it with `env TRESTY_SIDECAR_SECRET;`), or ''. */
export function sidecarSecret(): string {
  return typeof process !== 'undefined' && process.env ? process.env.TRESTY_SIDECAR_SECRET || '' : ''
}

/** Compares without stopping at the first difference. */
export function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
