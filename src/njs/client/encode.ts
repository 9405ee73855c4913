/**
 * Request encodings as Guzzle produces them (PHP's http_build_query underneath):
 * - `query` arrays: RFC 3986 (space is %20, `~` kept), PHP bracket notation for nesting.
 * - `form_params`: application/x-www-form-urlencoded, RFC 1738 style (space is `+`, `~` and `*`
 *   encoded), same nesting.
 * true/false become 1/0, null and undefined are left out, an empty string is kept.
 */

/** rawurlencode: everything but A-Z a-z 0-9 - _ . ~ percent-encoded (UTF-8). */
export function encodeRfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, hexEscape)
}

/** urlencode: like rawurlencode, but space is `+` and `~` is encoded too. */
export function encodeForm(s: string): string {
  return encodeRfc3986(s).replace(/~/g, '%7E').replace(/%20/g, '+')
}

function hexEscape(c: string): string {
  return '%' + c.charCodeAt(0).toString(16).toUpperCase()
}

function scalar(v: unknown): string | null {
  if (v === null || v === undefined) return null
  if (v === true) return '1'
  if (v === false) return '0'
  return String(v)
}

/** http_build_query($data, '', '&', form ? PHP_QUERY_RFC1738 : PHP_QUERY_RFC3986). */
export function buildQuery(data: Record<string, unknown>, form?: boolean): string {
  const enc = form ? encodeForm : encodeRfc3986
  const out: string[] = []
  const walk = (prefix: string, v: unknown) => {
    if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v as object)
      for (let i = 0; i < keys.length; i++) walk(prefix + '[' + keys[i] + ']', (v as any)[keys[i]])
      return
    }
    const s = scalar(v)
    if (s !== null) out.push(enc(prefix) + '=' + enc(s))
  }
  const keys = Object.keys(data)
  for (let i = 0; i < keys.length; i++) walk(keys[i], data[keys[i]])
  return out.join('&')
}

/**
 * JSON as PHP's json_encode writes it by default (what Guzzle sends): `/` escaped as `\/` and
 * every non-ASCII character as a `\u` escape (four hex digits), so the body is plain ASCII whatever the receiver.
 */
export function encodeJson(v: unknown): string {
  const s = JSON.stringify(v)
  if (s === undefined) return 'null'
  return s.replace(/[\/\u007f-\uffff]/g, (c) => c === '/' ? '\\/' : '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4))
}

/** Base64 of the UTF-8 bytes (Basic credentials may hold any characters). */
export function base64Utf8(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64')
}

/** A Guzzle multipart element. */
export interface MultipartPart {
  name: string
  contents: string | Buffer | Uint8Array
  filename?: string
  headers?: Record<string, string>
}

/**
 * multipart/form-data body and its boundary. Names and filenames are quoted with `"` and
 * CR/LF refused (they would end the part's header early).
 */
export function encodeMultipart(parts: MultipartPart[], boundary: string): Buffer {
  const chunks: Buffer[] = []
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]
    if (!p || typeof p.name !== 'string') throw new TypeError('multipart: every part needs a string name')
    let head = '--' + boundary + '\r\nContent-Disposition: form-data; name="' + quoted(p.name) + '"'
    if (p.filename !== undefined) head += '; filename="' + quoted(String(p.filename)) + '"'
    head += '\r\n'
    let typed = false
    if (p.headers) {
      const names = Object.keys(p.headers)
      for (let j = 0; j < names.length; j++) {
        assertHeader(names[j], p.headers[names[j]])
        if (names[j].toLowerCase() === 'content-type') typed = true
        head += names[j] + ': ' + p.headers[names[j]] + '\r\n'
      }
    }
    if (!typed && p.filename !== undefined) head += 'Content-Type: application/octet-stream\r\n'
    chunks.push(Buffer.from(head + '\r\n'))
    chunks.push(typeof p.contents === 'string' ? Buffer.from(p.contents) : Buffer.from(p.contents as Uint8Array))
    chunks.push(Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from('--' + boundary + '--\r\n'))
  return Buffer.concat(chunks)
}

function quoted(s: string): string {
  if (/[\r\n]/.test(s)) throw new TypeError('multipart: a name or filename may not contain CR or LF')
  return s.replace(/"/g, '%22')
}

/** A header name must be a token; a value must not hold CR, LF or NUL (header injection). */
export function assertHeader(name: string, value: string): void {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new TypeError('invalid header name: ' + JSON.stringify(name))
  if (/[\r\n\0]/.test(value)) throw new TypeError('invalid value for header ' + name + ': CR, LF and NUL are not allowed')
}
