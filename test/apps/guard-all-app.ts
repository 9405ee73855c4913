/** A guard without a prefix: every path of the server is behind it. */
import { app } from 'tresty'
import type { Request } from 'tresty'

const a = app()
a.guard((q: Request) => q.headers.authorization === 'Bearer ok' || 401)
a.get('/', () => 'home')
a.get('/data/:id', (q: Request) => ({ id: q.params.id }))
export default a
