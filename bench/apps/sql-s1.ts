/** One indexed `s1` through the sidecar: the bench of bench/extra/sql.ts. */
import { app } from 'tresty'
import type { Request } from 'tresty'
import { pg } from 'tresty/sql'

const a = app()
const db = pg('bench')
a.get('/item/:id', (q: Request) => db.on(q).s1('id, name, value FROM items WHERE id = :?', Number(q.params.id)))

export default a
