/**
 * Weak ETags for JSON responses: a GET or HEAD answered 200 with an object or array gets
 * `ETag: W/"<sha1>"` of its JSON; a request whose `If-None-Match` matches gets 304 and no
 * body. Responses marked `Cache-Control: no-store` are left alone, and so are strings,
 * bytes and streams (their handlers know better what identifies them).
 *
 * @example
 *   import { etag } from 'tresty/middleware/etag'
 *   a.use(etag())
 */
import cr from 'crypto'
import type { Handler, Request, Response } from '../../types.ts'
import { after, getHeader } from '../../utils/response.ts'

/** Does an `If-None-Match` value match `tag` (weak comparison; `*` matches anything)? */
export function ifNoneMatch(header: string | undefined, tag: string): boolean {
  if (!header) return false
  const opaque = tag.slice(tag.indexOf('"'))
  const items = header.split(',')
  for (let i = 0; i < items.length; i++) {
    const item = items[i].trim()
    if (item === '*') return true
    if (item.slice(item.indexOf('"')) === opaque) return true
  }
  return false
}

function isJsonBody(body: any): boolean {
  if (body === null || typeof body !== 'object') return false
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return false
  return typeof body.next !== 'function'
}

function tagged(q: Request, r: Response, body: any): any {
  if ((q.method !== 'GET' && q.method !== 'HEAD') || r.status !== 200 || r.sent || !isJsonBody(body)) return body
  const cc = getHeader(r, 'Cache-Control')
  if (cc && cc.toLowerCase().indexOf('no-store') >= 0) return body
  const json = JSON.stringify(body)
  const tag = 'W/"' + cr.createHash('sha1').update(json).digest('base64url') + '"'
  r.headers.ETag = tag
  if (!getHeader(r, 'Content-Type')) r.headers['Content-Type'] = 'application/json'
  if (ifNoneMatch(q.headers['if-none-match'], tag)) {
    r.status = 304
    return undefined
  }
  // Already serialized: sent as it is, not stringified twice.
  return json
}

export function etag(): Handler {
  return (q: Request, r: Response) => after(q.next(), (body) => tagged(q, r, body))
}
