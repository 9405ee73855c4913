/**
 * tresty/client through a real nginx (ngx.fetch) against a local recording server started here:
 * encodings, headers, auth, retries, timeouts, redirects, proxies, http_errors, large and
 * non-UTF-8 bodies, header injection. Guzzle's own cases (shared/corpora/guzzle-options.json)
 * run as well when that file is present.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'
import { startRecordingServer, type RecordingServer } from '../support/recording-server.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'
import { findRuntime } from '../../src/node/runtime/find-nginx.ts'
import { clientLocationLines } from '../../src/node/client/nginx.ts'

let s: TestServer
let up: RecordingServer

beforeAll(async () => {
  up = await startRecordingServer()
  s = await startApp({
    app: 'test/apps/client-app.ts',
    // /call carries 2 MiB test bodies (base64) in.
    server: `        client_max_body_size 8m; client_body_buffer_size 8m;
        location = /call { js_content app.content; ${clientLocationLines(findRuntime())} }`,
  })
})
afterAll(async () => {
  s?.assertNoCrash()
  await s?.stop()
  await up?.close()
})

export async function call(spec: Record<string, unknown>): Promise<any> {
  const res = await s.fetch('/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`/call answered ${res.status}: ${text}\n${s.errorLog().slice(-2000)}`)
  return JSON.parse(text)
}
const last = () => up.requests[up.requests.length - 1]
const echoed = (r: any) => JSON.parse(r.response.body)

describe('requests', () => {
  it('sends each verb and returns status, headers, body and json()', async () => {
    for (const verb of ['get', 'post', 'put', 'patch', 'delete', 'options']) {
      const r = await call({ verb, url: `${up.url}/echo/${verb}` })
      expect(r.ok).toBe(true)
      expect(r.response.status).toBe(200)
      expect(echoed(r).method).toBe(verb.toUpperCase())
      expect(r.response.headers['content-type']).toBe('application/json')
    }
    const head = await call({ verb: 'head', url: `${up.url}/echo` })
    expect(head.response.status).toBe(200)
    expect(last().method).toBe('HEAD')
  })

  it('joins repeated response headers', async () => {
    const r = await call({ url: `${up.url}/echo` })
    expect(r.response.headers['x-multi']).toBe('a, b')
  })
})

describe('encodings', () => {
  it('query REPLACES the URL query (as Guzzle), encoded RFC 3986 with PHP brackets', async () => {
    await call({ url: `${up.url}/echo?abc=123`, options: { query: { foo: 'bar baz', list: [1, 2], map: { x: 'y' }, t: true, f: false, n: null, tilde: 'ä~/' } } })
    expect(last().url).toBe('/echo?foo=bar%20baz&list%5B0%5D=1&list%5B1%5D=2&map%5Bx%5D=y&t=1&f=0&tilde=%C3%A4~%2F')
    await call({ url: `${up.url}/echo?abc=123`, options: { query: 'raw=as+is' } })
    expect(last().url).toBe('/echo?raw=as+is')
    await call({ url: `${up.url}/echo?kept=1` })
    expect(last().url).toBe('/echo?kept=1')
  })
  it('form_params: urlencoded, space as +, ~ and * encoded, Content-Type unless given', async () => {
    await call({ method: 'POST', url: `${up.url}/echo`, options: { form_params: { a: 'x y~*', b: ['1', '2'] } } })
    expect(last().body.toString()).toBe('a=x+y%7E%2A&b%5B0%5D=1&b%5B1%5D=2')
    expect(last().headers['content-type']).toBe('application/x-www-form-urlencoded')
    await call({ method: 'POST', url: `${up.url}/echo`, options: { form_params: { a: 'b' }, headers: { 'content-type': 'text/plain' } } })
    expect(last().headers['content-type']).toBe('text/plain')
  })
  it('json: encoded as PHP json_encode does (\\/ and \\uXXXX), Content-Type application/json', async () => {
    await call({ method: 'PUT', url: `${up.url}/echo`, options: { json: { url: 'http://a/b', name: 'é', list: [1, 2] } } })
    expect(last().body.toString()).toBe('{"url":"http:\\/\\/a\\/b","name":"\\u00e9","list":[1,2]}')
    expect(JSON.parse(last().body.toString())).toEqual({ url: 'http://a/b', name: 'é', list: [1, 2] })
    expect(last().headers['content-type']).toBe('application/json')
  })
  it('multipart: fields and binary files, parsed back by a real parser', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254, 13, 10, 0])
    await call({ method: 'POST', url: `${up.url}/echo`, options: { multipart: [
      { name: 'title', contents: 'hello "world"' },
      { name: 'file', filename: 'a.bin', base64: bytes.toString('base64'), contents: '', headers: { 'Content-Type': 'application/x-test' } },
    ] } })
    const rec = last()
    const form = await new Response(rec.body, { headers: { 'content-type': String(rec.headers['content-type']) } }).formData()
    expect(form.get('title')).toBe('hello "world"')
    const file = form.get('file') as File
    expect(file.name).toBe('a.bin')
    expect(file.type).toBe('application/x-test')
    expect(Buffer.from(await file.arrayBuffer())).toEqual(bytes)
  })
  it('a raw binary body goes out byte for byte', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0xc3, 0x28, 0x80])
    await call({ method: 'POST', url: `${up.url}/echo`, bodyBase64: bytes.toString('base64') })
    expect(last().body).toEqual(bytes)
  })
  it('two body options at once are refused before sending', async () => {
    const before = up.requests.length
    const r = await call({ method: 'POST', url: `${up.url}/echo`, options: { json: { a: 1 }, form_params: { b: 2 } } })
    expect(r.error.name).toBe('InvalidArgumentException')
    expect(up.requests.length).toBe(before)
  })
})

describe('headers and auth', () => {
  it('basic auth over UTF-8, replacing an Authorization header', async () => {
    await call({ url: `${up.url}/echo`, options: { auth: ['üser', 'pä:ss'], headers: { Authorization: 'Bearer x' } } })
    expect(last().headers.authorization).toBe('Basic ' + Buffer.from('üser:pä:ss').toString('base64'))
  })
  it('client defaults merge by name, case-insensitively; headers: null drops them', async () => {
    await call({ client: { headers: { 'X-Default': 'd', 'User-agent': 'foo' } }, url: `${up.url}/echo`, options: { headers: { 'User-Agent': 'bar', 'X-List': ['1', '2'] } } })
    expect(last().headers['x-default']).toBe('d')
    expect(last().headers['user-agent']).toBe('bar')
    expect(last().headers['x-list']).toBe('1, 2')
    await call({ client: { headers: { 'X-Default': 'd' } }, url: `${up.url}/echo`, options: { headers: null } })
    expect(last().headers['x-default']).toBeUndefined()
  })
  it('refuses CR/LF in header names and values (nothing is sent)', async () => {
    const before = up.requests.length
    for (const headers of [{ 'X-A': 'v\r\nX-Injected: 1' }, { 'X-A': 'v\nX-Injected: 1' }, { 'X-A\r\nX-Injected': 'v' }, { 'bad name': 'v' }, { 'X-A': ['ok', 'v\r\nX: 1'] }]) {
      const r = await call({ url: `${up.url}/echo`, options: { headers } })
      expect(r.ok).toBe(false)
      expect(r.error.name).toBe('InvalidArgumentException')
    }
    const mp = await call({ method: 'POST', url: `${up.url}/echo`, options: { multipart: [{ name: 'a"\r\nX: 1', contents: 'x' }] } })
    expect(mp.error.name).toBe('InvalidArgumentException')
    const url = await call({ url: `${up.url}/echo x HTTP/1.1\r\nX: 1` })
    expect(url.error.name).toBe('InvalidArgumentException')
    expect(up.requests.length).toBe(before)
  })
})

describe('http_errors', () => {
  it('4xx → ClientException, 5xx → ServerException, with request and response', async () => {
    const r = await call({ url: `${up.url}/status/404?body=missing` })
    expect(r.error.name).toBe('ClientException')
    expect(r.error.message).toContain('resulted in a `404 Not Found` response:\nmissing')
    expect(r.error.request).toMatchObject({ method: 'GET', url: `${up.url}/status/404?body=missing` })
    expect(r.response).toMatchObject({ status: 404, body: 'missing' })
    const s5 = await call({ url: `${up.url}/status/500` })
    expect(s5.error.name).toBe('ServerException')
  })
  it('http_errors: false returns the response; 3xx without Location is returned', async () => {
    expect((await call({ url: `${up.url}/status/404`, options: { http_errors: false } })).response.status).toBe(404)
    expect((await call({ url: `${up.url}/status/304` })).response.status).toBe(304)
  })
})

describe('retries and timeouts', () => {
  it('retries a 503 and succeeds', async () => {
    const before = up.requests.length
    const r = await call({ url: `${up.url}/flaky/a?fail=2`, options: { retry: 2, retry_interval: 0.05 } })
    expect(r.response).toMatchObject({ status: 200, body: 'ok after 3' })
    expect(up.requests.length - before).toBe(3)
  })
  it('gives up after `retry` extra attempts: ServerException, or the 5xx with http_errors false', async () => {
    const before = up.requests.length
    const r = await call({ url: `${up.url}/flaky/b?fail=9`, options: { retry: 2 } })
    expect(r.error.name).toBe('ServerException')
    expect(up.requests.length - before).toBe(3)
    const q = await call({ url: `${up.url}/flaky/c?fail=9`, options: { retry: 1, http_errors: false } })
    expect(q.response.status).toBe(503)
  })
  it('a refused connection is a ConnectException; retried, it succeeds once a server listens', async () => {
    const port = await freePort()
    const refused = await call({ url: `http://127.0.0.1:${port}/echo` })
    expect(refused.error.name).toBe('ConnectException')
    let late: RecordingServer | undefined
    const timer = setTimeout(async () => { late = await startRecordingServer(port) }, 300)
    try {
      const r = await call({ url: `http://127.0.0.1:${port}/echo`, options: { retry: 20, retry_interval: 0.1 } })
      expect(r.response.status).toBe(200)
    } finally {
      clearTimeout(timer)
      await late?.close()
    }
  })
  it('timeout (ms) fails a slow answer with a ConnectException marked timeout', async () => {
    const r = await call({ url: `${up.url}/slow?ms=3000`, options: { timeout: 200 } })
    expect(r.error).toMatchObject({ name: 'ConnectException', timeout: true })
    const ok = await call({ url: `${up.url}/slow?ms=50`, options: { timeout: 5000 } })
    expect(ok.response.body).toBe('slow')
  })
})

describe('redirects (njs follows none: tresty/client does)', () => {
  it('follows up to max (5), then TooManyRedirectsException with the last redirect', async () => {
    const ok = await call({ url: `${up.url}/chain/5` })
    expect(ok.response).toMatchObject({ status: 200, body: 'end of chain' })
    const tooMany = await call({ url: `${up.url}/chain/6` })
    expect(tooMany.error).toMatchObject({ name: 'TooManyRedirectsException', message: 'Will not follow more than 5 redirects' })
    expect(tooMany.response.status).toBe(302)
    const max2 = await call({ url: `${up.url}/chain/3`, options: { allow_redirects: { max: 2 } } })
    expect(max2.error.name).toBe('TooManyRedirectsException')
    expect((await call({ url: `${up.url}/chain/3`, options: { allow_redirects: false } })).response.status).toBe(302)
  })
  it('301/302/303 turn POST into a GET without body; 307/308 keep method and body; strict keeps 302', async () => {
    for (const [code, options, method, body] of [
      [301, {}, 'GET', ''], [302, {}, 'GET', ''], [303, {}, 'GET', ''],
      [307, {}, 'POST', 'payload'], [308, {}, 'POST', 'payload'],
      [302, { allow_redirects: { strict: true } }, 'POST', 'payload'], [303, { allow_redirects: { strict: true } }, 'GET', ''],
    ] as const) {
      const r = await call({ method: 'POST', url: `${up.url}/redirect/${code}?to=/echo/next`, options: { ...options, body: 'payload', headers: { 'Content-Type': 'text/plain' } } })
      const got = echoed(r)
      expect([code, got.method, Buffer.from(got.body, 'base64').toString()]).toEqual([code, method, body])
      if (method === 'GET') expect(got.headers['content-type']).toBeUndefined()
    }
  })
  it('keeps Authorization and Cookie on the same origin, drops them on another', async () => {
    const other = await startRecordingServer()
    try {
      await call({ url: `${up.url}/redirect/302?to=/echo/same`, options: { auth: ['u', 'p'], headers: { Cookie: 'a=b' } } })
      expect(last().headers.authorization).toBeDefined()
      expect(last().headers.cookie).toBe('a=b')
      await call({ url: `${up.url}/redirect/302?to=${encodeURIComponent(other.url + '/echo/x')}`, options: { auth: ['u', 'p'], headers: { Cookie: 'a=b', 'X-Keep': '1' } } })
      const there = other.requests[other.requests.length - 1]
      expect(there.headers.authorization).toBeUndefined()
      expect(there.headers.cookie).toBeUndefined()
      expect(there.headers['x-keep']).toBe('1')
    } finally {
      await other.close()
    }
  })
  it('resolves relative Locations; track_redirects records URLs and statuses; other schemes refused', async () => {
    const r = await call({ url: `${up.url}/chain/2?x=1`, options: { allow_redirects: { track_redirects: true } } })
    expect(r.response.redirects).toEqual([`${up.url}/chain/1`, `${up.url}/chain/0`])
    expect(r.response.redirectStatuses).toEqual([302, 302])
    expect(r.response.headers['x-guzzle-redirect-history']).toBe(`${up.url}/chain/1, ${up.url}/chain/0`)
    await call({ url: `${up.url}/redirect/302?to=../echo/rel?y=2` })
    expect(last().url).toBe('/echo/rel?y=2')
    const ftp = await call({ url: `${up.url}/redirect/301?to=ftp://x/y` })
    expect(ftp.error.name).toBe('BadResponseException')
    expect(ftp.error.message).toMatch(/^Redirect URI,/)
  })
})

describe('bodies', () => {
  it('large request and response bodies (2 MiB each way, max_response_size raised)', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 'y')
    await call({ method: 'POST', url: `${up.url}/echo`, bodyBase64: big.toString('base64'), options: { http_errors: false } })
    expect(last().body.length).toBe(big.length)
    const r = await call({ url: `${up.url}/big?bytes=${3 * 1024 * 1024}`, options: { max_response_size: 4 * 1024 * 1024 } })
    expect(r.response.body.length).toBe(3 * 1024 * 1024)
  })
  it('a response over max_response_size is an error, not a truncated body', async () => {
    const r = await call({ url: `${up.url}/big?bytes=${2 * 1024 * 1024}` })
    expect(r.ok).toBe(false)
    expect(r.error.message).toMatch(/max_response_size|too large|exceed/)
  })
  it('non-UTF-8 bytes: body has U+FFFD, bytes are exact', async () => {
    const r = await call({ url: `${up.url}/latin1` })
    expect(Buffer.from(r.response.base64, 'base64')).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff]))
    expect(r.response.body.startsWith('caf')).toBe(true)
    expect(r.response.body).toContain('\ufffd')
  })
})

describe('proxy', () => {
  it('goes through the proxy: absolute-form with js_fetch_proxy (njs ≥ 0.9.4), else origin-form with the target in Host', async () => {
    const proxy = await startRecordingServer()
    try {
      const direct = up.requests.length
      const r = await call({ url: `${up.url}/echo/through?x=1`, options: { proxy: proxy.url } })
      expect(r.response.status).toBe(200)
      expect(up.requests.length).toBe(direct)
      const seen = proxy.requests[proxy.requests.length - 1]
      if (s.runtime.row === 'njs-0.8') {
        expect(seen.url).toBe('/echo/through?x=1')
        expect(seen.headers.host).toBe(`127.0.0.1:${up.port}`)
      } else {
        expect(seen.url).toBe(`${up.url}/echo/through?x=1`)
      }
      // Without the option the same request goes straight to the server.
      await call({ url: `${up.url}/echo/direct` })
      expect(last().url).toBe('/echo/direct')
      expect(proxy.requests.length).toBe(1)
    } finally {
      await proxy.close()
    }
  })
})
