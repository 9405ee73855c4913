/**
 * Route declarations of every kind the build's compile-routes pass meets: runs on the app and
 * on groups (prefixes, `use`), patterns, `all`, declarations it must leave dynamic (a loop, a
 * computed path, a spread), and a handler expression whose value changes after declaration
 * (compiled: evaluated at first match; uncompiled: at load — see docs/request-path.md).
 */
import { app, type Handler, type Request, type Response } from 'tresty'

const a = app()
a.use((q: Request, r: Response) => {
  r.headers['X-App'] = 'mw'
  return q.next()
})

const tag = (name: string) => (q: Request) => ({ name, params: q.params, match: q.match })
a.get('/', tag('root'))
a.get('/users', tag('users'))
a.post('/users', tag('create'))
a.get('/users/:id{\\d+}', tag('user'))
a.delete('/users/:id{\\d+}', tag('delete'))
a.get('/users/:slug', tag('user-slug'))
a.put('/users/:id{\\d+}/name', tag('rename'))
a.patch(`/users/:id{\\d+}`, tag('patch'))
a.options('/users', tag('options'))
a.head('/head-only', tag('head'))
a.all('/any/:x', tag('any'))

const api = a.route('/api')
api.get('/', tag('api-root'))
api.get('/items', tag('items'))
api.use((q: Request, r: Response) => {
  r.headers['X-Api'] = 'after-use'
  return q.next()
})
api.get('/items/:id', tag('item'))
api.post('/items/:id', (q: Request, r: Response) => { r.status = 201; return { created: q.params.id } })

const v2 = api.route('/v2/')
v2.get('/ping', tag('v2-ping'), () => 'unused')
v2.get('/chain', (q: Request) => q.next('via'), (q: Request, r: Response, via: string) => ({ via }))

// Left dynamic by the build: a loop, a computed path, a spread.
for (let i = 0; i < 3; i++) a.get('/loop/' + i, tag('loop' + i))
const computed = '/computed'
a.get(computed, tag('computed'))
const pair: [Handler] = [tag('spread')]
a.get('/spread', ...pair)

// Declared after dynamic ones: a new run.
a.get('/after', tag('after'))
a.get('/page/:[a-z]+', tag('page-letters'))
a.get('/page/:\\d+', tag('page-digits'))

// Evaluated lazily when compiled: the handler in place at the first match answers.
let lazy = (): string => 'at load'
a.get('/lazy', lazy)
lazy = () => 'at first match'

export default a
