/**
 * The request's Content-Type: its media type, its parameters, and checking it.
 *
 * Made on first use (`contentTypes()`), like every body part: on the njs engine a module's top
 * level runs again for every request, and each function declared there costs every request
 * ~0.1 µs whether or not it reads a body (docs/lazy-parts.md).
 */
import { HttpError } from '../http-error.ts'

export interface ContentTypes {
  mediaType(raw: NginxHTTPRequest): string
  typeParam(header: string | undefined, name: string): string | null
  typeMatches(type: string, allowed: string): boolean
  requireType(raw: NginxHTTPRequest, allowed: string[]): string
}

let made: ContentTypes | null = null

/** The helpers below as one object, made once per VM (per request on the njs engine, per context on QuickJS). */
export function contentTypes(): ContentTypes {
  return made || (made = makeContentTypes())
}

/** The media type of the request body, lower-case without parameters ('' when missing). */
export function mediaType(raw: NginxHTTPRequest): string {
  return contentTypes().mediaType(raw)
}

/**
 * A parameter of a Content-Type header value (`boundary`, `charset`), unquoted; null when
 * absent. Names are case-insensitive, values kept as written (only `\"` and `\\` are
 * unescaped in a quoted value, so a Windows path in a filename survives).
 */
export function typeParam(header: string | undefined, name: string): string | null {
  return contentTypes().typeParam(header, name)
}

/** Does `type` match an allowed entry: exact, `text/*` or `*+json` (a structured suffix)? */
export function typeMatches(type: string, allowed: string): boolean {
  return contentTypes().typeMatches(type, allowed)
}

/** The request's media type when it is one of `allowed`; otherwise 415 naming them. */
export function requireType(raw: NginxHTTPRequest, allowed: string[]): string {
  return contentTypes().requireType(raw, allowed)
}

function makeContentTypes(): ContentTypes {
  function mediaType(raw: NginxHTTPRequest): string {
    const ct = raw.headersIn['Content-Type']
    if (!ct) return ''
    const semi = ct.indexOf(';')
    return (semi === -1 ? ct : ct.slice(0, semi)).trim().toLowerCase()
  }

  function typeParam(header: string | undefined, name: string): string | null {
    if (!header) return null
    const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g
    let m: RegExpExecArray | null
    while ((m = re.exec(header)) !== null) {
      if (m[1].toLowerCase() !== name) continue
      return m[2] !== undefined ? m[2].replace(/\\(["\\])/g, '$1') : m[3].trim()
    }
    return null
  }

  function typeMatches(type: string, allowed: string): boolean {
    if (allowed === type) return true
    if (allowed.slice(-2) === '/*') return type.slice(0, allowed.length - 1) === allowed.slice(0, -1)
    if (allowed.slice(0, 2) === '*+') return type.length > allowed.length - 1 && type.slice(-(allowed.length - 1)) === allowed.slice(1)
    return false
  }

  function requireType(raw: NginxHTTPRequest, allowed: string[]): string {
    const type = mediaType(raw)
    for (let i = 0; i < allowed.length; i++) {
      if (typeMatches(type, allowed[i])) return type
    }
    throw HttpError(415, `${type ? `unsupported content type ${type}` : 'missing content type'}; expected ${allowed.join(' or ')}`)
  }

  return { mediaType, typeParam, typeMatches, requireType }
}
