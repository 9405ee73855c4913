/**
 * RFC 9457 problem details: every error thrown downstream — HttpErrors, the 404/405/501 of a
 * request no route matched, validation failures, anything else (500, logged, never its stack)
 * — is answered as `application/problem+json`:
 *
 *   { "type": "about:blank", "title": "Not Found", "status": 404, "detail": "…", "instance": "/path" }
 *
 * An error with an `errors` property (a validation error's per-field map) keeps it as an
 * extension member. Headers the error carries (`Allow` on a 405) are sent. A handler that
 * *returns* tresty's error shape with a 4xx/5xx status — `{ error: { status, message, errors? } }`,
 * as `validate()` answers 422 — is reshaped the same way.
 *
 * @example
 *   import { problemJson } from 'tresty/middleware/problem-json'
 *   a.use(problemJson())          // first, so it sees errors of everything after it
 */
import type { Handler, Request, Response } from '../../types.ts'
import { isHttpError, statusText } from '../../http-error.ts'
import { isThenable } from '../../utils/response.ts'

export interface ProblemOptions {
  /** A URI for the problem type of a status (default `about:blank`). */
  type?: (status: number) => string
}

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance: string
  [extension: string]: unknown
}

function problem(q: Request, r: Response, e: any, o: ProblemOptions): string {
  // Headers gone already (a stream failed half-way): the core's own boundary ends it.
  if (r.sent) throw e
  let status = 500
  let detail = statusText(500)
  if (e && e.returned) {
    status = e.status
    detail = e.message
  } else if (isHttpError(e)) {
    status = e.status
    detail = e.message
    if (e.headers) for (const k in e.headers) r.headers[k] = e.headers[k]
  } else {
    let text = String(e)
    if (e && e.stack) text = e.stack.indexOf(text) === 0 ? e.stack : `${text}\n${e.stack}`
    q.raw.error(`tresty: unhandled error in ${q.method} ${q.path}: ${text}`)
  }
  r.status = status
  r.headers['Content-Type'] = 'application/problem+json'
  const body: Problem = { type: o.type ? o.type(status) : 'about:blank', title: statusText(status), status, detail, instance: q.path }
  if (e && e.errors && typeof e.errors === 'object') body.errors = e.errors
  // A JSON string, so that the Content-Type set above is the one sent.
  return JSON.stringify(body)
}

/** A returned `{ error: { status, message, errors? } }` with an error status, as a problem. */
function returned(q: Request, r: Response, body: any, o: ProblemOptions): any {
  if (r.status < 400 || r.sent || body === null || typeof body !== 'object') return body
  const err = body.error
  if (!err || typeof err !== 'object' || typeof err.message !== 'string') return body
  return problem(q, r, { returned: true, status: r.status, message: err.message, errors: err.errors }, o)
}

export function problemJson(options?: ProblemOptions): Handler {
  const o = options || {}
  return (q: Request, r: Response) => {
    let out: any
    try {
      out = q.next()
    } catch (e) {
      return problem(q, r, e, o)
    }
    if (isThenable(out)) return out.then((body: any) => returned(q, r, body, o), (e: any) => problem(q, r, e, o))
    return returned(q, r, out, o)
  }
}
