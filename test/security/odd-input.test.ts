/**
 * Odd input that used to crash a handler (issue 7, items 9 and 12), through real nginx on the
 * row TRESTY_RUNTIME names: empty bodies, lone surrogates from %-encoded URLs, label values cut
 * inside a surrogate pair, deeply nested JSON. Each answers a clear 2xx/4xx, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startProbe, type Probe } from '../support/security-probe.ts'
import { rawGet, rawRequest } from '../support/raw-http.ts'
import { MAX_JSON_DEPTH } from '../../src/njs/body/deep-json.ts'

let p: Probe

beforeAll(async () => {
  p = await startProbe()
})
afterAll(async () => {
  p?.nginx.assertNoCrash()
  await p?.stop()
})

const emptyPost = (path: string, headers: string[]) =>
  rawRequest(p.nginx.port, [`POST ${path} HTTP/1.1`, 'Host: x', 'Connection: close', ...headers, '', ''].join('\r\n'))

const strictUtf8 = (bytes: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(bytes)

describe('empty bodies', () => {
  const cases: [string, string, number, RegExp | null][] = [
    ['/multipart', 'multipart/form-data; boundary=abc', 400, /malformed multipart body/],
    ['/json', 'application/json', 400, /invalid JSON: empty body/],
    ['/form', 'application/x-www-form-urlencoded', 200, null],
    ['/text', 'text/plain', 200, null],
    ['/bytes', 'application/octet-stream', 200, null],
  ]
  for (const [path, type, status, message] of cases) {
    it(`${path} with Content-Length: 0 and with an empty chunked body → ${status}`, async () => {
      for (const framing of ['Content-Length: 0', 'Transfer-Encoding: chunked']) {
        const res = framing === 'Content-Length: 0'
          ? await emptyPost(path, [`Content-Type: ${type}`, framing])
          : await rawRequest(p.nginx.port, `POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: ${type}\r\n${framing}\r\n\r\n0\r\n\r\n`)
        expect(res.status, `${path} ${framing}`).toBe(status)
        if (message) expect(JSON.parse(res.body).error.message).toMatch(message)
      }
    })
  }
  it('no error-log line for any of them', () => {
    expect(p.nginx.errorLog()).not.toMatch(/detached buffer|unhandled error/)
  })
})

describe('lone surrogates and invalid UTF-8 in the URL', () => {
  const paths = ['/reports/%ED%A0%80', '/reports/%ED%B0%80x', '/reports/a%ED%A0%80%ED%A0%80', '/reports/%FF', '/reports/%C0%AF',
    '/collections/%ED%A0%80', '/collections/%ED%BF%BF', '/kv/%ED%A0%80', '/label/%ED%A0%80', '/users/%ED%A0%80']
  for (const path of paths) {
    it(`GET ${path} is not a 500`, async () => {
      const res = await rawGet(p.nginx.port, path)
      expect(res.status, res.body).toBeGreaterThanOrEqual(200)
      expect(res.status, res.body).toBeLessThan(500)
    })
  }
  it('an unknown task id with a lone surrogate is a 404 from the sidecar, as any unknown id', async () => {
    expect((await rawGet(p.nginx.port, '/reports/%ED%A0%80')).status).toBe(404)
    expect(p.nginx.errorLog()).not.toMatch(/URIError|unhandled error/)
  })
})

describe('stat label values', () => {
  it('a value cut at the limit inside a surrogate pair, or holding a lone surrogate, keeps /metrics valid UTF-8', async () => {
    for (const path of [`/label/${'a'.repeat(255)}%F0%9F%98%80`, `/label/${'b'.repeat(254)}%F0%9F%98%80%F0%9F%98%80`, '/label/%ED%A0%80', '/label/x%ED%B0%80y']) {
      expect((await rawGet(p.nginx.port, path)).status, path).toBe(200)
    }
    const bytes = new Uint8Array(await (await p.nginx.fetch('/metrics')).arrayBuffer())
    const text = strictUtf8(bytes)
    // Cut at 256 UTF-16 units on QuickJS, 256 characters on the njs engine: the emoji is kept
    // whole or dropped whole, never halved.
    expect(text).toMatch(new RegExp(`probe_hits\\{v="${'a'.repeat(255)}(😀)?"\\} 1`))
    expect(text).toMatch(new RegExp(`probe_hits\\{v="${'b'.repeat(254)}😀(😀)?"\\} 1`))
  })
})

describe(`JSON nesting: ${MAX_JSON_DEPTH} levels on every engine`, () => {
  const post = (body: string) => p.json('/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  it('accepts 31, 32, 100 and 1000 levels of arrays and objects', async () => {
    for (const n of [31, 32, 33, 100, MAX_JSON_DEPTH]) {
      const arrays = await post('['.repeat(n) + ']'.repeat(n))
      expect(arrays.status, `${n} arrays: ${arrays.text}`).toBe(200)
      expect(arrays.body).toEqual({ type: 'object' })
      const objects = await post('{"a":'.repeat(n - 2) + '{"b":[1,"x\\u00e9",true,null]}' + '}'.repeat(n - 2))
      expect(objects.status, `${n} objects: ${objects.text}`).toBe(200)
    }
  })
  it('deeper than that: 400 with one message, on every engine', async () => {
    for (const n of [MAX_JSON_DEPTH + 1, 20_000, 100_000]) {
      const res = await post('['.repeat(n) + ']'.repeat(n))
      // QuickJS's own parser goes somewhat deeper than the limit (its stack decides where it
      // stops); checking every body's depth there would cost every request. Never a 5xx.
      if (p.nginx.runtime.engine === 'qjs' && n <= 10_000) {
        expect([200, 400], `${n}`).toContain(res.status)
        continue
      }
      expect(res.status, `${n}`).toBe(400)
      expect(res.body.error.message).toBe(`invalid JSON: nested deeper than ${MAX_JSON_DEPTH} levels`)
    }
  })
  it('malformed deep JSON is still a 400 with a parser message', async () => {
    for (const bad of ['['.repeat(40) + '1,' + ']'.repeat(40), '['.repeat(40) + ']'.repeat(39), '{"a":'.repeat(40) + '}'.repeat(40)]) {
      const res = await post(bad)
      expect(res.status).toBe(400)
      expect(res.body.error.message).toMatch(/^invalid JSON: /)
    }
  })
})
