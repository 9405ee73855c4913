/**
 * The request parsers and response helpers in a real nginx: query, cookies, content
 * negotiation, json/form/multipart/text bodies and their 400/413/415 answers, r.cookie,
 * and Server-Sent Events including a client that goes away mid-stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { startApp, type TestServer } from '../support/nginx.ts'

let s: TestServer
// nginx writes bodies over client_body_buffer_size to this dir (the worker may run as nobody)
const spill = mkdtempSync(join(tmpdir(), 'tresty-spill-'))
chmodSync(spill, 0o777)

const SERVER = `
        location /small/ {
            client_body_buffer_size 1k;
            client_body_temp_path ${spill};
            js_content app.content;
        }
        location /sse/ {
            postpone_output 0;
            js_content app.content;
        }`

beforeAll(async () => {
  s = await startApp({ app: 'test/apps/request-app.ts', server: SERVER })
})
afterAll(async () => {
  s?.assertNoCrash()
  await s?.stop()
  rmSync(spill, { recursive: true, force: true })
})

async function call(path: string, init?: RequestInit) {
  const res = await s.fetch(path, init)
  const text = await res.text()
  let body: any = text
  try { body = JSON.parse(text) } catch { /* not JSON */ }
  return { status: res.status, headers: res.headers, body }
}
const post = (path: string, type: string | null, body: RequestInit['body']) =>
  call(path, { method: 'POST', headers: type ? { 'content-type': type } : {}, body })

/** A 4xx from tresty: the status, and the JSON message. */
async function expectError(p: Promise<{ status: number; body: any }>, status: number, message: RegExp) {
  const res = await p
  expect(res.status).toBe(status)
  expect(res.body.error.message).toMatch(message)
}

describe('q.query', () => {
  it('parses repeated keys, flags, + and %-escapes', async () => {
    const r = await call('/query?a=1&b=x+y&a=2&flag&&e=%E2%82%AC%20!&a=')
    expect(r.body).toEqual({ a: ['1', '2', ''], b: 'x y', flag: '', e: '€ !' })
    expect((await call('/query')).body).toEqual({})
  })
  it('answers 400 on malformed %-encoding or invalid UTF-8', async () => {
    for (const bad of ['a=%zz', 'a=%', 'a=%FF', 'a=%C3%28', '%E0=1']) {
      await expectError(call('/query?' + bad), 400, /^malformed percent-encoding in query$/)
    }
  })
})

describe('q.cookies', () => {
  it('parses the Cookie header, first occurrence wins, bad escapes kept raw', async () => {
    const r = await call('/cookies', { headers: { cookie: 'a=1; b="x%20y"; a=2; bad=%E0%A4; e=' } })
    expect(r.body).toEqual({ a: '1', b: 'x y', bad: '%E0%A4', e: '' })
    expect((await call('/cookies')).body).toEqual({})
  })
})

describe('q.accepts', () => {
  const best = async (accept: string | null, t?: string[]) => {
    const qs = t ? '?' + t.map((x) => 't=' + encodeURIComponent(x)).join('&') : ''
    return (await call('/accepts' + qs, { headers: accept === null ? {} : { accept } })).body.best
  }
  it('honours q-values, wildcards and specificity', async () => {
    expect(await best(null)).toBe('json')
    expect(await best('text/html;q=0.9, application/json;q=0.8')).toBe('html')
    expect(await best('text/*, text/html;q=0')).toBe('text')
    expect(await best('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe('html')
    expect(await best('application/json, text/plain, */*', ['html', 'json'])).toBe('json')
    expect(await best('image/png', ['json', 'text/html'])).toBe(false)
    expect(await best('application/*', ['text/html', 'application/vnd.x+json'])).toBe('application/vnd.x+json')
  })
})

describe('q.json()', () => {
  it('parses JSON bodies (and *+json)', async () => {
    expect((await post('/json', 'application/json; charset=utf-8', '{"a":[1,"ü",null]}')).body).toEqual({ got: { a: [1, 'ü', null] } })
    expect((await post('/json', 'application/merge-patch+json', '"s"')).body).toEqual({ got: 's' })
  })
  it('400 on invalid or empty JSON with the parser message', async () => {
    await expectError(post('/json', 'application/json', '{"a":'), 400, /^invalid JSON: .+/)
    await expectError(post('/json', 'application/json', ''), 400, /^invalid JSON: empty body$/)
  })
  it('415 on another content type, naming the expected one', async () => {
    await expectError(post('/json', 'text/plain', '{}'), 415, /unsupported content type text\/plain; expected application\/json/)
    await expectError(post('/json', null, new Uint8Array([123, 125])), 415, /missing content type; expected application\/json/)
  })
  it('413 over the app\'s body limit', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(70 * 1024) })
    await expectError(post('/json', 'application/json', big), 413, /over the limit of 65536 bytes/)
  })
})

