/**
 * Writing what a handler chain returned: headers and cookies from `r`, then the body —
 * as is (string, bytes), as JSON (objects, arrays) or streamed chunk by chunk.
 */
import type { Body, Chunk, Response } from './types.ts'
import type { CookieLine } from './response.ts'

function applyHeaders(r: Response) {
  const raw: NginxHTTPRequest = r.raw
  const out = raw.headersOut as any
  const headers = r.headers
  for (const name in headers) out[name] = headers[name]
  const cookies: CookieLine[] | undefined = r._cookies
  if (cookies && cookies.length) {
    const lines: string[] = []
    for (let i = 0; i < cookies.length; i++) {
      const c = cookies[i]
      lines.push(typeof c === 'function' ? c() : c)
    }
    out['Set-Cookie'] = lines
  }
}

function isBytes(body: any): boolean {
  return body instanceof Uint8Array || body instanceof ArrayBuffer
}

function isStream(body: any): boolean {
  return typeof body === 'function' || (typeof body === 'object' && body !== null && typeof body.next === 'function')
}

function toBuffer(body: Uint8Array | ArrayBuffer): Buffer {
  return Buffer.isBuffer(body) ? body as Buffer : Buffer.from(body as any)
}

/** Sends `body` with the status and headers set on `r`. Resolves when the response is done. */
export function send(r: Response, body: Body): void | Promise<void> {
  if (r.sent) return
  const raw: NginxHTTPRequest = r.raw
  r.sent = true
  applyHeaders(r)
  const status = r.status
  if (body === undefined || body === null) {
    return finishEmpty(raw, status)
  }
  if (typeof body === 'string') {
    if (!r.headers['Content-Type'] && !r.headers['content-type']) raw.headersOut['Content-Type'] = 'text/plain; charset=utf-8'
    return respond(raw, status, body)
  }
  if (isBytes(body)) {
    if (!r.headers['Content-Type'] && !r.headers['content-type']) raw.headersOut['Content-Type'] = 'application/octet-stream'
    return respond(raw, status, toBuffer(body as Uint8Array))
  }
  if (isStream(body)) return stream(raw, status, body as any)
  if (!r.headers['Content-Type'] && !r.headers['content-type']) raw.headersOut['Content-Type'] = 'application/json'
  return respond(raw, status, JSON.stringify(body))
}

/** `r.return` treats the text of a 3xx as a redirect URL, so 3xx bodies go the long way. */
function respond(raw: NginxHTTPRequest, status: number, body: string | Buffer) {
  if (status >= 300 && status < 400) {
    raw.status = status
    raw.headersOut['Content-Length'] = String(Buffer.byteLength(body as any))
    raw.sendHeader()
    raw.send(body)
    raw.finish()
    return
  }
  raw.return(status, body as any)
}

function finishEmpty(raw: NginxHTTPRequest, status: number) {
  if (status >= 300 && status < 400) {
    raw.status = status
    raw.headersOut['Content-Length'] = '0'
    raw.sendHeader()
    raw.finish()
    return
  }
  raw.return(status)
}

/** Pulls chunks from a function or async iterator and sends each as it comes. */
async function stream(raw: NginxHTTPRequest, status: number, body: (() => Chunk | Promise<Chunk>) | AsyncIterator<Chunk>) {
  raw.status = status
  raw.sendHeader()
  const pull: () => any = typeof body === 'function' ? body : () => body.next()
  const fromIterator = typeof body !== 'function'
  let completed = false
  let clientGone = false
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
        clientGone = true
        raw.log(`tresty: client went away during a streamed response to ${raw.uri}`)
        break
      }
    }
    completed = !clientGone
  } finally {
    if (!completed && fromIterator && typeof (body as any).return === 'function') {
      try { await (body as any).return() } catch (e) { /* the stream is already over */ }
    }
    try { raw.finish() } catch (e) { /* the connection is gone already */ }
  }
}
