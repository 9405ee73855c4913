/**
 * tresty's example app: `npm start` serves it from inside nginx on http://127.0.0.1:8080.
 * test/nginx/example.test.ts runs every route below in a real nginx.
 */
import { app, HttpError, sse } from 'tresty'
import type { Request, Response } from 'tresty'
import { tasks } from 'tresty/sidecar'
import { cache, cacheInvalidation, sidecarTier2 } from 'tresty/cache'
import { metrics, routeMetrics, stat } from 'tresty/stats'
import { bus } from 'tresty/bus'
import notesEvents from 'tresty-events:./notes/events.json'
import { pg } from 'tresty/sql'
import { client, isClientError } from 'tresty/client'
import { config, configSync } from 'tresty/config'
import type exampleConfig from './app.config.ts'

const a = app({ bodyLimit: 256 * 1024 })

// App-wide middleware: timing header, and control flows back here after the route ran.
a.use((q: Request, r: Response) => {
  const started = Date.now()
  const out = q.next()
  r.headers['X-Response-Time'] = `${Date.now() - started}ms`
  return out
})

a.get('/', (q: Request) => {
  if (q.accepts('json', 'html') === 'html') return '<!DOCTYPE html><h1>tresty</h1><p>TypeScript inside nginx.</p>'
  return { name: 'tresty', routes: ['/hello/:name', '/api/notes', '/events', '/reports', '/words/:word', '/metrics', '/admin/stats'] }
})

// A pattern segment with a capture group (Losty style) and a named parameter.
a.get('/hello/:name', (q: Request) => ({ hello: q.params.name }))
a.get('/posts/:(\\d{4})-(\\d{2})/:slug', (q: Request) => ({ year: q.match[1], month: q.match[2], slug: q.params.slug }))

// A handler chain: each step appends arguments for the next one.
function requireJson(q: Request) {
  return q.next(q.json())
}
function validateNote(q: Request, r: Response, body: any) {
  if (!body || typeof body.text !== 'string' || body.text.length === 0) throw HttpError(422, 'text is required')
  return q.next({ text: body.text.slice(0, 500), at: new Date().toISOString() })
}

const api = a.route('/api')
api.get('/notes', (q: Request) => ({ notes: [], page: Number(q.query.page || 1) }))
api.post('/notes', requireJson, validateNote, (q: Request, r: Response, body: any, note: any) => {
  r.status = 201
  return note
})
api.post('/upload', (q: Request) => {
  const parts = q.multipart()
  return { fields: parts.fields, files: parts.files.map((f) => ({ name: f.filename, size: f.size, type: f.type })) }
})
api.post('/contact', (q: Request) => ({ thanks: q.form().name || 'anonymous' }))

// Cookies: Losty's two steps — identity, then (age, samesite, secure, value).
a.post('/visit', (q: Request, r: Response) => {
  const visits = Number(q.cookies.visits || 0) + 1
  r.cookie('visits', true, null, '/')(3600, 'Lax', false, String(visits))
  return { visits }
})
a.delete('/visit', (q: Request, r: Response) => {
  r.cookie('visits', true, null, '/')(null, null, null, null)
  return { visits: 0 }
})

// Server-Sent Events: three ticks, then the stream closes.
a.get('/events', (q: Request, r: Response) => sse(q, r, (stream) => {
  let n = 0
  const tick = () => {
    if (stream.closed) return
    n++
    stream.send({ event: 'tick', id: n, data: { n } })
    if (n === 3) stream.close()
    else setTimeout(tick, 10)
  }
  tick()
}, { retry: 2000 }))

// Background work: the sidecar's worker processes run examples/tasks.ts; the id comes back at once.
a.post('/reports', async (q: Request, r: Response) => {
  const body = q.json()
  const id = await tasks.enqueue(q, 'word-count', { text: String(body.text || '') }, { attempts: 3, backoff: { type: 'exponential', delay: 200 } })
  r.status = 202
  r.headers.Location = `/reports/${id}`
  return { id }
})
a.get('/reports/:id', (q: Request) => tasks.status(q, q.params.id))

