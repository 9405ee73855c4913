/** `q.text()`: a text body as a string. */
import { HttpError } from '../http-error.ts'
import { readBytes } from './read.ts'
import { contentTypes } from './content-type.ts'

/** Any `text/*` body, or one without a content type, decoded as UTF-8; other types → 415. */
export function readText(raw: NginxHTTPRequest, limit: number): string {
  const type = contentTypes().mediaType(raw)
  if (type !== '' && type.slice(0, 5) !== 'text/') {
    throw HttpError(415, `unsupported content type ${type}; expected text/*`)
  }
  return readBytes(raw, limit).toString('utf8')
}
