/**
 * A JSON parser for what the njs engine's JSON.parse refuses: values nested more than 31 deep
 * ("Nested too deep"), which QuickJS and Node accept. Iterative (an explicit stack, no
 * recursion), so its own depth limit is a number, not a stack size. Only called after
 * JSON.parse failed that way, so ordinary bodies never pay for it. Tokens are cut with one
 * sticky regex; strings and numbers are then decoded by JSON.parse itself (exact escapes and
 * number syntax, control characters rejected).
 */

/** Nesting tresty accepts on every engine (arrays and objects together). */
export const MAX_JSON_DEPTH = 1000

export const TOO_DEEP = `nested deeper than ${MAX_JSON_DEPTH} levels`

interface Frame {
  /** The array or object being filled. */
  value: any
  isArray: boolean
  /** Object: the key read, waiting for its value. */
  key: string | null
}

export function parseDeepJson(text: string): any {
  // Nested, not at top level: on the njs engine every top-level function costs every request.
  function fail(why: string, at: number): never {
    throw new SyntaxError(`${why} at position ${at}`)
  }
  // Groups: 1 punctuation, 2 string, 3 number, 4 literal. Strings as an unrolled loop: no
  // backtracking per character on long strings.
  const token = /[ \t\n\r]*(?:([[\]{}:,])|("[^"\\]*(?:\\.[^"\\]*)*")|(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)|(true|false|null))/y
  const stack: Frame[] = []
  let result: any
  let done = false
  // What may come next: a value, an object key (or `}` right after `{`), `:`, or `,`/closer.
  let expect: 'value' | 'key' | 'colon' | 'next' = 'value'
  let firstInContainer = false
  let pos = 0
  for (;;) {
    token.lastIndex = pos
    const m = token.exec(text)
    if (!m) {
      if (/^[ \t\n\r]*$/.test(text.slice(pos)) && done) return result
      fail(done ? 'unexpected data after JSON' : 'unexpected token', pos)
    }
    pos = token.lastIndex
    if (done) fail('unexpected data after JSON', pos)
    const p = m[1]
    let value: any
    let isValue = false
    if (expect === 'colon') {
      if (p !== ':') fail('expected ":"', pos)
      expect = 'value'
      continue
    }
    if (expect === 'next') {
      const top = stack[stack.length - 1]
      if (p === ',') {
        expect = top.isArray ? 'value' : 'key'
        firstInContainer = false
        continue
      }
      if (p !== (top.isArray ? ']' : '}')) fail('expected "," or a closing bracket', pos)
      stack.pop()
      value = top.value
      isValue = true
    } else if (expect === 'key') {
      if (p === '}' && firstInContainer) {
        value = stack.pop()!.value
        isValue = true
      } else {
        if (m[2] === undefined) fail('expected a string key', pos)
        stack[stack.length - 1].key = JSON.parse(m[2])
        expect = 'colon'
        continue
      }
    } else if (p === '[' || p === '{') {
      if (stack.length >= MAX_JSON_DEPTH) fail(TOO_DEEP, pos)
      const isArray = p === '['
      stack.push({ value: isArray ? [] : {}, isArray, key: null })
      expect = isArray ? 'value' : 'key'
      firstInContainer = true
      continue
    } else if (p === ']' && firstInContainer && stack.length && stack[stack.length - 1].isArray) {
      value = stack.pop()!.value
      isValue = true
    } else if (p !== undefined) {
      fail('unexpected token', pos)
    } else {
      value = m[2] !== undefined ? JSON.parse(m[2]) : m[3] !== undefined ? Number(m[3]) : m[4] === 'true' ? true : m[4] === 'false' ? false : null
      isValue = true
    }
    if (isValue) {
      firstInContainer = false
      if (stack.length === 0) {
        result = value
        done = true
        continue
      }
      const top = stack[stack.length - 1]
      if (top.isArray) top.value.push(value)
      else {
        // Like JSON.parse: "__proto__" is an own key, not the prototype.
        Object.defineProperty(top.value, top.key as string, { value, writable: true, enumerable: true, configurable: true })
        top.key = null
      }
      expect = 'next'
    }
  }
}
