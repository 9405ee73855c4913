/**
 * Type tests for typed routes (issue 11, item 4), checked by `npm run typecheck`. Each
 * `@ts-expect-error` line MUST be a type error; test/node-unit/type-fixtures.test.ts also strips the
 * directives and checks that tsc then fails on exactly those lines.
 */
import { app } from 'tresty'
import type { Middleware, ParamKeys, PathParams, Request, Response } from 'tresty'
import { v, validate } from 'tresty/validate'

const a = app()

// Path parameters: `:name` and `:name{regex}` give keys; a regex-only segment gives none.
a.get('/users/:id/posts/:slug{[a-z-]+}', (q) => {
  const both: { id: string; slug: string } = q.params
  // @ts-expect-error — no such parameter
  void q.params.page
  // @ts-expect-error — parameters are strings
  const n: number = q.params.id
  return both.id + both.slug + n
})
a.get('/files/:\\d+/:name', (q) => {
  const name: string = q.params.name
  // @ts-expect-error — `:\d+` is an unnamed regex: no key
  void q.params['\\d+']
  return name
})
// @ts-expect-error — a path without parameters has none
a.get('/plain', (q) => q.params.id)

export const keys: ParamKeys<'/a/:x/:y{\\d+}/:p([a-z]+)/:$ok_1'> = 'x'
export const keysAll: ParamKeys<'/a/:x/:y{\\d+}/:p([a-z]+)/:$ok_1'>[] = ['x', 'y', '$ok_1']
// @ts-expect-error — `:p([a-z]+)` is an unnamed regex
export const notKey: ParamKeys<'/a/:p([a-z]+)'> = 'p'
// @ts-expect-error — `:foo-bar` is not a name (the router reads it as a regex)
export const notKey2: ParamKeys<'/a/:foo-bar'> = 'foo-bar'

// A path TypeScript cannot read: untyped, as before.
declare const somePath: string
a.get(somePath, (q) => q.params.anything)
export const untyped: PathParams<string> = { any: 'thing' }

// Group prefixes carry into the routes declared on the group, across nested groups.
const team = a.route('/teams/:team')
team.get('/members/:member', (q) => q.params.team + q.params.member)
team.route('/projects/:project').use((q) => q.params.team + q.params.project + q.next())
  .get('/', (q) => q.params.project)
  // @ts-expect-error — not a parameter of this group or route
  .get('/x', (q) => q.params.member)

// Handler chains: what a Middleware<Out> passes to q.next types the next handlers' arguments.
interface User { id: number; name: string }
const auth: Middleware<[User]> = (q) => q.next({ id: 1, name: 'ann' })
const role: Middleware<[string]> = (q, r, user: User) => q.next(user.name === 'ann' ? 'admin' : 'user')
a.get('/me', auth, (q, r, user) => user.name)
a.get('/me/role', auth, role, (q, r, user, role) => ({ name: user.name, role: role.toUpperCase() }))
a.get('/me/:tab', auth, role, (q, r, user, role) => q.params.tab + user.id + role,
  (q: Request, r: Response) => 'untyped after')
// @ts-expect-error — the argument is a User, not a number
a.get('/me/2', auth, (q, r, user: number) => user)
// @ts-expect-error — a User has no email
a.get('/me/3', auth, (q, r, user) => user.email)
// @ts-expect-error — the second argument is role's string
a.get('/me/4', auth, role, (q, r, user, role: number) => role)
// @ts-expect-error — a Middleware<[User]> passes a User only
export const badAuth: Middleware<[User]> = (q) => q.next('not a user')
// @ts-expect-error — q.params is typed inside a chain too
a.get('/chain/:id', auth, (q, r, user) => q.params.nope + user.name)

// validate() is a Middleware: the handler after it gets the clean, typed input.
const checkNote = validate({ body: v.object({ text: v.string(), pinned: v.boolean().default(false) }) })
a.post('/notes/:id', checkNote, (q, r, input) => ({ id: q.params.id, text: input.body.text.trim(), pinned: input.body.pinned }))
// @ts-expect-error — pinned is a boolean
a.post('/notes/:id/bad', checkNote, (q, r, input) => input.body.pinned.trim())

// Untyped apps are untouched: annotated Request handlers, any arguments, five and more handlers.
function loadUser(q: Request) { return q.next({ id: 7 }) }
function loadRole(q: Request, r: Response, user: { id: number }) { return q.next('admin', user.id * 2) }
a.get('/chain/args', loadUser, loadRole, (q: Request, r: Response, user: any, role: string, n: number) => ({ user, role, n }))
a.get('/five', (q) => q.next(1), (q, r, x) => q.next(x), (q) => q.next(), (q) => q.next(), (q, r, ...all) => all)

export default a
