/** `q.json()`: the body parsed as JSON. */
import { HttpError } from '../http-error.ts'
import { readBytes } from './read.ts'
import { contentTypes } from './content-type.ts'
import { parseDeepJson, TOO_DEEP } from './deep-json.ts'

/**
 * application/json (or `*+json`) only → else 415; empty → 400; invalid → 400 with the parser's message.
 *
 * Nesting is the one thing the engines disagree on: the njs engine's JSON.parse stops at 32
 * levels, QuickJS at its stack limit (a few thousand). tresty accepts MAX_JSON_DEPTH levels on
 * every engine (the njs engine through parseDeepJson) and answers deeper bodies with the same
 * 400 on every engine. (QuickJS may accept somewhat deeper ones; no engine accepts fewer.)
 * All of it in one function: on the njs engine every top-level function costs every request.
 */
export function readJson(raw: NginxHTTPRequest, limit: number): any {
  contentTypes().requireType(raw, ['application/json', '*+json'])
  const bytes = readBytes(raw, limit)
  if (bytes.length === 0) throw HttpError(400, 'invalid JSON: empty body')
  let text = bytes.toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  try {
    return JSON.parse(text)
  } catch (e) {
    const message = String((e as Error).message)
    if (!/too deep|call stack|stack overflow|recursion/i.test(message)) throw HttpError(400, `invalid JSON: ${message}`)
  }
  try {
    return parseDeepJson(text)
  } catch (e) {
    const why = String((e as Error).message)
    throw HttpError(400, `invalid JSON: ${why.indexOf(TOO_DEEP) >= 0 || /call stack|stack overflow|recursion/i.test(why) ? TOO_DEEP : why}`)
  }
}
