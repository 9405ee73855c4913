import { describe, expect, it } from 'vitest'
import { parseMultipart, readMultipart } from '../../src/njs/body/multipart.ts'
import { fakeRaw, thrown } from '../support/fake-raw.ts'

const B = '----WebKitFormBoundary7MA4YWxkTrZu0gW'
const CT = { 'content-type': `multipart/form-data; boundary=${B}` }
/** Every byte value, twice, plus things that look like boundaries. */
const BINARY = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from(`\r\n--${B.slice(0, -1)}\r\n--\r\n\n\r`),
  Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i)),
])

function body(parts: (string | Buffer)[]): Buffer {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))
}

describe('readMultipart', () => {
  it('splits fields and files, keeping binary data intact', () => {
    const raw = fakeRaw(body([
      `--${B}\r\n`,
      'Content-Disposition: form-data; name="title"\r\n\r\n',
      'Hello\r\nworld ü\r\n',
      `--${B}\r\n`,
      'Content-Disposition: form-data; name="tag"\r\n\r\na\r\n',
      `--${B}\r\n`,
      'Content-Disposition: form-data; name="tag"\r\n\r\nb\r\n',
      `--${B}\r\n`,
      'Content-Disposition: form-data; name="upload"; filename="pic.bin"\r\n',
      'Content-Type: application/octet-stream\r\n\r\n',
      BINARY,
      `\r\n--${B}\r\n`,
      'content-disposition: form-data; name="empty"\r\n\r\n',
      `\r\n--${B}--\r\n`,
    ]), CT)
    const m = readMultipart(raw, 1 << 20)
    expect(m.fields).toEqual({ title: 'Hello\r\nworld ü', tag: ['a', 'b'], empty: '' })
    expect(m.files.length).toBe(1)
    const f = m.files[0]
    expect({ field: f.field, filename: f.filename, type: f.type, size: f.size })
      .toEqual({ field: 'upload', filename: 'pic.bin', type: 'application/octet-stream', size: BINARY.length })
    expect(Buffer.compare(Buffer.from(f.data), BINARY)).toBe(0)
  })

  it('accepts a quoted boundary, a preamble, an epilogue and bare LF line breaks', () => {
    const b = 'a b:c'
    const raw = fakeRaw(body([
      'preamble to ignore\r\n',
      `--${b}\n`,
      'Content-Disposition: form-data; name=x\n\n',
      '1\n',
      `--${b}  \n`,
      'Content-Disposition: form-data; name="f"; filename="t.txt"\nContent-Type: text/plain\n\n',
      'line\n',
      `--${b}--\nepilogue`,
    ]), { 'content-type': `multipart/form-data; boundary="${b}"` })
    const m = readMultipart(raw, 1000)
    expect(m.fields).toEqual({ x: '1' })
    expect(m.files[0].filename).toBe('t.txt')
    expect(m.files[0].type).toBe('text/plain')
    expect(m.files[0].data.toString()).toBe('line')
  })

  it('decodes filename*, strips client paths, skips an empty file input', () => {
    const m = parseMultipart(body([
      `--${B}\r\n`,
      'Content-Disposition: form-data; name="a"; filename="fallback.txt"; filename*=UTF-8\'\'%E2%82%AC%20rates.txt\r\n\r\n',
      'x\r\n',
      `--${B}\r\n`,
      'Content-Disposition: form-data; name="b"; filename="C:\\Users\\me\\doc.txt"\r\n\r\n',
      'y\r\n',
      `--${B}\r\n`,
      'Content-Disposition: form-data; name="c"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n',
      `\r\n--${B}\r\n`,
      'Content-Disposition: form-data; name="d"; filename="q\\"uote.txt"\r\n\r\n',
      `z\r\n--${B}--`,
    ]), B)
    expect(m.files.map((f) => [f.field, f.filename, f.type, f.data.toString()])).toEqual([
      ['a', '€ rates.txt', 'application/octet-stream', 'x'],
      ['b', 'doc.txt', 'application/octet-stream', 'y'],
      ['d', 'q"uote.txt', 'application/octet-stream', 'z'],
    ])
  })

  it('handles an empty form', () => {
    expect(parseMultipart(Buffer.from(`--${B}--\r\n`), B)).toEqual({ fields: {}, files: [] })
  })

  it('415 for another content type, 400 without a boundary', () => {
    expect(thrown(() => readMultipart(fakeRaw('a=1', { 'content-type': 'application/x-www-form-urlencoded' }), 100)).status).toBe(415)
    const e = thrown(() => readMultipart(fakeRaw('x', { 'content-type': 'multipart/form-data' }), 100))
    expect(e.status).toBe(400)
    expect(e.message).toMatch(/boundary/)
  })

  it('400 on malformed bodies', () => {
    const cases = [
      '',
      'no boundary here',
      `--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated`,
      `--${B}\r\nContent-Disposition: form-data; name="a"\r\n`,
      `--${B}\r\nno colon\r\n\r\nx\r\n--${B}--`,
      `--${B}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${B}--`,
      `--${B}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${B}--`,
      `--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--${B}`,
      `--${B}garbage\r\n`,
    ]
    for (const c of cases) {
      const e = thrown(() => readMultipart(fakeRaw(c, CT), 1000))
      expect(e.status, c).toBe(400)
      expect(e.message, c).toMatch(/^malformed multipart body: /)
    }
  })

  it('413 over the limit', () => {
    expect(thrown(() => readMultipart(fakeRaw(`--${B}--` + 'x'.repeat(100), CT), 50)).status).toBe(413)
  })
})
