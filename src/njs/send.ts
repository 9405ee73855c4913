/**
 * Writing what a handler chain returned: headers and cookies from `r`, then the body —
 * as is (string, bytes), as JSON (objects, arrays) or streamed chunk by chunk.
 */
import type { Body, Chunk, Response } from './types.ts'
import type { CookieLine } from './response.ts'
import { writeHeaders } from './headers.ts'
import { logSafe } from './utils/log.ts'

/**
 * Writes `r.headers` and the cookies to nginx (checked first: see headers.ts); true when a
 * Content-Type is among the headers.
 */
function applyHeaders(r: Response): boolean {
  const cookies: CookieLine[] | undefined = r._cookies
  const headers = r._headers
  let lines: string[] | undefined
  if (cookies && cookies.length) {
    lines = []
    for (let i = 0; i < cookies.length; i++) {
      const c = cookies[i]
      lines.push(typeof c === 'function' ? c() : c)
    }
  }
  return writeHeaders(r.raw, headers || {}, lines)
}

/**
 * The client went away while nginx wrote the response (njs 0.8 throws `undefined`, 1.0
 * "failed to send response"). Not the application's fault: an info line, not an error.
 */
export function clientGone(raw: NginxHTTPRequest): void {
  try { raw.log(logSafe(`tresty: client went away during the response to ${raw.method} ${raw.uri}`)) } catch (e) { /* nothing left to tell */ }
}

function isBytes(body: any): boolean {
  return body instanceof Uint8Array || body instanceof ArrayBuffer
}

function toBuffer(body: Uint8Array | ArrayBuffer): Buffer {
  return Buffer.isBuffer(body) ? body as Buffer : Buffer.from(body as any)
}

/** Sends `body` with the status and headers set on `r`. Resolves when the response is done. */
export function send(r: Response, body: Body): void | Promise<void> {
  if (r.sent) return
  const raw: NginxHTTPRequest = r.raw
  // Headers are checked before the response counts as started: a refused one still becomes a 500.
  // (r.headers is made on first use: most responses have none of their own, nor cookies.)
  const typed = r._headers !== null || r._cookies !== void 0 ? applyHeaders(r) : false
  r.sent = true
  const status = r.status
  // A 304 never has content, whatever the chain returned.
  if (body === void 0 || body === null || status === 304) return finishEmpty(raw, status)
  const type = typeof body
  if (type === 'string') {
    if (!typed) raw.headersOut['Content-Type'] = 'text/plain; charset=utf-8'
    return respond(raw, status, body as string)
  }
  if (type === 'function') return stream(raw, status, body as any)
  if (type === 'object') {
    if (typeof (body as any).next === 'function') return stream(raw, status, body as any)
    // Plain objects and arrays, the common case, skip the bytes test: `instanceof` is a call on
    // QuickJS (~0.3 µs each here), a constructor check a property read.
    const ctor = (body as any).constructor
    if (ctor !== Object && ctor !== Array && isBytes(body)) {
      if (!typed) raw.headersOut['Content-Type'] = 'application/octet-stream'
      return respond(raw, status, toBuffer(body as Uint8Array))
    }
  }
  if (!typed) raw.headersOut['Content-Type'] = 'application/json'
  return respond(raw, status, JSON.stringify(body))
}

/** `r.return` treats the text of a 3xx as a redirect URL, so 3xx bodies go the long way. */
function respond(raw: NginxHTTPRequest, status: number, body: string | Buffer) {
  try {
    if (status >= 300 && status < 400) {
      raw.status = status
      raw.headersOut['Content-Length'] = String(Buffer.byteLength(body as any))
      raw.sendHeader()
      raw.send(body)
      raw.finish()
      return
    }
    raw.return(status, body as any)
  } catch (e) {
    clientGone(raw)
  }
}

function finishEmpty(raw: NginxHTTPRequest, status: number) {
  try {
    if (status >= 300 && status < 400) {
      raw.status = status
      // A 304 has no content and no Content-Length of its own (RFC 9110 §8.6, §15.4.5): it
      // describes the representation the client already holds.
      if (status !== 304) raw.headersOut['Content-Length'] = '0'
      raw.sendHeader()
      raw.finish()
      return
    }
    raw.return(status)
  } catch (e) {
    clientGone(raw)
  }
}

/** Pulls chunks from a function or async iterator and sends each as it comes. */
async function stream(raw: NginxHTTPRequest, status: number, body: (() => Chunk | Promise<Chunk>) | AsyncIterator<Chunk>) {
  raw.status = status
  try { raw.sendHeader() } catch (e) { clientGone(raw); return }
  const pull: () => any = typeof body === 'function' ? body : () => body.next()
  const fromIterator = typeof body !== 'function'
  let completed = false
  let gone = false
  try {
    for (;;) {
      let chunk: any = await pull()
      if (fromIterator) {
        if (!chunk || chunk.done) break
        chunk = chunk.value
      } else if (chunk === null || chunk === undefined) break
      if (chunk === '' || (chunk.length === 0)) continue
      try {
        raw.send(chunk)
      } catch (e) {
        // The client went away (njs 0.8 throws `undefined`, 1.0 "failed to send response"):
        // not an application error, so no error-level log line.
        gone = true
        clientGone(raw)
        break
      }
    }
    completed = !gone
  } finally {
    if (!completed && fromIterator && typeof (body as any).return === 'function') {
      try { await (body as any).return() } catch (e) { /* the stream is already over */ }
    }
    try { raw.finish() } catch (e) { /* the connection is gone already */ }
  }
}
