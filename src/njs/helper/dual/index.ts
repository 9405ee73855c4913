/**
 * One resource, two representations: HTML for browsers, JSON for programs, by the request's
 * `Accept` (q-values and wildcards; a bare `*\/*` or no header gets JSON, a browser's Accept gets
 * HTML). 406 when the client accepts neither; `Vary: Accept` always.
 * Each representation may be a value or a function (only the chosen one runs).
 *
 * @example
 *   import { dual } from 'tresty/helper/dual'
 *   a.get('/users/:id', (q, r) => dual(q, r, {
 *     html: () => `<h1>${escape(user.name)}</h1>`,
 *     json: () => user,
 *   }))
 */
import type { Request, Response } from '../../types.ts'
import { HttpError } from '../../http-error.ts'
import { addVary, after } from '../../utils/response.ts'

export interface Representations {
  html?: string | (() => string | Promise<string>)
  json?: unknown
}

export function dual(q: Request, r: Response, choices: Representations): any {
  addVary(r, 'Accept')
  const types: string[] = []
  if (choices.json !== undefined) types.push('json')
  if (choices.html !== undefined) types.push('html')
  const pick = q.accepts.apply(q, types)
  if (!pick) {
    throw HttpError(406, `Not Acceptable: available as ${types.map((t) => (t === 'json' ? 'application/json' : 'text/html')).join(', ')}`)
  }
  if (pick === 'html') {
    r.headers['Content-Type'] = 'text/html; charset=utf-8'
    const html = choices.html
    return typeof html === 'function' ? html() : html
  }
  const json = choices.json
  return after(typeof json === 'function' ? json() : json, (v) => {
    r.headers['Content-Type'] = 'application/json'
    return JSON.stringify(v === undefined ? null : v)
  })
}
