/**
 * `validate({ body, query, params })`: a route handler that checks the request against schemas
 * and passes the clean values down the chain as one more argument (Losty's cumulative
 * arguments), or answers 422 with the errors by field.
 *
 *   const checkLogin = validate({ body: v.object({ email: v.email(), password: v.string().min(8) }) })
 *   a.post('/login', checkLogin, (q, r, input: Infer<typeof checkLogin>) => input.body.email)
 */
import type { Handler, Middleware, Request, Response } from '../types.ts'
import { mediaType, typeMatches } from '../body/content-type.ts'
import { HttpError } from '../http-error.ts'
import type { ErrorMap, Infer, Schema } from './schema.ts'
import { unflatten } from './unflatten.ts'

export interface ValidateSpec {
  /** The request body: JSON (checked as sent) or a form, urlencoded or multipart (strings coerced). */
  body?: Schema<any>
  /** The query string (strings coerced). */
  query?: Schema<any>
  /** The route's named parameters (strings coerced). */
  params?: Schema<any>
}

export interface ValidateOptions {
  /**
   * What to answer instead of the default 422 JSON: e.g. re-render a form with the messages.
   * Its return value is the response body (set `r.status` yourself).
   */
  onError?: (q: Request, r: Response, errors: ValidationErrors) => any
}

/** Errors by source, then by field path: `{ body: { email: 'is required' } }`. */
export type ValidationErrors = { body?: ErrorMap; query?: ErrorMap; params?: ErrorMap }

export type Validated<S extends ValidateSpec> = { [K in keyof S]: Infer<S[K]> }

/**
 * A handler that carries the type of what it passes on (`Infer<typeof h>`); as a
 * `Middleware<[Out]>` it types the argument of the route handlers after it (docs/typed-routes.md).
 */
export type ValidateHandler<Out> = Middleware<[Out]> & { readonly _type: Out }

/** The body as the schema should see it, and whether it came as strings (forms) or JSON. */
function readBody(q: Request): { value: any; coerce: boolean } {
  const type = mediaType(q.raw)
  if (type === '') {
    const length = q.headers['content-length']
    if (!length || length === '0') {
      if (q.headers['transfer-encoding'] === void 0) return { value: void 0, coerce: true }
    }
  }
  if (typeMatches(type, 'application/json') || typeMatches(type, '*+json')) return { value: q.json(), coerce: false }
  if (type === 'application/x-www-form-urlencoded') return { value: unflatten(q.form()), coerce: true }
  if (type === 'multipart/form-data') return { value: unflatten(q.multipart().fields), coerce: true }
  throw HttpError(415, `${type ? `unsupported content type ${type}` : 'missing content type'}; expected application/json, application/x-www-form-urlencoded or multipart/form-data`)
}

export function validate<S extends ValidateSpec>(spec: S, options?: ValidateOptions): ValidateHandler<Validated<S>> {
  const onError = options && options.onError
  const h = function validateRequest(q: Request, r: Response) {
    const clean: any = {}
    const errors: ValidationErrors = {}
    let bad = false
    if (spec.params) {
      const res = spec.params.parse(q.params, { coerce: true })
      if (res.ok) clean.params = res.value
      else { errors.params = res.errors; bad = true }
    }
    if (spec.query) {
      const res = spec.query.parse(unflatten(q.query), { coerce: true })
      if (res.ok) clean.query = res.value
      else { errors.query = res.errors; bad = true }
    }
    if (spec.body) {
      const body = readBody(q)
      // No body at all checks like an empty object: each required field is reported.
      const res = spec.body.parse(body.value === void 0 ? {} : body.value, { coerce: body.coerce })
      if (res.ok) clean.body = res.value
      else { errors.body = res.errors; bad = true }
    }
    if (bad) {
      if (onError) return onError(q, r, errors)
      r.status = 422
      return { error: { status: 422, message: 'Unprocessable Entity', errors } }
    }
    return q.next(clean)
  }
  return h as any
}
