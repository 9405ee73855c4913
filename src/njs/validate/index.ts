/**
 * tresty/validate — typed schemas for query strings, forms and JSON bodies, and the route
 * helper that answers 422 or passes the clean values on. See docs/validation.md.
 */
export { v } from './schema.ts'
export type {
  Schema, Infer, Result, ErrorMap, ParseOptions, CheckFn, Shape, ObjectOutput,
  StringSchema, NumberSchema, BooleanSchema, OneOfSchema, ArraySchema, ObjectSchema,
} from './schema.ts'
export { validate } from './middleware.ts'
export type { ValidateSpec, ValidateOptions, ValidationErrors, Validated, ValidateHandler } from './middleware.ts'
