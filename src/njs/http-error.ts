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

export function isHttpError(e: unknown): e is HttpError {
  return !!e && (e as HttpError).isHttpError === true
}

const TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 409: 'Conflict', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout',
}

export function statusText(status: number): string {
  return TEXT[status] || 'Error'
}
