/**
 * Malformed requests from a seeded generator: the same seed gives the same requests, so a
 * failure can be replayed (`FUZZ_SEED=…`). Each case is complete bytes for one connection;
 * `truncated` ones end early (the sender half-closes after them).
 */

export interface FuzzCase {
  bytes: Buffer
  /** The framing ends before the body does: the server sees the client close. */
  truncated: boolean
  /** What the case is, for failure messages. */
  label: string
}

/** mulberry32: small, fast, good enough to spread choices. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function generator(seed: number) {
  const rnd = prng(seed)
  const int = (n: number) => Math.floor(rnd() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]
  const chance = (p: number) => rnd() < p
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)))
  const token = (n: number) => Array.from({ length: n }, () => pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ_-abcxyz019'.split(''))).join('')

  const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'get', 'G\x00T', 'GET ', '']
  const ROUTES = ['/json', '/json-async', '/form', '/multipart', '/text', '/bytes', '/query', '/cookies', '/reports/', '/kv/', '/collections/',
    '/label/', '/users/', '/ping', '/metrics', '/_tresty/access', '/_tresty/cache/invalidate', '/_tresty/sidecar/health', '/', '/nowhere/']
  const PIECES = ['%ED%A0%80', '%ED%B0%80', '%F0%9F%98%80', '%FF', '%C0%AF', '%00', '%', '%G1', '%2', '%2e%2e', '%2f', '..', '.', '//', '%E2%82',
    '\u00e9', 'a', '123', '%0d%0a', '%22', '%5c', '?', '#', ';', '*', 'x'.repeat(300), '%25', '+', '~', '%7f']
  const TYPES = ['application/json', 'application/json; charset=utf-8', 'application/vnd.api+json', 'text/plain', 'text/html; charset=latin1',
    'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=b0',
    'multipart/form-data; boundary="b0"', 'multipart/form-data; boundary=' + 'z'.repeat(80), 'application/octet-stream', '', ';;;', 'json',
    'application/json; boundary=b0', '*/*', 'multipart/form-data; boundary=b0; boundary=b1']

  function path(): string {
    let p = pick(ROUTES)
    const n = chance(0.3) ? 0 : int(4)
    for (let i = 0; i < n; i++) p += pick(PIECES)
    if (chance(0.3)) p += '?' + Array.from({ length: 1 + int(4) }, () => `${pick(PIECES)}=${pick(PIECES)}`).join(pick(['&', ';', '&&']))
    if (chance(0.05)) p = pick(['*', 'http://a//_tresty/access', 'x', '/' + bytes(8).toString('latin1'), '/%'])
    return p.replace(/[ \r\n]/g, chance(0.5) ? '%20' : '')
  }

  function multipart(): string {
    const b = pick(['b0', 'b1', ''])
    const parts: string[] = []
    for (let i = 0, n = int(4); i < n; i++) {
      const disp = pick([`form-data; name="f${i}"`, `form-data; name="f"; filename="a.txt"`, 'form-data', `form-data; name="f"; filename*=UTF-8''%ED%A0%80`,
        `form-data; name="${'n'.repeat(500)}"`, '', `form-data; name=f; filename="C:\\\\x\\\\y.bin"`])
      parts.push(`--${b}\r\n${chance(0.9) ? `Content-Disposition: ${disp}\r\n` : ''}${chance(0.3) ? 'Content-Type: text/plain\r\n' : ''}${chance(0.9) ? '\r\n' : ''}${pick(['v', '', bytes(int(64)).toString('latin1'), '--b0', '\r\n'])}\r\n`)
    }
    return parts.join('') + pick([`--${b}--\r\n`, `--${b}--`, `--${b}`, '', '--b0-'])
  }

  function body(): string | Buffer {
    switch (int(10)) {
      case 0: return ''
      case 1: return bytes(int(200))
      case 2: return pick(['{', '[', '{"a":', 'null', '1', '"x"', '{"a":1}', '[1,2,', '{"__proto__":{"x":1}}', '"\\ud800"', '{"a":"\\u0000"}', '\ufeff{}', 'nul'])
      case 3: { const n = 20 + int(3000); return '['.repeat(n) + ']'.repeat(chance(0.8) ? n : int(n)) }
      case 4: return multipart()
      case 5: return Array.from({ length: int(6) }, () => `${pick(PIECES)}=${pick(PIECES)}`).join('&')
      case 6: return JSON.stringify({ text: 'x'.repeat(int(5000)), n: int(100), nested: { a: [1, { b: null }] } })
      case 7: return 'x'.repeat(int(70_000))
      default: return pick(['a=1', 'hello', '\r\n\r\n', '0\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'])
    }
  }

  function header(): string {
    switch (int(12)) {
      case 0: return `Cookie: ${Array.from({ length: int(5) }, () => `${pick(PIECES)}=${pick(PIECES)}`).join('; ')}`
      case 1: return `Accept: ${pick(['application/json', 'text/html', '*/*;q=0', 'text/*;q=abc', ',,,', 'a/b;q=0.5, */*;q=1.5', 'x'.repeat(2000)])}`
      case 2: return `Authorization: ${pick(['Bearer x', 'Basic', '', 'Bearer ' + bytes(10).toString('latin1')])}`
      case 3: return `X-Long: ${'v'.repeat(chance(0.2) ? int(9000) : int(900))}`
      case 4: return `X-Bytes: ${bytes(16).toString('latin1').replace(/[\r\n]/g, '')}`
      case 5: return 'Expect: 100-continue'
      case 6: return `Range: bytes=${pick(['0-1', '-', 'x', '1-0'])}`
      case 7: return `Content-Encoding: ${pick(['gzip', 'br', 'identity'])}`
      case 8: return `x-tresty-secret: ${pick(['guess', ''])}`
      case 9: return `Accept-Encoding: ${pick(['gzip', '*', ''])}`
      case 10: return chance(0.3) ? `Host: ${pick(['', 'a b', 'x'.repeat(300), '[::1]', 'localhost:99999'])}` : `X-Forwarded-For: ${pick(PIECES)}`
      default: return `${token(1 + int(12))}: ${token(int(20))}`
    }
  }

  return function next(): FuzzCase {
    const method = pick(METHODS)
    const target = path()
    const version = chance(0.9) ? 'HTTP/1.1' : pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/1.x', ''])
    const headers = ['Connection: close']
    if (!chance(0.05)) headers.unshift('Host: localhost')
    const type = pick(TYPES)
    if (type && !chance(0.1)) headers.push(`Content-Type: ${type}`)
    for (let i = 0, n = int(chance(0.5) ? 2 : 4); i < n; i++) headers.push(header())
    let payload = body()
    let raw: Buffer
    let truncated = false
    const framing = int(10)
    const buf = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'latin1')
    if (framing < 6) {
      headers.push(`Content-Length: ${buf.length}`)
      raw = buf
    } else if (framing < 8) {
      headers.push(chance(0.7) ? 'Transfer-Encoding: chunked' : pick(['Transfer-Encoding: Chunked', 'Transfer-Encoding: gzip, chunked', 'Transfer-Encoding: chunked, chunked']))
      const chunks: Buffer[] = []
      for (let at = 0; at < buf.length;) {
        const n = 1 + int(Math.max(1, Math.min(4096, buf.length - at)))
        const ext = chance(0.1) ? pick([';x=1', ';', ' ', ';a="b"']) : ''
        chunks.push(Buffer.from(`${n.toString(16)}${ext}\r\n`), buf.subarray(at, at + n), Buffer.from('\r\n'))
        at += n
      }
      chunks.push(Buffer.from(chance(0.8) ? '0\r\n\r\n' : pick(['0\r\nX-Trailer: 1\r\n\r\n', 'zz\r\n\r\n', '-1\r\n\r\n', 'ffffffffffffffff\r\n'])))
      raw = Buffer.concat(chunks)
      truncated = true // a bad or huge size leaves nginx waiting for more
    } else if (framing < 9) {
      headers.push(`Content-Length: ${pick([buf.length + 10, -1, '1, 2', 'abc', '99999999999999999999'])}`)
      if (chance(0.5)) headers.push('Transfer-Encoding: chunked')
      raw = buf
      truncated = true
    } else {
      raw = Buffer.alloc(0) // a body-less request (any payload is dropped)
      payload = ''
    }
    const head = `${method} ${target} ${version}`.trim() + '\r\n' + headers.join('\r\n') + '\r\n\r\n'
    return {
      bytes: Buffer.concat([Buffer.from(head, 'latin1'), raw]),
      truncated,
      label: `${JSON.stringify(`${method} ${target} ${version}`).slice(0, 200)} ${headers.slice(1).map((h) => h.slice(0, 60)).join(' | ')} body=${raw.length}B`,
    }
  }
}
