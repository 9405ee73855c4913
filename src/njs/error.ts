/**
 * Turning a thrown value into a response: an HttpError keeps its status and message,
 * anything else is logged with its stack to nginx's error log and becomes a plain 500.
 * The body is JSON or HTML according to the client's Accept header; never a stack.
 */
import { isHttpError, statusText } from './http-error.ts'
import { accepts } from './helper/accepts.ts'
import type { Response } from './types.ts'
import { send } from './send.ts'
import { checkHeader } from './headers.ts'
import { errorDetail, logSafe } from './utils/log.ts'
import { escapeHtml } from './html/escape.ts'

/** Logs what is not an HttpError; returns the status and the message safe to show. */
export function describeError(raw: NginxHTTPRequest, e: any): { status: number; message: string; headers?: Record<string, string> } {
  if (isHttpError(e)) return { status: e.status, message: e.message, headers: e.headers }
  raw.error(logSafe(`tresty: unhandled error in ${raw.method} ${raw.uri}: ${errorDetail(e)}`))
  return { status: 500, message: statusText(500) }
}

/**
 * Turns `r` into the error response's start: the error's status, the headers middleware set
 * before it that still apply, then the error's own headers (an HttpError's `Allow`, …); no
 * cookies (a half-done request must not sign anyone in). Headers describing the failed
 * response's body or outcome go (Content-*, ETag, Last-Modified, Location, Set-Cookie); the
 * rest — CORS, security headers, Vary, a request id — stay, so a browser can still read a 500
 * that CORS middleware allowed. (Tests inline, not helper functions: on the njs engine every
 * top-level function costs every request, and errors are rare.)
 */
export function resetForError(r: Response, status: number, errorHeaders?: Record<string, string>): void {
  // `_headers` is null while nobody made `r.headers` (response.ts), as in most errors (a 404):
  // then nothing is made here either (on QuickJS the empty objects and their walks cost a
  // 404 ~6,000 instructions).
  const before = r._headers
  let headers: Record<string, any> | null = null
  if (before) {
    headers = {}
    for (const name in before) {
      const n = name.toLowerCase()
      if (n.indexOf('content-') === 0 || n === 'etag' || n === 'last-modified' || n === 'location' || n === 'set-cookie') continue
      // A header refused at send (CR/LF: headers.ts) may be what failed: it never goes again.
      try { checkHeader(name, before[name]) } catch (e) { continue }
      headers[name] = before[name]
    }
  }
  if (errorHeaders) {
    if (headers === null) headers = {}
    for (const name in errorHeaders) headers[name] = errorHeaders[name]
  }
  r.status = status
  r._headers = headers
  if (r._cookies !== void 0) r._cookies = void 0
}

export function sendError(r: Response, e: any): void | Promise<void> {
  const raw: NginxHTTPRequest = r.raw
  const err = describeError(raw, e)
  if (r.sent) {
    // Headers are gone already (a stream failed half-way): all we can do is end it.
    return
  }
  resetForError(r, err.status, err.headers)
  const html = accepts((raw.headersIn as any).Accept, ['json', 'html']) === 'html'
  if (html) {
    const title = `${err.status} ${escapeHtml(statusText(err.status))}`
    r.headers['Content-Type'] = 'text/html; charset=utf-8'
    return send(r, `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${escapeHtml(err.message)}</p></body></html>\n`)
  }
  return send(r, { error: { status: err.status, message: err.message } })
}
