/**
 * The app behind test/nginx/request.test.ts: the request parsers (query, cookies, accepts,
 * json/form/multipart/text bodies), r.cookie and sse(), each reachable through real nginx.
 */
import { app, sse } from 'tresty'
import type { Request, Response, UploadedFile } from 'tresty'

const a = app({ bodyLimit: 64 * 1024 })

a.get('/njs-version', () => ({ version: njs.version }))
a.get('/query', (q: Request) => q.query)
a.get('/cookies', (q: Request) => q.cookies)
a.get('/accepts', (q: Request) => {
  const t = q.query.t
  const types = t === undefined ? ['json', 'html', 'text'] : typeof t === 'string' ? [t] : t
  return { best: q.accepts.apply(q, types) }
})

a.post('/json', (q: Request) => ({ got: q.json() }))
a.post('/form', (q: Request) => q.form())
a.post('/text', (q: Request) => ({ text: q.text() }))
// nginx serves /small/ with a 1k client_body_buffer_size: bigger bodies go to a temp file.
a.post('/small/text', (q: Request) => ({ text: q.text() }))
a.post('/bytes', (q: Request) => ({ size: q.bytes().length }))
a.post('/multipart', (q: Request) => {
  const m = q.multipart()
  const files: object[] = []
  for (let i = 0; i < m.files.length; i++) {
    const f: UploadedFile = m.files[i]
    files.push({ field: f.field, filename: f.filename, type: f.type, size: f.size, base64: f.data.toString('base64') })
  }
  return { fields: m.fields, files }
})
// Echoes the body's bytes back, to prove binary data survives the njs Buffer round trip.
a.post('/multipart/file', (q: Request, r: Response) => {
  const f = q.multipart().files[0]
  r.headers['content-type'] = f.type
  return f.data
})

a.get('/cookie/set', (q: Request, r: Response) => {
  r.cookie('plain', true, null, '/')(3600, 'Lax', false, 'v 1;x,"ü"')
  r.cookie('session')(null, true, true, 'abc')
  r.cookie('gone', true, 'localhost', '/app')(-1)
  r.cookie('nulled')(100, null, null, null)
  const data = r.cookie('prefs', false, null, '/')(null, 'None', true, JSON.stringify)
  data.theme = 'dark'
  data.late = q.query.late || 'unset'
  return 'cookies set'
})
a.get('/cookie/bad-name', (q: Request, r: Response) => {
  r.cookie('bad name')(null, null, null, 'x')
  return 'unreachable'
})

// One-shot stream: retry, named event with id, multi-line data, JSON data, a comment, close.
a.get('/sse/basic', (q: Request, r: Response) => sse(q, r, (stream) => {
  stream.send({ event: 'greeting', id: 1, data: 'hello' })
  stream.send({ data: 'line one\nline two' })
  stream.comment('just a comment')
  setTimeout(() => {
    stream.send({ event: 'obj', id: '2', data: { n: 2, s: 'x\ny' } })
    stream.close()
  }, 20)
}, { retry: 2500, keepAlive: 0 }))

// Runs until the client goes away: events every `every` ms (none when 0), pings every 100 ms.
a.get('/sse/forever', (q: Request, r: Response) => {
  const id = q.query.id
  const every = Number(q.query.every || 0)
  return sse(q, r, (stream) => {
    let n = 0
    let timer: any = null
    const tick = () => {
      stream.send({ id: n, data: `tick ${n++}` })
      timer = setTimeout(tick, every)
    }
    if (every > 0) tick()
    stream.onClose(() => {
      if (timer !== null) clearTimeout(timer)
      q.raw.warn(`tresty-test: sse ${id} closed after ${n} events`)
    })
  }, { keepAlive: 100 })
})

a.get('/sse/producer-error', (q: Request, r: Response) => sse(q, r, (stream) => {
  stream.send('before the failure')
  stream.onClose(() => { q.raw.warn('tresty-test: sse producer-error closed') })
  return new Promise<void>((resolve, reject) => {
    setTimeout(() => reject(new Error('producer exploded')), 20)
  })
}, { keepAlive: 0 }))

export default a
