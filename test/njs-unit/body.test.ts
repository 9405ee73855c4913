import { describe, expect, it } from 'vitest'
import { readBytes } from '../../src/njs/body/read.ts'
import { mediaType, requireType, typeParam } from '../../src/njs/body/content-type.ts'
import { readJson } from '../../src/njs/body/json.ts'
import { readForm } from '../../src/njs/body/form.ts'
import { readText } from '../../src/njs/body/text.ts'
import { fakeRaw, thrown } from '../support/fake-raw.ts'

const JSON_CT = { 'content-type': 'application/json' }

describe('readBytes', () => {
  it('returns the body, or an empty Buffer when there is none', () => {
    expect(readBytes(fakeRaw('abc'), 10).toString()).toBe('abc')
    const none = readBytes(fakeRaw(undefined), 10)
    expect(Buffer.isBuffer(none) && none.length).toBe(0)
  })
  it('413 over the limit, by Content-Length or by actual size', () => {
    const e = thrown(() => readBytes(fakeRaw('x'.repeat(11)), 10))
    expect(e.status).toBe(413)
    expect(e.message).toBe('request body of 11 bytes is over the limit of 10 bytes')
    expect(thrown(() => readBytes(fakeRaw('x'.repeat(11), { 'content-length': '0' }), 10)).status).toBe(413)
    expect(thrown(() => readBytes(fakeRaw(undefined, { 'content-length': '500' }), 10)).status).toBe(413)
  })
  it('413 telling to raise client_body_buffer_size when nginx put the body in a file', () => {
    const e = thrown(() => readBytes(fakeRaw(undefined, { 'content-length': '5' }), 10))
    expect(e.status).toBe(413)
    expect(e.message).toMatch(/client_body_buffer_size/)
    const chunked = thrown(() => readBytes(fakeRaw(undefined, {}, { request_body_file: '/tmp/x/0001' }), 10))
    expect(chunked.message).toMatch(/client_body_buffer_size/)
    const throwing = { headersIn: {}, variables: {}, get requestBuffer() { throw new Error('request body is in a file') } }
    expect(thrown(() => readBytes(throwing as any, 10)).status).toBe(413)
  })
})

describe('content type', () => {
  it('gives the lower-case media type without parameters', () => {
    expect(mediaType(fakeRaw('', { 'content-type': ' Application/JSON ; charset=UTF-8' }))).toBe('application/json')
    expect(mediaType(fakeRaw(''))).toBe('')
  })
  it('reads parameters, quoted or not', () => {
    expect(typeParam('multipart/form-data; boundary=abc', 'boundary')).toBe('abc')
    expect(typeParam('multipart/form-data; charset=x; BOUNDARY="a;b \\"c\\""', 'boundary')).toBe('a;b "c"')
    expect(typeParam('text/plain', 'charset')).toBe(null)
    expect(typeParam(undefined, 'charset')).toBe(null)
    expect(typeParam('form-data; filename="f.txt"; name="n"', 'name')).toBe('n')
  })
  it('requireType accepts exact, type/* and *+suffix; 415 naming what was expected', () => {
    const raw = fakeRaw('', { 'content-type': 'application/vnd.api+json' })
    expect(requireType(raw, ['application/json', '*+json'])).toBe('application/vnd.api+json')
    expect(requireType(fakeRaw('', { 'content-type': 'text/csv' }), ['text/*'])).toBe('text/csv')
    const e = thrown(() => requireType(fakeRaw('', { 'content-type': 'text/plain' }), ['application/json', '*+json']))
    expect(e.status).toBe(415)
    expect(e.message).toBe('unsupported content type text/plain; expected application/json or *+json')
    expect(thrown(() => requireType(fakeRaw(''), ['application/json'])).message).toBe('missing content type; expected application/json')
    expect(thrown(() => requireType(fakeRaw('', { 'content-type': '+json' }), ['*+json'])).status).toBe(415)
  })
})

describe('readJson', () => {
  it('parses application/json and *+json bodies (UTF-8, BOM tolerated)', () => {
    expect(readJson(fakeRaw('{"a":[1,"ü"]}', JSON_CT), 100)).toEqual({ a: [1, 'ü'] })
    expect(readJson(fakeRaw('\uFEFF[1]', { 'content-type': 'application/problem+json; charset=utf-8' }), 100)).toEqual([1])
    expect(readJson(fakeRaw('null', JSON_CT), 100)).toBe(null)
  })
  it('400 on invalid or empty JSON, with the parser message', () => {
    const e = thrown(() => readJson(fakeRaw('{"a":', JSON_CT), 100))
    expect(e.status).toBe(400)
    expect(e.message).toMatch(/^invalid JSON: ./)
    expect(thrown(() => readJson(fakeRaw('', JSON_CT), 100)).message).toBe('invalid JSON: empty body')
    expect(thrown(() => readJson(fakeRaw(undefined, JSON_CT), 100)).status).toBe(400)
  })
  it('415 on another type, 413 over the limit', () => {
    expect(thrown(() => readJson(fakeRaw('{}', { 'content-type': 'text/plain' }), 100)).status).toBe(415)
    expect(thrown(() => readJson(fakeRaw('{}'), 100)).status).toBe(415)
    expect(thrown(() => readJson(fakeRaw('[' + '1,'.repeat(100) + '1]', JSON_CT), 100)).status).toBe(413)
  })
})

describe('readForm', () => {
  const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' }
  it('parses urlencoded fields', () => {
    expect(readForm(fakeRaw('a=1&b=x+y&a=%E2%82%AC', FORM), 100)).toEqual({ a: ['1', '€'], b: 'x y' })
    expect(readForm(fakeRaw(undefined, FORM), 100)).toEqual({})
  })
  it('415 on another type, 400 on bad %-encoding', () => {
    expect(thrown(() => readForm(fakeRaw('a=1', JSON_CT), 100)).status).toBe(415)
    const e = thrown(() => readForm(fakeRaw('a=%zz', FORM), 100))
    expect(e.status).toBe(400)
    expect(e.message).toBe('malformed percent-encoding in form body')
  })
})

describe('readText', () => {
  it('reads text/* and bodies without a content type as UTF-8', () => {
    expect(readText(fakeRaw('héllo', { 'content-type': 'text/plain; charset=utf-8' }), 100)).toBe('héllo')
    expect(readText(fakeRaw('<p/>', { 'content-type': 'text/html' }), 100)).toBe('<p/>')
    expect(readText(fakeRaw('raw'), 100)).toBe('raw')
    expect(readText(fakeRaw(undefined), 100)).toBe('')
  })
  it('415 on other types', () => {
    const e = thrown(() => readText(fakeRaw('{}', JSON_CT), 100))
    expect(e.status).toBe(415)
    expect(e.message).toBe('unsupported content type application/json; expected text/*')
  })
})
