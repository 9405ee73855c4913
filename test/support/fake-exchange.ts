/**
 * A request/response pair for running tresty's njs-side code in Node (unit tests, benches):
 * cookies in, Set-Cookie lines out, `$scheme` as given. Node has the same `crypto` module
 * calls (createHmac, createHash) and a global `crypto.subtle`.
 */
import { createResponse } from '../../src/njs/response.ts'
import type { Request, Response } from '../../src/njs/types.ts'

export interface FakeExchange {
  q: Request
  r: Response
  errors: string[]
  /** The Set-Cookie lines written so far. */
  setCookies(): string[]
  /** name → value of the cookies set (deleted ones left out), as a `Cookie` header would carry them. */
  cookieValues(): Record<string, string>
}

export function fakeExchange(cookies: Record<string, string> = {}, opts: { method?: string; scheme?: string; headers?: Record<string, string> } = {}): FakeExchange {
  const errors: string[] = []
  const raw: any = {
    method: opts.method || 'GET', uri: '/', variables: { scheme: opts.scheme || 'http' }, headersOut: {},
    error: (m: string) => { errors.push(m) }, log() {},
  }
  const q: any = { raw, method: raw.method, path: '/', cookies, headers: opts.headers || {}, params: {}, match: [], route: '' }
  const r = createResponse(raw)
  const setCookies = () => (r._cookies || []).map((l: any) => (typeof l === 'function' ? l() : l))
  return {
    q, r, errors, setCookies,
    cookieValues() {
      const out: Record<string, string> = {}
      for (const line of setCookies()) {
        const first = line.split(';')[0]
        const eq = first.indexOf('=')
        if (/Max-Age=0/.test(line)) delete out[first.slice(0, eq)]
        else out[first.slice(0, eq)] = first.slice(eq + 1)
      }
      return out
    },
  }
}
