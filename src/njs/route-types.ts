/**
 * Route parameters at the type level (as Hono's `ParamKeys`): a path literal's `:name` and
 * `:name{regex}` segments become the keys of `q.params`. The grammar is the router's
 * (router/router.ts): a name is `[A-Za-z_$][\w$]*`, and a segment whose text after `:` is
 * not a name (`:\d+`, `:p([a-z]+)`) is an unnamed regular expression that adds no key.
 * Types only: nothing here exists at run time.
 */
import type { Params } from './types.ts'

type Lower = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j' | 'k' | 'l' | 'm' | 'n' | 'o' | 'p' | 'q' | 'r' | 's' | 't' | 'u' | 'v' | 'w' | 'x' | 'y' | 'z'
type NameStart = Lower | Uppercase<Lower> | '_' | '$'
type NameChar = NameStart | '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9'

/** True when every character of `S` may follow a name's first. */
type NameRest<S extends string> = S extends '' ? true
  : S extends `${infer C}${infer R}` ? (C extends NameChar ? NameRest<R> : false) : false

/** `S` when it is a parameter name, else never. */
type Name<S extends string> = S extends `${infer C}${infer R}`
  ? (C extends NameStart ? (NameRest<R> extends true ? S : never) : never) : never

/** The parameter name of one path segment, or never. */
export type SegmentParam<Seg extends string> = Seg extends `:${infer Rest}`
  ? (Rest extends `${infer N}{${infer Re}}` ? (Re extends '' ? never : Name<N>) : Name<Rest>)
  : never

/** The parameter names of a path: `ParamKeys<'/a/:id/:slug{[a-z-]+}'>` is `'id' | 'slug'`. */
export type ParamKeys<Path extends string> = Path extends `${infer Seg}/${infer Rest}`
  ? SegmentParam<Seg> | ParamKeys<Rest>
  : SegmentParam<Path>

/**
 * `q.params` for a route's path: one string per name; untyped (`Record<string, string>`) when
 * the path is not a literal TypeScript can read (a `string` variable).
 */
export type PathParams<Path extends string> = string extends Path ? Params : { [K in ParamKeys<Path>]: string }
