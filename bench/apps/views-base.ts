/** Baseline for the views benches: one tresty route answering the hello JSON, nothing else imported. */
import { app, type Request } from 'tresty'

const a = app()
a.get('/json/:id', (q: Request) => ({ message: 'Hello, World!', id: q.params.id }))
export default a
