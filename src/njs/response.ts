/**
 * The response table `r`. Status, headers and cookies accumulate on it; `send.ts` writes
 * them to nginx once the handler chain has returned a body.
 */
import type { CookieSetter, Response } from './types.ts'
import { cookieSetter } from './helper/cookie.ts'
import { checkHeader } from './headers.ts'

/** A Set-Cookie line, or a thunk computed at send time (cookies whose value is encoded late). */
export type CookieLine = string | (() => string)

const responseProto: any = {
  // Defaults read through the prototype: a response made with one own property (raw), not four
  // (on QuickJS each property of a literal costs ~140 ns); status, sent and headers become its own when set.
  status: 200,
  sent: false,
  _headers: null,
  /**
   * Made on first use: most responses set no header of their own, and on QuickJS an empty
   * object plus the walk over it at send cost as much as routing a request.
   */
  get headers(): Record<string, any> {
    return this._headers || (this._headers = {})
  },
  set headers(value: Record<string, any>) {
    this._headers = value
  },
  redirect(url: string, status?: number) {
    // Checked here too (headers.ts checks again at send), so a hostile target fails at the call.
    checkHeader('Location', url)
    // Not sent here: the chain's send writes it, with r.headers and the cookies middleware
    // adds on the way back (a session's Set-Cookie survives the redirect).
    this.status = status || 302
    this.headers.Location = url
    return undefined
  },
  cookie(name: string, httponly?: boolean, domain?: string | null, path?: string | null): CookieSetter {
    const lines: CookieLine[] = this._cookies || (this._cookies = [])
    return cookieSetter((line: CookieLine) => { lines.push(line) }, name, httponly, domain, path)
  },
}

export function createResponse(raw: NginxHTTPRequest): Response {
  const r: any = { __proto__: responseProto, raw }
  return r
}
