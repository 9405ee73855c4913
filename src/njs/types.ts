/** The public shapes of tresty's request path (what handlers receive and return). */

/** A value a handler may return: sent as the response body. */
export type Body =
  | string
  | Buffer
  | Uint8Array
  | ArrayBuffer
  | object
  | unknown[]
  | StreamBody
  | null
  | undefined

/**
 * A streamed body: a pull function called until it returns (or resolves to) null/undefined,
 * or an async iterator. Each chunk is written with `r.send` as soon as it is produced.
 */
export type StreamBody = (() => Chunk | Promise<Chunk>) | AsyncIterator<Chunk>
export type Chunk = string | Buffer | Uint8Array | null | undefined

/**
 * A handler: `(q, r, ...args)`. `args` are what upstream handlers passed to `q.next(...)`.
 * All three type parameters are optional (untyped apps use the defaults): `P` is the type of
 * `q.params` (a route infers it from its path: route-types.ts), `In` the extra arguments this
 * handler receives, `Out` what it passes on with `q.next(...)`.
 */
export type Handler<P = Params, In extends any[] = any[], Out extends any[] = any[]> =
  (q: Request<P, Out>, r: Response, ...args: In) => any

/**
 * A handler that passes `Out` on: `const auth: Middleware<[User]> = (q) => q.next(findUser(q))`.
 * Declared before a route's other handlers (`a.get('/me', auth, (q, r, user) => user.name)`),
 * it types their extra arguments, and its own `q.next` accepts only `Out`.
 */
export type Middleware<Out extends any[] = any[], P = Params> = Handler<P, any[], Out>

/** Untyped route parameters: what `q.params` is where the path is not known to TypeScript. */
export type Params = Record<string, string>

export type HeaderValue = string | string[]

/**
 * The request table `q`. Everything that costs work is computed on first access. `P` types
 * `q.params` (inferred from a route's path), `Next` what `q.next(...)` accepts.
 */
export interface Request<P = Params, Next extends any[] = any[]> {
  method: string
  /** The decoded path nginx routed (no query string). */
  path: string
  /** For each pattern segment in order: the whole segment, then its capture groups. */
  match: string[]
  /** Named parameters from `:name` and `:name{regex}` segments. */
  params: P
  /** Parsed query string; a repeated key gives an array. Bad %-encoding → 400. */
  readonly query: Record<string, string | string[]>
  /** Request headers with lower-case names; repeated headers joined with ", " (cookies "; "). */
  readonly headers: Record<string, string>
  readonly cookies: Record<string, string>
  /** The raw njs request, for anything tresty does not wrap. */
  raw: NginxHTTPRequest
  /**
   * Runs the next handler with the current arguments plus `more` (up to 8 values; undefined
   * ones at the end are left out); returns what it returned. Call it as `q.next(...)`.
   */
  next(...more: Next): any
  /** The first of `types` the client accepts best (q-values, wildcards), or false. */
  accepts(...types: string[]): string | false
  json<T = any>(): T
  form(): Record<string, string | string[]>
  multipart(): Multipart
  text(): string
  /** The raw body bytes (empty Buffer when there is none). */
  bytes(): Buffer
  /** The route pattern that matched (e.g. `/users/:id`), or '' when none did. */
  route: string
  /** Free space for middleware to hang values on (Losty's "append keys to q"). */
  [key: string]: any
}

export interface UploadedFile {
  field: string
  filename: string
  type: string
  data: Buffer
  size: number
}

export interface Multipart {
  fields: Record<string, string | string[]>
  files: UploadedFile[]
}

export type CookieSetter = (
  age?: number | null,
  samesite?: 'Strict' | 'Lax' | 'None' | boolean | null,
  secure?: boolean | null,
  value?: string | ((v: any) => string) | null,
) => any

/** The response table `r`. Headers and cookies accumulate until the body is sent. */
export interface Response {
  status: number
  headers: Record<string, HeaderValue>
  /**
   * Sets a redirect (302 unless told): the status and a `Location` header (refused at once when
   * it holds CR/LF/NUL). Returns nothing, so `return r.redirect(url)` sends an empty body with
   * `r.headers` and the cookies that middleware adds on the way back.
   */
  redirect(url: string, status?: number): undefined
  /**
   * Step 1 of a cookie: its identity. Returns step 2, `(age, samesite, secure, value)`;
   * a `null` value (or a negative age) deletes it; a function value encodes an object that
   * the setter returns for you to fill in.
   */
  cookie(name: string, httponly?: boolean, domain?: string | null, path?: string | null): CookieSetter
  /** True once the response has been sent (redirect, stream, or a handler using raw). */
  sent: boolean
  [key: string]: any
}