describe('q.form()', () => {
  it('parses urlencoded bodies', async () => {
    const body = new URLSearchParams([['a', '1'], ['b', 'x y&z'], ['a', '€']]).toString()
    expect((await post('/form', 'application/x-www-form-urlencoded', body)).body).toEqual({ a: ['1', '€'], b: 'x y&z' })
  })
  it('415 on another type, 400 on bad %-encoding', async () => {
    await expectError(post('/form', 'application/json', '{}'), 415, /expected application\/x-www-form-urlencoded/)
    await expectError(post('/form', 'application/x-www-form-urlencoded', 'a=%G0'), 400, /malformed percent-encoding in form body/)
  })
})

describe('q.text() and q.bytes()', () => {
  it('reads text/* and untyped bodies; 415 on others', async () => {
    expect((await post('/text', 'text/plain; charset=utf-8', 'héllo\nwörld')).body).toEqual({ text: 'héllo\nwörld' })
    expect((await post('/text', 'text/csv', 'a,b')).body).toEqual({ text: 'a,b' })
    expect((await post('/text', null, new Uint8Array([104, 105]))).body).toEqual({ text: 'hi' })
    await expectError(post('/text', 'application/json', '{}'), 415, /expected text\/\*/)
  })
  it('gives the raw size, 0 without a body', async () => {
    expect((await post('/bytes', 'application/octet-stream', randomBytes(1000))).body).toEqual({ size: 1000 })
    expect((await call('/bytes', { method: 'POST' })).body).toEqual({ size: 0 })
  })
  it('a body nginx spilled to a file: 413 naming client_body_buffer_size before njs 0.8.10, read after', async () => {
    expect((await post('/small/text', 'text/plain', 'x'.repeat(500))).body).toEqual({ text: 'x'.repeat(500) })
    const version = (await call('/njs-version')).body.version.split('.').map(Number)
    const spilled = post('/small/text', 'text/plain', 'x'.repeat(5000))
    if (version[0] === 0 && (version[1] < 8 || (version[1] === 8 && version[2] < 10))) {
      await expectError(spilled, 413, /client_body_buffer_size/)
    } else {
      expect((await spilled).body).toEqual({ text: 'x'.repeat(5000) })
    }
    expect(s.errorLog()).toMatch(/a client request body is buffered to a temporary file/)
  })
})

