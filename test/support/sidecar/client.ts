/** Plain HTTP calls to a sidecar (unix socket or TCP), as nginx would make them. */
import { request } from 'node:http'
import type { Address } from '../../../src/node/sidecar/http/listen.ts'
import { SECRET_HEADER } from '../../../src/shared/sidecar-protocol.ts'

/** The secret test sidecars get unless a test gives another (startTestSidecar, startStack). */
export const TEST_SECRET = 'tresty-test-sidecar-secret'

export interface Reply<T = any> {
  status: number
  headers: { [name: string]: string | string[] | undefined }
  /** Parsed JSON (or the raw text when it is not JSON). */
  body: T
  text: string
}

/** A call with the test secret, as nginx makes it; `headers` may replace it (`{ [SECRET_HEADER]: … }`) or `null` leaves it out. */
export function call<T = any>(to: Address, method: string, path: string, body?: unknown, headers: { [name: string]: string } | null = {}): Promise<Reply<T>> {
  const sent: { [name: string]: string } = headers === null ? {} : { [SECRET_HEADER]: TEST_SECRET, ...headers }
  const payload = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body)
  const target = 'socket' in to ? { socketPath: to.socket } : { host: to.host, port: to.port }
  return new Promise((resolve, reject) => {
    const req = request({ ...target, method, path, headers: { 'content-type': 'application/json', ...sent } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed: unknown = text
        try { parsed = JSON.parse(text) } catch { /* not JSON: keep the text */ }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed as T, text })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(payload)
  })
}

export const post = <T = any>(to: Address, path: string, body?: unknown) => call<T>(to, 'POST', path, body)
export const get = <T = any>(to: Address, path: string) => call<T>(to, 'GET', path)

/** Polls `check` until it returns something truthy, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await check()
      if (v) return v
    } catch (err) { last = err }
    if (Date.now() > until) throw new Error(`${what} not met within ${timeoutMs} ms${last ? `: ${last}` : ''}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
