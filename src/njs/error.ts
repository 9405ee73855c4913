/**
 * Turning a thrown value into a response: an HttpError keeps its status and message,
 * anything else is logged with its stack to nginx's error log and becomes a plain 500.
 * The body is JSON or HTML according to the client's Accept header; never a stack.
 */
import { isHttpError, statusText } from './http-error.ts'
import { accepts } from './helper/accepts.ts'
import type { Response } from './types.ts'
import { send } from './send.ts'
import { errorDetail, logSafe } from './utils/log.ts'

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** Logs what is not an HttpError; returns the status and the message safe to show. */
export function describeError(raw: NginxHTTPRequest, e: any): { status: number; message: string; headers?: Record<string, string> } {
  if (isHttpError(e)) return { status: e.status, message: e.message, headers: e.headers }
  raw.error(logSafe(`tresty: unhandled error in ${raw.method} ${raw.uri}: ${errorDetail(e)}`))
  return { status: 500, message: statusText(500) }
}

export function sendError(r: Response, e: any): void | Promise<void> {
  const raw: NginxHTTPRequest = r.raw
  const err = describeError(raw, e)
  if (r.sent) {
    // Headers are gone already (a stream failed half-way): all we can do is end it.
    return
  }
  r.status = err.status
  r.headers = err.headers ? Object.assign({}, err.headers) : {}
  r._cookies = undefined
  const html = accepts((raw.headersIn as any).Accept, ['json', 'html']) === 'html'
  if (html) {
    const title = `${err.status} ${escapeHtml(statusText(err.status))}`
    r.headers['Content-Type'] = 'text/html; charset=utf-8'
    return send(r, `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${escapeHtml(err.message)}</p></body></html>\n`)
  }
  return send(r, { error: { status: err.status, message: err.message } })
}