describe('q.multipart()', () => {
  it('parses a FormData upload with fields, repeated fields and binary files intact', async () => {
    const bin = randomBytes(40 * 1024)
    const fd = new FormData()
    fd.append('title', 'Hello\r\nwörld')
    fd.append('tag', 'a')
    fd.append('tag', 'b')
    fd.append('upload', new Blob([bin], { type: 'image/png' }), 'pïc.png')
    fd.append('note', new Blob(['plain text']), 'note.txt')
    const r = await call('/multipart', { method: 'POST', body: fd })
    expect(r.status).toBe(200)
    expect(r.body.fields).toEqual({ title: 'Hello\r\nwörld', tag: ['a', 'b'] })
    expect(r.body.files.map((f: any) => [f.field, f.filename, f.type, f.size])).toEqual([
      ['upload', 'pïc.png', 'image/png', bin.length],
      ['note', 'note.txt', 'application/octet-stream', 10],
    ])
    expect(Buffer.from(r.body.files[0].base64, 'base64').equals(bin)).toBe(true)
  })
  it('sends the uploaded bytes back unchanged', async () => {
    const bin = Buffer.concat([randomBytes(3000), Buffer.from('\r\n--not-the-boundary\r\n'), Buffer.from([0, 255, 13, 10])])
    const fd = new FormData()
    fd.append('f', new Blob([bin], { type: 'application/x-bin' }), 'x.bin')
    const res = await s.fetch('/multipart/file', { method: 'POST', body: fd })
    expect(res.headers.get('content-type')).toBe('application/x-bin')
    expect(Buffer.from(await res.arrayBuffer()).equals(bin)).toBe(true)
  })
  it('accepts a quoted boundary, bare LF, and filename*', async () => {
    const b = 'quoted: boundary'
    const body = `--${b}\nContent-Disposition: form-data; name="f"; filename="x"; filename*=UTF-8''%E2%82%AC.txt\n\n€\n--${b}--\n`
    const r = await post('/multipart', `multipart/form-data; boundary="${b}"`, body)
    expect(r.body.files.map((f: any) => [f.filename, f.size])).toEqual([['€.txt', 3]])
  })
  it('400 without a boundary or on a malformed body, 415 on another type, 413 over the limit', async () => {
    await expectError(post('/multipart', 'multipart/form-data', '--x--'), 400, /boundary/)
    await expectError(post('/multipart', 'multipart/form-data; boundary=zz', '--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end'), 400, /^malformed multipart body: missing closing boundary$/)
    await expectError(post('/multipart', 'multipart/form-data; boundary=zz', 'nothing'), 400, /^malformed multipart body/)
    await expectError(post('/multipart', 'application/json', '{}'), 415, /expected multipart\/form-data/)
    const fd = new FormData()
    fd.append('f', new Blob([randomBytes(70 * 1024)]), 'big.bin')
    await expectError(call('/multipart', { method: 'POST', body: fd }), 413, /over the limit/)
  })
})

describe('r.cookie()', () => {
  it('writes Set-Cookie lines: attributes, deletion, lazily encoded values', async () => {
    const res = await s.fetch('/cookie/set?late=yes')
    expect(await res.text()).toBe('cookies set')
    const lines = res.headers.getSetCookie()
    expect(lines.length).toBe(5)
    expect(lines[0]).toMatch(/^plain=v%201%3Bx%2C%22%C3%BC%22; Max-Age=3600; Expires=\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT; Path=\/; HttpOnly; SameSite=Lax$/)
    const expires = Date.parse(/Expires=([^;]+)/.exec(lines[0])![1])
    expect(Math.abs(expires - (Date.now() + 3600_000))).toBeLessThan(60_000)
    expect(lines[1]).toBe('session=abc; Secure; SameSite=Strict')
    expect(lines[2]).toBe('gone=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Domain=localhost; Path=/app; HttpOnly')
    expect(lines[3]).toBe('nulled=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT')
    // filled in after the setter returned: encoded when the response was sent
    expect(lines[4]).toBe('prefs={%22theme%22:%22dark%22%2C%22late%22:%22yes%22}; Path=/; Secure; SameSite=None')
  })
  it('round-trips through q.cookies', async () => {
    const res = await s.fetch('/cookie/set')
    const header = res.headers.getSetCookie().map((l) => l.split(';')[0]).join('; ')
    const back = (await call('/cookies', { headers: { cookie: header } })).body
    expect(back.plain).toBe('v 1;x,"ü"')
    expect(JSON.parse(back.prefs)).toEqual({ theme: 'dark', late: 'unset' })
  })
  it('an invalid cookie name is a programming error: 500, logged', async () => {
    expect((await call('/cookie/bad-name')).status).toBe(500)
    expect(s.errorLog()).toMatch(/invalid cookie name "bad name"/)
  })
})

