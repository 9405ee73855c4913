/**
 * The request table `q`, one per request. It is a plain object whose prototype holds lazy
 * getters (Koa style): query, headers, cookies and bodies cost nothing until a handler
 * reads them, and each is computed at most once.
 */
import type { Handler, Multipart, Request, Response } from './types.ts'
import { parseQuery } from './utils/url.ts'
import { parseCookies } from './helper/cookie.ts'
import { accepts } from './helper/accepts.ts'
import { readBytes } from './body/read.ts'
import { readJson } from './body/json.ts'
import { readForm } from './body/form.ts'
import { readMultipart } from './body/multipart.ts'
import { readText } from './body/text.ts'
import { chainNext, chainOf } from './compose.ts'

/** Defines `name` on `obj` as a plain value, so the prototype getter runs only once. */
function memo<T>(obj: any, name: string, value: T): T {
  Object.defineProperty(obj, name, { value, writable: true, enumerable: true, configurable: true })
  return value
}

function lowerCaseHeaders(raw: NginxHTTPRequest): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  const list = raw.rawHeadersIn
  for (let i = 0; i < list.length; i++) {
    const name = list[i][0].toLowerCase()
    const value = list[i][1]
    if (out[name] === undefined) out[name] = value
    else out[name] += (name === 'cookie' ? '; ' : ', ') + value
  }
  return out
}

const requestProto: any = {
  next: chainNext,
  /** The route's pattern ('' when no route served the request). */
  get route() {
    return this._chain[5]
  },
  /** Per pattern segment: the whole segment, then its capture groups. */
  get match() {
    const st = this._chain
    const m = st[6]
    // (the router's cache hands out its captures frozen, shared by the requests of that path)
    return m === null ? (st[6] = []) : Object.isFrozen(m) ? (st[6] = m.slice()) : m
  },
  set match(value: string[]) {
    this._chain[6] = value
  },
  get _limit() {
    return this._chain[7]
  },
  get query() {
    // `_args` is set where the query is not this request's own (the access phase)
    return memo(this, 'query', parseQuery(this._args !== undefined ? this._args : this.raw.variables.args))
  },
  get headers() {
    return memo(this, 'headers', lowerCaseHeaders(this.raw))
  },
  get cookies() {
    return memo(this, 'cookies', parseCookies(this.headers.cookie))
  },
  accepts(...types: string[]) {
    return accepts(this.headers.accept, types)
  },
  bytes() {
    return this._bytes || (this._bytes = readBytes(this.raw, this._limit))
  },
  json() {
    return this._json !== undefined ? this._json : (this._json = readJson(this.raw, this._limit))
  },
  form() {
    return this._form || (this._form = readForm(this.raw, this._limit))
  },
  multipart(): Multipart {
    return this._multipart || (this._multipart = readMultipart(this.raw, this._limit))
  },
  text() {
    return this._text !== undefined ? this._text : (this._text = readText(this.raw, this._limit))
  },
}

/**
 * Builds `q` for a raw njs request. `path` is what the router matches (already decoded);
 * `captures`, `params` and `route` come from the route that matched, when one did; `first`,
 * `second` and `r` are the chain `q.next` walks (`_chain`, compose.ts's `chainOf`).
 *
 * Five own properties and one array: on QuickJS each property of an object literal costs
 * ~700 instructions and an array element ~100, so what handlers seldom read (the route's
 * pattern, its captures, the body limit) sits in `_chain` behind getters. (`__proto__` in
 * the literal is cheaper than Object.create plus assignments on both engines.)
 */
export function createRequest(raw: NginxHTTPRequest, method: string, path: string, bodyLimit: number,
  captures?: string[] | null, params?: Record<string, string> | null, route?: string,
  first?: Handler[], second?: Handler[], r?: Response): Request {
  const q: any = {
    __proto__: requestProto,
    raw, method, path,
    params: params || {},
    _chain: chainOf(first || null, second || null, r || null, route || '', captures || null, bodyLimit),
  }
  return q
}
