/** `q.form()`: an application/x-www-form-urlencoded body. */
import { parseQuery } from '../utils/url.ts'
import { readBytes } from './read.ts'
import { contentTypes } from './content-type.ts'

/** Fields of an urlencoded body (repeated names → arrays); wrong type → 415, bad %-encoding → 400. */
export function readForm(raw: NginxHTTPRequest, limit: number): Record<string, string | string[]> {
  contentTypes().requireType(raw, ['application/x-www-form-urlencoded'])
  return parseQuery(readBytes(raw, limit).toString('utf8'), 'form body')
}
