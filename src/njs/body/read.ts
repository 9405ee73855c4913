/** The request body as bytes, within a size limit. */
import { HttpError } from '../http-error.ts'

/**
 * The body nginx read for this request (an empty Buffer when there is none). Longer than
 * `limit` bytes → 413. A body nginx wrote to a temp file (bigger than client_body_buffer_size)
 * cannot be read by njs: that is a 413 too, with a message saying what to raise.
 */
export function readBytes(raw: NginxHTTPRequest, limit: number): Buffer {
  const declared = Number(raw.headersIn['Content-Length'] || 0)
  if (declared > limit) throw HttpError(413, `request body of ${declared} bytes is over the limit of ${limit} bytes`)
  let buf: Buffer | undefined
  let threw = false
  try {
    buf = raw.requestBuffer
  } catch (e) {
    // njs < 0.8.10 throws instead of returning undefined for a body in a temp file
    threw = true
  }
  if (buf === undefined || buf === null) {
    if (threw || declared > 0 || raw.variables.request_body_file) {
      throw HttpError(413, 'request body too large for nginx\'s memory buffer: ' +
        'set client_body_buffer_size equal to client_max_body_size')
    }
    return Buffer.alloc(0)
  }
  // An empty body (Content-Length: 0) comes as a detached buffer on the njs engine: any read of
  // it throws "detached buffer", so hand out a fresh empty one.
  let size = 0
  try { size = buf.length } catch (e) { /* detached */ }
  if (size === 0) return Buffer.alloc(0)
  if (size > limit) throw HttpError(413, `request body of ${size} bytes is over the limit of ${limit} bytes`)
  return buf
}