/** Reads an SSE response until `until(text)` holds or `ms` pass; returns what arrived. */
async function readStream(res: globalThis.Response, until: (text: string) => boolean, ms: number) {
  const reader = res.body!.getReader()
  const dec = new TextDecoder()
  let text = ''
  const deadline = Date.now() + ms
  while (!until(text) && Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))])
    if (!chunk || chunk.done) break
    text += dec.decode(chunk.value, { stream: true })
  }
  return { text, reader }
}

async function waitForLog(re: RegExp, ms: number) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const m = re.exec(s.errorLog())
    if (m) return m
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`not in the error log after ${ms} ms: ${re}\n${s.errorLog()}`)
}

describe('sse()', () => {
  it('streams retry, events with ids, multi-line and JSON data, comments, then ends', async () => {
    const res = await s.fetch('/sse/basic')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(res.headers.get('x-accel-buffering')).toBe('no')
    expect(await res.text()).toBe(
      'retry: 2500\n\n' +
      'event: greeting\nid: 1\ndata: hello\n\n' +
      'data: line one\ndata: line two\n\n' +
      ': just a comment\n\n' +
      'event: obj\nid: 2\ndata: {"n":2,"s":"x\\ny"}\n\n')
  })

  it('delivers events as they happen, not when the stream ends', async () => {
    const ac = new AbortController()
    const t0 = Date.now()
    const res = await s.fetch('/sse/forever?id=live&every=50', { signal: ac.signal })
    const { text } = await readStream(res, (t) => t.includes('data: tick 2\n'), 3000)
    expect(text).toMatch(/^id: 0\ndata: tick 0\n\nid: 1\ndata: tick 1\n\nid: 2\ndata: tick 2\n/)
    expect(Date.now() - t0).toBeLessThan(1500)
    ac.abort()
    await waitForLog(/tresty-test: sse live closed/, 3000)
  })

  it('sends keep-alive pings while idle', async () => {
    const ac = new AbortController()
    const res = await s.fetch('/sse/forever?id=idle&every=0', { signal: ac.signal })
    const { text } = await readStream(res, (t) => t.split(': ping\n\n').length > 2, 3000)
    expect(text).toBe(': ping\n\n: ping\n\n')
    ac.abort()
    await waitForLog(/tresty-test: sse idle closed after 0 events/, 3000)
  })

  it('runs onClose when the client disconnects mid-stream, without crashing a worker', async () => {
    for (let i = 0; i < 5; i++) {
      const ac = new AbortController()
      const res = await s.fetch(`/sse/forever?id=gone${i}&every=20`, { signal: ac.signal })
      await readStream(res, (t) => t.includes('data: tick 1\n'), 3000)
      ac.abort()
    }
    for (let i = 0; i < 5; i++) await waitForLog(new RegExp(`tresty-test: sse gone${i} closed after \\d+ events`), 3000)
    // the worker is still serving
    expect((await call('/query?ok=1')).body).toEqual({ ok: '1' })
    expect(s.errorLog()).not.toMatch(/exited on signal/)
    s.assertNoCrash()
  })

  it('a failing producer is logged and ends the stream', async () => {
    const res = await s.fetch('/sse/producer-error')
    expect(await res.text()).toBe('data: before the failure\n\n')
    await waitForLog(/tresty: SSE stream: Error: producer exploded/, 2000)
    await waitForLog(/tresty-test: sse producer-error closed/, 2000)
  })
})

describe('bad input never crashes a worker', () => {
  it('leaves no crash in the error log', () => {
    expect(s.errorLog()).not.toMatch(/exited on signal/)
    s.assertNoCrash()
  })
})
