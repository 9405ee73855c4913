/** The shapes of tresty/client: options (Guzzle's names), the request sent, the response. */
import type { MultipartPart } from './encode.ts'

export type HeaderMap = Record<string, string | string[]>

export interface RedirectOptions {
  /** Most redirects followed (default 5); one more is a TooManyRedirectsException. */
  max?: number
  /** Keep the method on 301/302 (default false: like browsers, POST becomes GET). */
  strict?: boolean
  /** Send a Referer header on redirects (never from https to http). */
  referer?: boolean
  /** Schemes a redirect may go to (default ['http', 'https']). */
  protocols?: string[]
  /** Record the URLs and statuses followed (response.redirects, X-Guzzle-Redirect-*-History). */
  track_redirects?: boolean
}

export interface RequestOptions {
  /** Whole-request timeout in milliseconds (each attempt); 0 = none (nginx's js_fetch_timeout still applies). */
  timeout?: number
  /** Extra attempts on a network error or a 5xx (default 0). */
  retry?: number
  /** Seconds between attempts (default 0). */
  retry_interval?: number
  /** An HTTP proxy, e.g. `http://127.0.0.1:3128` (see docs/client.md for what each njs does). */
  proxy?: string
  /** Request headers; a list value sends one header with the values joined by ", ". null drops the client's defaults. */
  headers?: HeaderMap | null
  /** Replaces the URL's query (as Guzzle does): a string as-is, an object encoded RFC 3986. */
  query?: string | Record<string, unknown>
  /** JSON body (Content-Type application/json unless one is set). */
  json?: unknown
  /** urlencoded form body (Content-Type application/x-www-form-urlencoded unless one is set). */
  form_params?: Record<string, unknown>
  /** multipart/form-data body: [{ name, contents, filename?, headers? }]. */
  multipart?: MultipartPart[]
  /** Raw body. */
  body?: string | Buffer | Uint8Array
  /** Basic credentials: [user, password] (or [user, password, 'basic']); false/null: none. */
  auth?: [string, string] | [string, string, string] | false | null
  /** Throw on 4xx/5xx (default true). */
  http_errors?: boolean
  /** Follow redirects (default true: max 5, not strict); false returns the 3xx. */
  allow_redirects?: boolean | RedirectOptions
  /** Largest response body accepted, bytes (default 1 MiB; ngx.fetch's max_response_body_size). */
  max_response_size?: number
  /** Prefix for relative URLs (client defaults). */
  base_uri?: string
  /**
   * The request being served (tresty's `q` or the raw njs request). Needed only for `proxy`
   * on njs ≥ 0.9.4, where the proxy goes through the `$tresty_fetch_proxy` variable.
   */
  q?: { raw: NginxHTTPRequest } | NginxHTTPRequest
}

/** What was (or was about to be) sent: errors and responses carry it. */
export interface SentRequest {
  method: string
  url: string
  /** As sent, names as given. */
  headers: Record<string, string>
  body: string | Buffer | null
}

export interface ClientResponse {
  status: number
  statusText: string
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>
  /** The body as UTF-8 text (invalid sequences become U+FFFD); `bytes` has it unchanged. */
  body: string
  bytes: Buffer
  /** The URL that answered (after redirects). */
  url: string
  /** With allow_redirects.track_redirects: each URL followed, and each redirect status. */
  redirects?: string[]
  redirectStatuses?: number[]
  request: SentRequest
  json<T = any>(): T
  header(name: string): string | undefined
}
