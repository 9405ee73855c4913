/**
 * An error that carries its HTTP status. Thrown anywhere in a handler chain it becomes that
 * status with its message; anything else thrown becomes a logged 500 with a generic message.
 */
export interface HttpError extends Error {
  status: number
  /** Extra headers to send with the error (e.g. `Allow` on a 405). */
  headers?: Record<string, string>
  isHttpError: true
}

export function HttpError(status: number, message?: string, headers?: Record<string, string>): HttpError {
  const e = new Error(message || statusText(status)) as HttpError
  e.name = 'HttpError'
  e.status = status
  e.isHttpError = true
  if (headers) e.headers = headers
  return e
}

/**
 * The same error without the stack's frames, for the 404/405/501 tresty answers an unrouted
 * request with: where it is made says nothing, and recording the frames is most of what an
 * unrouted request costs. QuickJS (and V8) record none while `Error.stackTraceLimit` is 0 (a
 * 404 on the 100-route app: ~143,000 instructions with the frames recorded where routing
 * fails, ~155,000 at the chain's end, ~118,000 without); the njs engine
 * has no such setting, and there an object on Error's prototype, never constructed, is cheapest
 * (njs 1.0.2: ~296,000 → ~281,000) — it has no `stack` at all.
 */
export function bareHttpError(status: number, message: string, headers?: Record<string, string>): HttpError {
  const E = Error as any
  const limit = E.stackTraceLimit
  let e: HttpError
  if (limit === void 0) {
    e = Object.create(Error.prototype)
    e.message = message
  } else {
    E.stackTraceLimit = 0
    try { e = new Error(message) as HttpError } finally { E.stackTraceLimit = limit }
  }
  e.name = 'HttpError'
  e.status = status
  e.isHttpError = true
  if (headers) e.headers = headers
  return e
}

export function isHttpError(e: unknown): e is HttpError {
  return !!e && (e as HttpError).isHttpError === true
}

/**
 * A switch, not a lookup table: on the njs engine a module's top level runs for every request,
 * and an object literal there costs every request ~25 ns per property; a switch costs nothing
 * until it runs (and errors are rare).
 */
export function statusText(status: number): string {
  switch (status) {
    case 400: return 'Bad Request'
    case 401: return 'Unauthorized'
    case 403: return 'Forbidden'
    case 404: return 'Not Found'
    case 405: return 'Method Not Allowed'
    case 406: return 'Not Acceptable'
    case 409: return 'Conflict'
    case 413: return 'Payload Too Large'
    case 415: return 'Unsupported Media Type'
    case 422: return 'Unprocessable Entity'
    case 429: return 'Too Many Requests'
    case 500: return 'Internal Server Error'
    case 501: return 'Not Implemented'
    case 502: return 'Bad Gateway'
    case 503: return 'Service Unavailable'
    case 504: return 'Gateway Timeout'
    default: return 'Error'
  }
}
