/**
 * From (method, url, options) to the request to send: Guzzle's option rules, checked before
 * anything goes out (a bad option is an InvalidArgumentException, nothing is sent).
 */
import { assertHeader, base64Utf8, buildQuery, encodeJson, encodeMultipart } from './encode.ts'
import { clientError } from './errors.ts'
import type { HeaderMap, RequestOptions, SentRequest } from './types.ts'
import { formatUrl, parseUrl, resolveUrl, type ParsedUrl } from './absolute-url.ts'

/** Headers keyed by lower-case name, each keeping the name as given. */
export type HeaderTable = Record<string, { name: string; value: string }>

export interface Prepared {
  method: string
  url: ParsedUrl
  headers: HeaderTable
  body: string | Buffer | null
}

export function invalid(message: string, method: string, url: string): never {
  throw clientError('InvalidArgumentException', message, { method, url, headers: {}, body: null })
}

function setHeaders(table: HeaderTable, given: HeaderMap, method: string, url: string) {
  if (Array.isArray(given)) invalid('The headers array must have header name as keys.', method, url)
  if (typeof given !== 'object') invalid('headers must be an object of header name to value', method, url)
  const names = Object.keys(given)
  for (let i = 0; i < names.length; i++) {
    const name = names[i]
    if (/^\d+$/.test(name)) invalid('The headers array must have header name as keys.', method, url)
    const raw = given[name]
    const value = Array.isArray(raw) ? raw.map(String).join(', ') : String(raw)
    try { assertHeader(name, value) } catch (e) { invalid((e as Error).message, method, url) }
    table[name.toLowerCase()] = { name, value }
  }
}

function has(table: HeaderTable, name: string): boolean {
  return table[name] !== undefined
}

/** Merges the client's defaults under the call's options (headers merge by name; `headers: null` drops the defaults). */
export function mergeOptions(defaults: RequestOptions | undefined, o: RequestOptions | undefined): RequestOptions {
  const out: RequestOptions = {}
  Object.assign(out, defaults || {}, o || {})
  if (defaults && defaults.headers && o && o.headers !== undefined) {
    if (o.headers === null) out.headers = null
    else {
      const merged: HeaderMap = {}
      const lower: Record<string, string> = {}
      const own = Object.keys(o.headers)
      for (let i = 0; i < own.length; i++) lower[own[i].toLowerCase()] = own[i]
      const dk = Object.keys(defaults.headers)
      for (let i = 0; i < dk.length; i++) if (lower[dk[i].toLowerCase()] === undefined) merged[dk[i]] = defaults.headers[dk[i]]
      Object.assign(merged, o.headers)
      out.headers = merged
    }
  }
  return out
}

export function prepare(method: string, rawUrl: string, o: RequestOptions): Prepared {
  method = String(method || 'GET').toUpperCase()
  if (!/^[A-Z]+$/.test(method)) invalid('invalid method ' + JSON.stringify(method), method, rawUrl)
  let url: ParsedUrl | null = parseUrl(rawUrl)
  if (!url && o.base_uri) {
    const base = parseUrl(o.base_uri)
    url = base && resolveUrl(base, rawUrl)
  }
  if (!url) invalid('not an absolute http(s) URL: ' + JSON.stringify(rawUrl), method, rawUrl)
  if (url.scheme !== 'http' && url.scheme !== 'https') invalid('only http and https URLs are supported, got ' + url.scheme, method, rawUrl)
  if (/[\s\0]/.test(url.path + (url.query || ''))) invalid('the URL may not contain whitespace or control characters', method, rawUrl)

  // Guzzle: the query option REPLACES the URI's query (docs/request-options.rst, "query").
  if (o.query !== undefined) {
    if (typeof o.query === 'string') url.query = o.query
    else if (o.query && typeof o.query === 'object') url.query = buildQuery(o.query as Record<string, unknown>)
    else invalid('query must be a string or array', method, rawUrl)
  }

  const headers: HeaderTable = Object.create(null)
  if (o.headers !== undefined && o.headers !== null) setHeaders(headers, o.headers, method, rawUrl)

  let body: string | Buffer | null = null
  const bodies = (o.body !== undefined ? 1 : 0) + (o.json !== undefined && o.json !== null ? 1 : 0) +
    (o.form_params !== undefined ? 1 : 0) + (o.multipart !== undefined ? 1 : 0)
  if (bodies > 1) invalid('only one of body, json, form_params and multipart may be given', method, rawUrl)
  if (o.form_params !== undefined) {
    if (!o.form_params || typeof o.form_params !== 'object') invalid('form_params must be an object', method, rawUrl)
    body = buildQuery(o.form_params, true)
    if (!has(headers, 'content-type')) headers['content-type'] = { name: 'Content-Type', value: 'application/x-www-form-urlencoded' }
  } else if (o.json !== undefined && o.json !== null) {
    body = encodeJson(o.json)
    if (!has(headers, 'content-type')) headers['content-type'] = { name: 'Content-Type', value: 'application/json' }
  } else if (o.multipart !== undefined) {
    if (!Array.isArray(o.multipart)) invalid('multipart must be an array of { name, contents }', method, rawUrl)
    const boundary = 'tresty' + Math.random().toString(16).slice(2) + Date.now().toString(16)
    try { body = encodeMultipart(o.multipart, boundary) } catch (e) { invalid((e as Error).message, method, rawUrl) }
    if (!has(headers, 'content-type')) headers['content-type'] = { name: 'Content-Type', value: 'multipart/form-data; boundary=' + boundary }
  } else if (o.body !== undefined && o.body !== null) {
    body = typeof o.body === 'string' || Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body as Uint8Array)
  }

  if (o.auth) {
    if (!Array.isArray(o.auth) || o.auth.length < 2) invalid('auth must be [user, password]', method, rawUrl)
    const type = o.auth.length > 2 ? String(o.auth[2]).toLowerCase() : 'basic'
    if (type !== 'basic') invalid('only basic auth is supported (got ' + type + ')', method, rawUrl)
    // As Guzzle: auth replaces an Authorization header given in `headers`.
    headers.authorization = { name: 'Authorization', value: 'Basic ' + base64Utf8(o.auth[0] + ':' + o.auth[1]) }
  }
  return { method, url, headers, body }
}

export function describe(p: Prepared): SentRequest {
  const headers: Record<string, string> = {}
  const keys = Object.keys(p.headers)
  for (let i = 0; i < keys.length; i++) headers[p.headers[keys[i]].name] = p.headers[keys[i]].value
  return { method: p.method, url: formatUrl(p.url), headers, body: p.body }
}
