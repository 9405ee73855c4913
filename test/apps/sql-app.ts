/**
 * The app behind test/sql/nginx.test.ts: `/:d/…` runs against PostgreSQL (`pg`) or MariaDB (`my`),
 * the databases the sidecar knows as `pgtest` and `mytest` (passwords only in its environment).
 */
import { app, HttpError } from 'tresty'
import type { Request, Response } from 'tresty'
import { mysql, pg } from 'tresty/sql'
import type { Database, Transaction } from 'tresty/sql'

const a = app()

function dbOf(q: Request): Database {
  const d = q.params.d
  if (d === 'pg') return pg('pgtest')
  if (d === 'my') return mysql({ name: 'mytest' })
  if (d === 'pgdown') return pg('pgdown')
  if (d === 'mydown') return mysql('mydown')
  if (d === 'nope') return pg('nope')
  if (d === 'pwd') return pg({ url: 'postgres://tresty:leaked@127.0.0.1:1/x' } as any)
  throw HttpError(404)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// Every error answered with the sidecar's code, so tests can tell who answered.
a.use((q: Request, r: Response) => Promise.resolve().then(() => q.next()).catch((e: any) => {
  r.status = e.status || 500
  return { error: { status: r.status, code: e.code || null, message: e.status ? e.message : 'unexpected' } }
}))

/** Any verb with any arguments: `{verb, sql, args}` (the arguments' JSON; `{$date}` / `{$hex}` for Date and bytes). */
a.post('/:d/run', (q: Request) => {
  const body = q.json()
  const args = (body.args || []).map(decodeArg)
  const h: any = dbOf(q).on(q)
  return h[body.verb].apply(h, [body.sql].concat(args)).then((v: any) => ({ result: describe(v) }))
})

/** Statements in one transaction: `{ops: [{verb, sql, args}], end: 'commit'|'rollback'|'none'}`. */
a.post('/:d/tx', (q: Request) => {
  const body = q.json()
  return dbOf(q).on(q).begin().then(async (tx: Transaction) => {
    const results: any[] = []
    for (const op of body.ops) {
      // (njs: no `await` inside call arguments)
      const out = await (tx as any)[op.verb].apply(tx, [op.sql].concat((op.args || []).map(decodeArg)))
      results.push(describe(out))
    }
    if (body.end === 'commit') await tx.commit()
    if (body.end === 'rollback') await tx.rollback()
    return { results, open: tx.open }
  })
})

a.post('/:d/transaction/ok', (q: Request) => dbOf(q).transaction(q, async (tx) => {
  const { id } = await tx.insert('items (name) VALUES (:?)', q.json().name)
  return { id }
}))
a.post('/:d/transaction/throws', (q: Request) => dbOf(q).transaction(q, async (tx) => {
  await tx.insert('items (name) VALUES (:?)', q.json().name)
  throw HttpError(422, 'no thanks')
}))

// Losty's middleware pattern: the transaction arrives as a handler argument.
function withTx(q: Request, r: Response) { return dbOf(q).withTx()(q, r) }
a.post('/:d/mw/commit', withTx, async (q: Request, _r: Response, tx: Transaction) => {
  await tx.insert('items (name) VALUES (:?)', q.json().name)
  await tx.commit()
  return { committed: true }
})
a.post('/:d/mw/forgot', withTx, async (q: Request, _r: Response, tx: Transaction) => {
  await tx.insert('items (name) VALUES (:?)', q.json().name)
  return { committed: false, id: tx.id }
})
a.post('/:d/mw/throws', withTx, async (q: Request, _r: Response, tx: Transaction) => {
  await tx.insert('items (name) VALUES (:?)', q.json().name)
  throw HttpError(409, 'changed my mind')
})
a.post('/:d/handle', (q: Request, r: Response) => dbOf(q).handle()(q, r), (q: Request, _r: Response, db: any) => db.s1('count(*) AS n FROM items'))

/** A handler that loses its transaction (never commits nor rolls back): the sidecar's idle timeout must. */
a.post('/:d/leak', (q: Request) => dbOf(q).begin(q, { idleTimeout: 300 }).then((tx) => tx.insert('items (name) VALUES (:?)', q.json().name).then(() => ({ id: tx.id }))))
/** A handler that stalls past the idle timeout (its client gave up): its next statement finds the transaction gone. */
a.post('/:d/stall', (q: Request) => dbOf(q).begin(q, { idleTimeout: 300 }).then(async (tx) => {
  await tx.insert('items (name) VALUES (:?)', q.json().name)
  await sleep(Number(q.query.ms) || 1200)
  await tx.insert('items (name) VALUES (:?)', q.json().name + '-late')
  await tx.commit()
  return { committed: true }
}))

/** Bytes in and out: the request body through `:b`, back as a Buffer. */
a.post('/:d/blob', (q: Request) => dbOf(q).on(q).insert('blobs (data) VALUES (:b)', q.bytes()).then((res) => ({ id: res.id })))
a.get('/:d/blob/:id', (q: Request, r: Response) => dbOf(q).on(q).s1('data FROM blobs WHERE id = :?', Number(q.params.id)).then((row) => {
  if (!row) throw HttpError(404)
  r.headers['Content-Type'] = 'application/octet-stream'
  return row.data
}))

/** The injection check: a value through `:?` in, `WHERE v = :?` out. */
a.post('/:d/echo', (q: Request) => {
  const v = q.json().value
  const h = dbOf(q).on(q)
  return h.insert('strs (v) VALUES (:?)', v).then((ins) => h.select('id, v FROM strs WHERE v = :?', v).then((rows) => ({ id: ins.id, rows })))
})

function decodeArg(a: any): any {
  if (a && typeof a === 'object' && !Array.isArray(a)) {
    if (typeof a.$date === 'string') return new Date(a.$date)
    if (typeof a.$hex === 'string') return Buffer.from(a.$hex, 'hex')
    if (a.$named) {
      const out: any = {}
      Object.keys(a.$named).forEach((k) => { out[k] = decodeArg(a.$named[k]) })
      return out
    }
  }
  return a
}

/** Results as JSON, saying which values were Date / Buffer in njs. */
function describe(v: any): any {
  if (v instanceof Date) return { $date: v.toISOString() }
  if (v instanceof Uint8Array) return { $hex: Buffer.from(v).toString('hex') }
  if (Array.isArray(v)) return v.map(describe)
  if (v && typeof v === 'object') {
    const out: any = {}
    Object.keys(v).forEach((k) => { out[k] = describe(v[k]) })
    return out
  }
  return v
}

export default a
