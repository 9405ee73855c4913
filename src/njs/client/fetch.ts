/**
 * Sending a prepared request with ngx.fetch: one attempt (bounded by `timeout`), retries on
 * network errors and 5xx, redirects followed by the rules of Guzzle's RedirectMiddleware
 * (ngx.fetch itself follows none), then http_errors.
 */
import { clientError, isClientError, statusError } from './errors.ts'
import { describe, type Prepared } from './prepare.ts'
import type { ClientResponse, RedirectOptions, RequestOptions, SentRequest } from './types.ts'
import { formatUrl, resolveUrl, sameOrigin, target } from './absolute-url.ts'

const DEFAULT_MAX_RESPONSE = 1024 * 1024

/** njs ≥ 0.9.4 has js_fetch_proxy (a real forward proxy: absolute-form requests, CONNECT for https). */
export function hasFetchProxy(): boolean {
  const v = String(typeof njs !== 'undefined' ? njs.version : '0').split('.')
  const major = Number(v[0]), minor = Number(v[1]), patch = Number(v[2] || 0)
  return major > 0 || minor > 9 || (minor === 9 && patch >= 4)
}

function rawRequest(q: RequestOptions['q']): NginxHTTPRequest | null {
  if (!q) return null
  return ((q as any).raw || q) as NginxHTTPRequest
}

/** njs hands an empty body (HEAD, 204) over as a detached ArrayBuffer. */
function toBuffer(ab: ArrayBuffer): Buffer {
  try {
    return ab && ab.byteLength ? Buffer.from(ab) : Buffer.alloc(0)
  } catch (e) {
    return Buffer.alloc(0)
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => { setTimeout(resolve, ms) })
}

function responseOf(res: Response, bytes: Buffer, request: SentRequest, url: string): ClientResponse {
  const headers: Record<string, string> = {}
  // njs calls forEach(name, value) — not the WHATWG (value, name) order.
  res.headers.forEach((name: string, value: string) => {
    const key = name.toLowerCase()
    headers[key] = headers[key] === undefined ? value : headers[key] + ', ' + value
  })
  const out: ClientResponse = {
    status: res.status, statusText: res.statusText || '', headers, bytes,
    body: bytes.toString('utf8'), url, request,
    json() { return JSON.parse(this.body) },
    header(name: string) { return this.headers[name.toLowerCase()] },
  }
  return out
}

/** One attempt. Rejects with a ConnectException when there is no response (in time). */
function attempt(p: Prepared, o: RequestOptions): Promise<ClientResponse> {
  const sent = describe(p)
  const limit = o.max_response_size || DEFAULT_MAX_RESPONSE
  const init: NgxFetchOptions = { method: p.method, headers: sent.headers as any, max_response_body_size: limit }
  if (p.body !== null) init.body = p.body as string
  let fetchUrl = sent.url
  if (o.proxy) {
    const r = rawRequest(o.q)
    if (hasFetchProxy() && r) {
      // nginx/client-proxy.conf: js_fetch_proxy $tresty_fetch_proxy;
      try {
        r.variables.tresty_fetch_proxy = o.proxy
      } catch (e) {
        return Promise.reject(clientError('InvalidArgumentException', 'proxy: nginx has no $tresty_fetch_proxy (include nginx/client-proxy.conf)', sent))
      }
    } else {
      // Older njs: ngx.fetch always sends an origin-form request line, so the request goes to
      // the proxy with the target in Host (what reverse proxies and gateways route on); a
      // forward proxy that needs the absolute-URI form needs njs ≥ 0.9.4 (js_fetch_proxy).
      const via = /^https?:\/\/[^\/?#]+/.exec(o.proxy)
      if (!via) return Promise.reject(clientError('InvalidArgumentException', 'proxy must be http://host:port', sent))
      fetchUrl = via[0] + target(p.url)
      ;(init.headers as any).Host = p.url.host + (p.url.port === (p.url.scheme === 'https' ? 443 : 80) ? '' : ':' + p.url.port)
    }
  }
  const fetched = ngx.fetch(fetchUrl, init).then(
    (res) => res.arrayBuffer().then((ab) => {
      // ngx.fetch's own bound does not stop every chunked body (njs 0.8): refuse it here too.
      const bytes = toBuffer(ab)
      if (bytes.length > limit) throw clientError('BadResponseException', 'the response body of ' + p.method + ' ' + sent.url + ' is over max_response_size (' + limit + ' bytes)', sent)
      return responseOf(res, bytes, sent, sent.url)
    }),
    (e) => { throw clientError('ConnectException', p.method + ' ' + sent.url + ': ' + (e && e.message || e), sent) },
  )
  if (!o.timeout || o.timeout <= 0) return fetched
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const e = clientError('ConnectException', 'timed out after ' + o.timeout + ' ms: ' + p.method + ' ' + sent.url, sent)
      e.timeout = true
      reject(e)
    }, o.timeout)
    fetched.then((v) => { clearTimeout(timer); resolve(v) }, (e) => { clearTimeout(timer); reject(e) })
  })
}

