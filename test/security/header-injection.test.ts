/**
 * No response splitting (issue 7, item 3), and no forged error-log lines (item 6): CR, LF and
 * NUL never reach the wire in a header name, value, cookie, Location or redirect target — the
 * request becomes a 500 with one clear error-log line instead, the same on every engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'
import { rawGet } from '../support/raw-http.ts'
import { checkHeader, writeHeaders } from '../../src/njs/headers.ts'
import { logSafe } from '../../src/njs/utils/log.ts'

let s: TestServer
beforeAll(async () => { s = await startApp({ app: 'test/apps/request-path-probe-app.ts' }) })
afterAll(async () => { s?.assertNoCrash(); await s?.stop() })

const INJECTIONS = ['a%0d%0aX-Evil:%201', 'a%0aX-Evil:%201', 'a%0dX-Evil:%201', 'a%00b', '%0d%0a%0d%0a<html>', 'a%E5%98%8A%E5%98%8DX-Evil:%201']

/** An attacker's header line in the head (a split body shows as a 500 status below). */
function injected(head: string, _body: string): boolean {
  return /^x-evil/im.test(head) || /<html>/.test(head)
}

describe('response headers', () => {
  for (const [route, param] of [['/hdr', 'v'], ['/async-hdr', 'v'], ['/hdr-name', 'n'], ['/hdr-list', 'v'], ['/location', 'to'], ['/redirect', 'to']]) {
    it(`${route} refuses CR, LF and NUL from the request`, async () => {
      for (const bad of INJECTIONS) {
        const res = await rawGet(s.port, `${route}?${param}=${bad}`)
        expect(injected(res.head, res.body), `${route} ${bad}: ${res.head}`).toBe(false)
        // The UTF-8 look-alikes (U+560A U+560D) are no CR/LF: they may pass, as nginx sends them as bytes.
        if (bad.indexOf('%E5') < 0) expect([route, bad, res.status]).toEqual([route, bad, 500])
      }
    })
  }

  it('logs one clear line per refused header', async () => {
    await rawGet(s.port, '/hdr?v=a%0d%0aX-Evil:%201')
    expect(s.errorLog()).toMatch(/\[error\].*refused to send response header "X-Echo".*response splitting/)
  })

  it('sends ordinary values and encodes cookie values', async () => {
    const ok = await rawGet(s.port, '/hdr?v=hello%20there')
    expect(ok.status).toBe(200)
    expect(ok.head).toMatch(/\r\nX-Echo: hello there(\r\n|$)/)
    const ck = await rawGet(s.port, '/cookie?v=a%0d%0aX-Evil:%201')
    expect(ck.status).toBe(200)
    expect(injected(ck.head, ck.body)).toBe(false)
    expect(ck.head).toMatch(/Set-Cookie: c=a%0D%0AX-Evil:%201/i)
    const redirect = await rawGet(s.port, '/redirect?to=/public')
    expect(redirect.status).toBe(302)
    expect(redirect.head).toMatch(/\r\nLocation: .*\/public\r\n/)
  })

  it('checkHeader agrees (unit)', () => {
    expect(() => checkHeader('X-A', 'fine value')).not.toThrow()
    expect(() => checkHeader('X-A', ['a', 'b\r\nc'])).toThrow(/response splitting/)
    expect(() => checkHeader('X A', 'v')).toThrow()
    expect(() => checkHeader('X-A\n', 'v')).toThrow()
    expect(() => checkHeader('X-A', 'v\0')).toThrow()
  })

  it('still refuses bad names once the names seen are remembered, and past the memo\'s bounds (unit)', () => {
    // More names than the memo starts after (16) and holds (256), then hostile ones.
    for (let i = 0; i < 300; i++) expect(() => checkHeader(`X-Name-${i}`, 'v')).not.toThrow()
    for (const bad of ['X A', 'X-A\r\nX-Evil', 'X:A', '', 'X-\u00e9', '__proto__\n']) {
      expect(() => checkHeader(bad, 'v'), JSON.stringify(bad)).toThrow(/response splitting/)
      expect(() => checkHeader(bad, 'v'), JSON.stringify(bad)).toThrow(/response splitting/)
    }
    const long = 'X-' + 'a'.repeat(100)
    expect(() => checkHeader(long, 'v')).not.toThrow()
    expect(() => checkHeader(long, 'v')).not.toThrow()
    // A remembered name is still checked for its value.
    expect(() => checkHeader('X-Name-1', 'a\r\nX-Evil: 1')).toThrow(/response splitting/)
    for (const name of ['__proto__', 'constructor', 'toString']) expect(() => checkHeader(name, 'v')).not.toThrow()
  })

  it('writes own headers only, not what a polluted Object.prototype holds (unit)', () => {
    const out: Record<string, unknown> = {}
    const raw = { headersOut: out } as unknown as NginxHTTPRequest
    ;(Object.prototype as any)['X-Polluted'] = 'yes'
    try {
      expect(writeHeaders(raw, { 'X-Own': '1', 'Content-Type': 'text/plain' })).toBe(true)
    } finally {
      delete (Object.prototype as any)['X-Polluted']
    }
    expect(Object.keys(out)).toEqual(['X-Own', 'Content-Type'])
  })
})

describe('error log', () => {
  it('escapes control characters from the request, so a URL cannot forge log lines', async () => {
    const res = await rawGet(s.port, '/boom/x%0d%0a2026-01-01%2000:00:00%20[error]%20forged%20line')
    expect(res.status).toBe(500)
    const lines = s.errorLog().split('\n').filter((l) => /forged line/.test(l))
    expect(lines.length).toBeGreaterThan(0)
    for (const l of lines) expect(l).toMatch(/tresty: unhandled error in GET \/boom\/x\\r\\n2026/)
  })

  it('logSafe escapes (unit)', () => {
    expect(logSafe('a\r\nb\x00c\x7f')).toBe('a\\r\\nb\\x00c\\x7f')
    expect(logSafe('plain')).toBe('plain')
  })
})
