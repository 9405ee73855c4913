/**
 * The parts tresty makes on first use (docs/lazy-parts.md): body readers, Content-Type helpers,
 * multipart, cookies (reading and setting), negotiation, error pages and the log escaper. Each
 * route uses a part twice in the request, so the first use (which makes it) and a later one
 * (which reuses it) both answer; `/probe/made` says whether this VM already had the parts —
 * on QuickJS a reused context keeps them, on the njs engine every request makes them anew.
 */
import { app, HttpError } from 'tresty'
import type { Request, Response } from 'tresty'
import { accepts, fullType, shortType } from '../../src/njs/helper/accepts.ts'
import { contentTypes, mediaType, typeParam } from '../../src/njs/body/content-type.ts'
import { encodeCookieValue } from '../../src/njs/helper/cookie.ts'
import { parseMultipart } from '../../src/njs/body/multipart.ts'
import { logSafe } from '../../src/njs/utils/log.ts'

const a = app()

/** The parts' objects the last request of this VM saw (test only: module state kept on purpose). */
let seen: any = null

a.get('/probe/made', () => {
  const ct = contentTypes()
  const before = seen
  seen = ct
  return { reused: before === ct, sameWithin: contentTypes() === ct }
})

a.post('/json', (q: Request) => ({ first: q.json(), type: mediaType(q.raw), again: typeParam(q.raw.headersIn['Content-Type'], 'charset') }))
// The njs engine's JSON.stringify refuses deep values too: answer their depth and innermost value.
a.post('/json-depth', (q: Request) => {
  let v = q.json()
  let depth = 0
  while (Array.isArray(v)) { v = v[0]; depth++ }
  return { depth, inner: v }
})
a.post('/form', (q: Request) => ({ form: q.form() }))
a.post('/text', (q: Request) => ({ text: q.text(), type: mediaType(q.raw) }))
a.post('/multipart', (q: Request) => {
  const m = q.multipart()
  // the parser again, straight: the part made by q.multipart() is reused
  const again = parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\ny\r\n--b--\r\n'), 'b')
  return { fields: m.fields, files: m.files.map((f) => ({ field: f.field, filename: f.filename, size: f.size, text: f.data.toString() })), again: again.fields }
})

a.get('/negotiate', (q: Request) => ({
  first: q.accepts('json', 'html'),
  second: accepts('text/html;q=0.5, application/json', ['html', 'json']),
  none: accepts('image/png', ['json']),
  short: shortType('json'),
  proto: shortType('constructor') === undefined,
  full: fullType('CSV'),
}))

a.get('/cookies', (q: Request, r: Response) => {
  r.cookie('one', true, null, '/')(3600, 'Lax', false, 'a b;c')
  const data = r.cookie('two')(null, false, false, JSON.stringify) as any
  data.n = 2
  return { cookies: q.cookies, encoded: encodeCookieValue('x%y') }
})

a.get('/fail/http', () => { throw HttpError(409, 'taken <b>&</b>') })
a.get('/fail/plain', () => { throw new Error('broke\nhere\x01') })
a.get('/log-safe', () => ({ first: logSafe('a\nb'), second: logSafe('c\rd\x7f'), plain: logSafe('e') }))

export default a
