/** `q.json()`: the body parsed as JSON. */
import { HttpError } from '../http-error.ts'
import { readBytes } from './read.ts'
import { requireType } from './content-type.ts'

/** application/json (or `*+json`) only → else 415; empty → 400; invalid → 400 with the parser's message. */
export function readJson(raw: NginxHTTPRequest, limit: number): any {
  requireType(raw, ['application/json', '*+json'])
  const bytes = readBytes(raw, limit)
  if (bytes.length === 0) throw HttpError(400, 'invalid JSON: empty body')
  let text = bytes.toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  try {
    return JSON.parse(text)
  } catch (e) {
    throw HttpError(400, `invalid JSON: ${(e as Error).message}`)
  }
}