/** Attempts until one gives a response below 500, or the retries run out. */
function withRetries(p: Prepared, o: RequestOptions): Promise<ClientResponse> {
  const retries = Math.max(0, Math.floor(Number(o.retry) || 0))
  const pause = Math.max(0, Number(o.retry_interval) || 0) * 1000
  let left = retries
  const next = (): Promise<ClientResponse> => attempt(p, o).then(
    (res) => {
      if (res.status >= 500 && left > 0) { left--; return sleep(pause).then(next) }
      return res
    },
    (e) => {
      if (isClientError(e) && e.name === 'ConnectException' && left > 0) { left--; return sleep(pause).then(next) }
      throw e
    },
  )
  return next()
}

function redirectOptions(o: RequestOptions): Required<RedirectOptions> | null {
  const a = o.allow_redirects
  if (a === false) return null
  const given: RedirectOptions = a && typeof a === 'object' ? a : {}
  return {
    max: given.max === undefined ? 5 : given.max,
    strict: !!given.strict,
    referer: !!given.referer,
    protocols: given.protocols || ['http', 'https'],
    track_redirects: !!given.track_redirects,
  }
}

/** The request a redirect leads to (RedirectMiddleware::modifyRequest). */
function follow(p: Prepared, res: ClientResponse, rules: Required<RedirectOptions>): Prepared {
  const next = resolveUrl(p.url, res.headers.location)
  if (!next || rules.protocols.indexOf(next.scheme) === -1) {
    throw clientError('BadResponseException', 'Redirect URI, ' + res.headers.location + ', does not use one of the allowed redirect protocols: ' + rules.protocols.join(', '), res.request, res)
  }
  const headers = Object.assign(Object.create(null), p.headers)
  let method = p.method
  let body = p.body
  // 303 always, 301/302 unless strict: GET/HEAD/OPTIONS stay, anything else becomes a GET without a body.
  if (res.status === 303 || (res.status <= 302 && !rules.strict)) {
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') method = 'GET'
    body = null
    delete headers['content-type']
    delete headers['content-length']
  }
  // Credentials never follow to another origin (scheme, host or port).
  if (!sameOrigin(p.url, next)) {
    delete headers.authorization
    delete headers.cookie
  }
  if (rules.referer && !(p.url.scheme === 'https' && next.scheme !== 'https')) {
    headers.referer = { name: 'Referer', value: formatUrl(p.url) }
  } else delete headers.referer
  next.userinfo = ''
  return { method, url: next, headers, body }
}

export function send(first: Prepared, o: RequestOptions): Promise<ClientResponse> {
  const rules = redirectOptions(o)
  const history: string[] = []
  const statuses: number[] = []
  const hop = (p: Prepared): Promise<ClientResponse> => withRetries(p, o).then((res) => {
    if (rules && res.status >= 300 && res.status < 400 && res.headers.location) {
      if (history.length >= rules.max) throw clientError('TooManyRedirectsException', 'Will not follow more than ' + rules.max + ' redirects', res.request, res)
      const next = follow(p, res, rules)
      history.push(formatUrl(next.url))
      statuses.push(res.status)
      return hop(next)
    }
    if (rules && rules.track_redirects) {
      res.redirects = history
      res.redirectStatuses = statuses
      res.headers['x-guzzle-redirect-history'] = history.join(', ')
      res.headers['x-guzzle-redirect-status-history'] = statuses.join(', ')
    }
    if (o.http_errors !== false && res.status >= 400) throw statusError(res.request, res)
    return res
  })
  return hop(first)
}
