/**
 * tresty/client — Oresty's HTTP client, with PHP Guzzle's option names, on ngx.fetch.
 *
 *   import { client } from 'tresty/client'
 *   const res = await client.get('http://127.0.0.1:9000/users', { query: { page: 2 }, timeout: 2000, retry: 2 })
 *   res.status; res.headers['content-type']; res.body; res.json()
 *
 * A client with defaults (base_uri, headers, timeout, …): `createClient({ base_uri, headers })`.
 * nginx needs `resolver` for host names and `js_fetch_trusted_certificate` for https:
 * see nginx/client.conf and docs/client.md.
 */
import { mergeOptions, prepare } from './prepare.ts'
import { send } from './fetch.ts'
import type { ClientResponse, RequestOptions } from './types.ts'

export type { ClientResponse, RequestOptions, RedirectOptions, SentRequest, HeaderMap } from './types.ts'
export type { MultipartPart } from './encode.ts'
export { isClientError } from './errors.ts'
export type { ClientError, ClientErrorName } from './errors.ts'
export { buildQuery } from './encode.ts'

export interface Client {
  defaults: RequestOptions
  request(method: string, url: string, options?: RequestOptions): Promise<ClientResponse>
  get(url: string, options?: RequestOptions): Promise<ClientResponse>
  head(url: string, options?: RequestOptions): Promise<ClientResponse>
  options(url: string, options?: RequestOptions): Promise<ClientResponse>
  delete(url: string, options?: RequestOptions): Promise<ClientResponse>
  post(url: string, options?: RequestOptions): Promise<ClientResponse>
  put(url: string, options?: RequestOptions): Promise<ClientResponse>
  patch(url: string, options?: RequestOptions): Promise<ClientResponse>
}

// One prototype shared by every client (cheap at module load on the njs engine).
const proto: Client = {
  defaults: {},
  request(method, url, options) {
    try {
      const o = mergeOptions(this.defaults, options)
      return send(prepare(method, url, o), o)
    } catch (e) {
      return Promise.reject(e)
    }
  },
  get(url, o) { return this.request('GET', url, o) },
  head(url, o) { return this.request('HEAD', url, o) },
  options(url, o) { return this.request('OPTIONS', url, o) },
  delete(url, o) { return this.request('DELETE', url, o) },
  post(url, o) { return this.request('POST', url, o) },
  put(url, o) { return this.request('PUT', url, o) },
  patch(url, o) { return this.request('PATCH', url, o) },
}

/** A client whose every request starts from `defaults` (Guzzle's client config). */
export function createClient(defaults?: RequestOptions): Client {
  const c = Object.create(proto) as Client
  c.defaults = defaults || {}
  return c
}

/** The default client: no defaults. */
export const client: Client = proto
