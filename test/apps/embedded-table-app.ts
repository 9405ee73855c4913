/**
 * The build embeds the app's route table in the bundle (src/node/bundler/embed-table.ts) for
 * engines without js_preload_object. GET /probe/table tells whether this request was routed
 * on that table (no router built from the declarations) — it reads the app's internals.
 */
import { app, type Request } from 'tresty'

const a = app()
const users = a.route('/users')
users.get('/', () => 'users')
users.get('/:id{\\d+}', (q: Request) => ({ user: q.params.id }))
users.delete('/:id{\\d+}', (q: Request) => ({ deleted: q.params.id }))
a.get('/files/:name', (q: Request) => ({ file: q.params.name }))
// Non-ASCII literal segments: the table keeps its keys as one string with offsets (src/shared/lines.ts),
// written by Node in UTF-16 units, which every engine must slice alike.
a.get('/café/😀/:n', (q: Request) => ({ emoji: q.params.n }))
a.get('/café/zz', () => ({ after: 'zz' }))
// U+FF01 sorts after the emoji in UTF-16 order (Node, QuickJS) and before it in code point order (the njs engine)
a.get('/café/！', () => ({ bang: true }))
a.get('/probe/table', () => {
  const s: any = a
  return {
    table: s._routeTable !== null,
    // routerOf() made the router on the table itself: no route was added one by one.
    routerOnTable: !!s._router && !!s._routeTable && s._router.table() === s._routeTable,
    routes: s._count,
  }
})

export default a
