/**
 * A cache hit through tresty/cache: GET /cache/42 answers `{"message":"Hello, World!","id":"42"}`
 * from tier 1 (the loader runs once, on the first request). Compare with cache-hit-raw.ts, the
 * same read written by hand. Needs the `tresty_cache` and `tresty_locks` zones (nginx/http.conf).
 *
 * The hit returns the value synchronously (no promise), so the handler adds nothing async.
 */
import { app } from 'tresty'
import type { Request } from 'tresty'
import { cache } from 'tresty/cache'

const a = app()
const hello = cache('bench', { ttl: 0 })

a.get('/cache/:id', (q: Request) => hello.get(q, q.params.id, null, (id: string) => ({ message: 'Hello, World!', id })))

export default a