// A tiered cache: this nginx's shared dict, then Redis through the sidecar, then the loader
// (called once per cluster on a cold key). Deletes reach every host's tier 1.
const lengths = cache('word-lengths', { ttl: 60_000, negTtl: 5_000, tier2: sidecarTier2 })
a.get('/words/:word', async (q: Request) => {
  const found = await lengths.get(q, q.params.word, null, (word: string) => {
    stat.incr('word_loads', 1, { first: word.charAt(0) })
    return word === 'nothing' ? null : { word, length: word.length, loadedAt: Date.now() }
  })
  if (found === undefined) throw HttpError(404, `no such word: ${q.params.word}`)   // a cached miss
  return found
})
a.delete('/words/:word', async (q: Request) => {
  await lengths.delete(q, q.params.word)
  return { deleted: q.params.word }
})
a.post('/_tresty/cache/invalidate', cacheInvalidation())

// Another service called with the Guzzle-style client; where it is and what we greet with are
// live config from etcd (the sidecar mirrors it into nginx), falling back to app.config.ts.
a.get('/quote', async () => {
  const settings = config.app<typeof exampleConfig.defaults>()
  const base = config.get('quotes.url', settings.quotesUrl) as string
  try {
    const res = await client.get(base + '/quote', {
      query: { lang: config.get('quotes.lang', 'en') }, timeout: settings.quotesTimeoutMs, retry: 2, retry_interval: 0.1,
      headers: settings.quotesToken ? { Authorization: `Bearer ${settings.quotesToken}` } : {},
    })
    return { greeting: config.get('greeting', 'hello'), quote: res.json().text, environment: config.environment() }
  } catch (e) {
    if (isClientError(e)) throw HttpError(502, `quotes service: ${e.message.split('\n')[0]}`)
    throw e
  }
})
a.post('/_tresty/config/sync', configSync())

// Prometheus metrics: per-route request counts and latency from the log phase, plus our own.
routeMetrics(a)
a.get('/metrics', metrics())

// A guard for the access phase: `auth_request /_tresty/access;` in the /admin/ location.
a.guard('/admin', (q: Request) => {
  if (q.headers.authorization !== 'Bearer example-token') return 401
  return true
})
a.get('/admin/stats', () => ({ ok: true }))

// Log phase: count responses by status in the stats zone, without touching handlers.
a.onLog((entry) => {
  ngx.shared.tresty_stats.incr(`example:status:${entry.status}`, 1, 0)
})
a.get('/status-counts', (q: Request) => {
  const zone = ngx.shared.tresty_stats
  const out: Record<string, number> = {}
  const statuses = String(q.query.status || '200,404').split(',')
  for (let i = 0; i < statuses.length; i++) out[statuses[i]] = (zone.get(`example:status:${statuses[i]}`) as number) || 0
  return out
})

// Lusty-style persistence through the bus: notes/persistence.ts answers data:request:note:*
// (wired by notes/events.json, which the build resolves); these routes only publish.
bus.wire(notesEvents)
a.get('/bus/notes', async (q: Request) => ({ notes: (await bus.publish('data:request:note:list', q))[0] }))
a.get('/bus/notes/:id', async (q: Request) => {
  const [note] = await bus.publish('data:request:note:get', q, q.params.id)
  if (!note) throw HttpError(404, `no note ${q.params.id}`)
  return note
})
a.put('/bus/notes/:id', requireJson, validateNote, async (q: Request, r: Response, body: any, note: any) =>
  (await bus.publish('data:request:note:save', q, q.params.id, { id: q.params.id, text: note.text, at: note.at }))[0])
a.delete('/bus/notes/:id', async (q: Request) => ({ deleted: (await bus.publish('data:request:note:delete', q, q.params.id))[0] }))
// Notes in PostgreSQL through the sidecar (docs/sql.md). The database is TRESTY_SQL_MAIN in the
// sidecar's environment; its tables come from `tresty migrate --db main examples/migrations`
// and `tresty seed --db main examples/seeds`. Without it these routes answer 503 saying so.
const notesDb = pg('main')
a.get('/db/notes', (q: Request) => notesDb.on(q).select('id, title, body, created_at FROM notes ORDER BY id DESC LIMIT :?', 20))
a.get('/db/notes/:id{\\d+}', async (q: Request) => {
  const note = await notesDb.on(q).s1('id, title, body, created_at FROM notes WHERE id = :?', Number(q.params.id))
  if (!note) throw HttpError(404, 'no such note')
  return note
})
a.post('/db/notes', (q: Request, r: Response) => notesDb.transaction(q, async (tx) => {
  const body = q.json()
  if (!body || typeof body.title !== 'string' || !body.title) throw HttpError(422, 'title is required')
  const { id } = await tx.insert('notes (title, body) VALUES (:?, :?)', body.title, String(body.body || ''))
  r.status = 201
  return { id }
}))

export default a
