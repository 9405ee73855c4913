/** The sidecar's log lines go to stderr, prefixed so they stand out next to nginx's. */
export function logError(message: string, err?: unknown) {
  const detail = err instanceof Error ? `: ${err.message}` : err === undefined ? '' : `: ${String(err)}`
  process.stderr.write(`tresty-sidecar: ${message}${detail}\n`)
}

export function logInfo(message: string) {
  if (!process.env.TRESTY_SIDECAR_QUIET) process.stderr.write(`tresty-sidecar: ${message}\n`)
}
