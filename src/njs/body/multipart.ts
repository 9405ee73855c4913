/**
 * `q.multipart()`: a multipart/form-data body split into fields and files. Works on the bytes
 * (Buffer.indexOf), so binary file data stays intact; only part headers and field values are
 * decoded as UTF-8. Accepts CRLF and bare LF line breaks.
 *
 * Made on first use (`makeMultipart`): on the njs engine a module's top level runs again for
 * every request, and each function declared there costs every request (docs/lazy-parts.md).
 */
import { HttpError } from '../http-error.ts'
import type { Multipart, UploadedFile } from '../types.ts'
import { addValue } from '../utils/url.ts'
import { readBytes } from './read.ts'
import { contentTypes } from './content-type.ts'

interface MultipartParser {
  readMultipart(raw: NginxHTTPRequest, limit: number): Multipart
  parseMultipart(body: Buffer, boundary: string): Multipart
}

let made: MultipartParser | null = null

/** multipart/form-data only → else 415; no boundary or a malformed body → 400. */
export function readMultipart(raw: NginxHTTPRequest, limit: number): Multipart {
  return (made || (made = makeMultipart())).readMultipart(raw, limit)
}

/** Splits `body` on `boundary`. Exported for tests. */
export function parseMultipart(body: Buffer, boundary: string): Multipart {
  return (made || (made = makeMultipart())).parseMultipart(body, boundary)
}

function makeMultipart(): MultipartParser {
  const { requireType, typeParam } = contentTypes()
  const LF = 10
  const CR = 13
  const DASH = 45

  function bad(why: string): never {
    throw HttpError(400, `malformed multipart body: ${why}`)
  }

  function readMultipart(raw: NginxHTTPRequest, limit: number): Multipart {
    requireType(raw, ['multipart/form-data'])
    const boundary = typeParam(raw.headersIn['Content-Type'], 'boundary')
    if (!boundary) throw HttpError(400, 'multipart/form-data without a boundary parameter')
    if (boundary.length > 70) bad('boundary longer than 70 characters')
    return parseMultipart(readBytes(raw, limit), boundary)
  }

  function parseMultipart(body: Buffer, boundary: string): Multipart {
    const fields: Record<string, string | string[]> = Object.create(null)
    const files: UploadedFile[] = []
    const first = Buffer.from('--' + boundary)
    // Every delimiter but a first one at offset 0 follows a line break; a CR before it is
    // dropped from the content.
    const delim = Buffer.from('\n--' + boundary)
    let pos: number
    if (startsWith(body, first, 0)) {
      pos = first.length
    } else {
      const at = body.indexOf(delim)
      if (at === -1) bad('boundary not found')
      pos = at + delim.length
    }
    for (;;) {
      if (body[pos] === DASH && body[pos + 1] === DASH) break // close delimiter; the epilogue is ignored
      while (body[pos] === 32 || body[pos] === 9) pos++ // transport padding
      if (body[pos] === CR) pos++
      if (body[pos] !== LF) bad(pos >= body.length ? 'missing closing boundary' : 'no line break after a boundary')
      pos++
      const headers: Record<string, string> = Object.create(null)
      for (;;) {
        const nl = body.indexOf(LF, pos)
        if (nl === -1) bad('part headers never end')
        const end = nl > pos && body[nl - 1] === CR ? nl - 1 : nl
        const start = pos
        pos = nl + 1
        if (end === start) break // the empty line ending the headers
        const line = body.toString('utf8', start, end)
        const colon = line.indexOf(':')
        if (colon <= 0) bad('bad part header line')
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
      }
      const next = body.indexOf(delim, pos)
      if (next === -1) bad('missing closing boundary')
      addPart(fields, files, headers, body, pos, next > pos && body[next - 1] === CR ? next - 1 : next)
      pos = next + delim.length
    }
    return { fields, files }
  }

  function addPart(fields: Record<string, string | string[]>, files: UploadedFile[],
    headers: Record<string, string>, body: Buffer, start: number, end: number) {
    const disposition = headers['content-disposition']
    if (!disposition) bad('a part without Content-Disposition')
    const name = typeParam(disposition, 'name')
    if (name === null) bad('a part without a name')
    const star = typeParam(disposition, 'filename*')
    const filename = (star !== null ? decodeExtValue(star) : null) || typeParam(disposition, 'filename')
    if (filename === null) {
      addValue(fields, name, body.toString('utf8', start, end))
      return
    }
    if (filename === '' && end === start) return // a file input left empty
    const data = body.subarray(start, end)
    files.push({
      field: name,
      filename: baseName(filename),
      type: headers['content-type'] || 'application/octet-stream',
      data,
      size: data.length,
    })
  }

  /** RFC 5987 `charset'lang'%XX…` (filename*); null when it cannot be decoded. */
  function decodeExtValue(v: string): string | null {
    const m = /^([^']*)'[^']*'(.*)$/.exec(v)
    if (!m) return null
    const charset = m[1].toLowerCase()
    if (charset === 'utf-8') {
      try { return decodeURIComponent(m[2]) } catch (e) { return null }
    }
    if (charset === 'iso-8859-1') {
      return m[2].replace(/%([0-9A-Fa-f]{2})/g, (x, h) => String.fromCharCode(parseInt(h, 16)))
    }
    return null
  }

  /** Browsers may send a client-side path (`C:\\dir\\a.txt`); keep the last component. */
  function baseName(name: string): string {
    const cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'))
    return cut === -1 ? name : name.slice(cut + 1)
  }

  function startsWith(buf: Buffer, prefix: Buffer, at: number): boolean {
    if (buf.length - at < prefix.length) return false
    for (let i = 0; i < prefix.length; i++) {
      if (buf[at + i] !== prefix[i]) return false
    }
    return true
  }

  return { readMultipart, parseMultipart }
}
