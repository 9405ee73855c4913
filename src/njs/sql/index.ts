/**
 * `tresty/sql`: PostgreSQL and MySQL from handlers, through the Node sidecar (njs has no
 * sockets). Placeholders are Losty's and are compiled on the sidecar into driver parameters.
 *
 *   import { pg } from 'tresty/sql'
 *   const db = pg('main')      // TRESTY_SQL_MAIN=postgres://… in the sidecar's environment
 *
 *   a.get('/notes/:id', (q) => db.on(q).s1('* FROM notes WHERE id = :?', q.params.id))
 *   a.post('/notes', (q) => db.transaction(q, async (tx) => {
 *     const { id } = await tx.insert('notes (title) VALUES (:?)', q.json().title)
 *     return { id }
 *   }))                        // committed when the function resolves, rolled back when it throws
 *
 *   // Losty's pattern: a middleware opens the transaction and passes it on with q.next(tx);
 *   // whatever is still open when the chain comes back is rolled back.
 *   a.post('/transfer', db.withTx(), async (q, r, tx) => { …; await tx.commit() })
 *
 * Verbs (on a handle and on a transaction): query, select, s1/one, insert, update, delete.
 * Rows come back as plain objects; timestamps as Date, bytea/BLOB as Buffer (docs/sql.md).
 */
import { postJson } from '../sidecar/transport.ts'
import type { CallContext } from '../sidecar/transport.ts'
import type { DbLocation, DbRef, SqlArgType, SqlInsertResult, SqlQueryResponse, SqlVerb, SqlVerbs } from '../../shared/sql-protocol.ts'
import type { Handler, Request, Response } from '../types.ts'
import { SQL_BEGIN_PATH, SQL_COMMIT_PATH, SQL_QUERY_PATH, SQL_ROLLBACK_PATH } from '../../shared/sidecar-protocol.ts'

export type Row = { [column: string]: any }

/** Where the database is; the password always comes from the sidecar's environment. */
export type DbConfig = DbLocation
export type InsertResult = SqlInsertResult<Row>
export type Verbs = SqlVerbs<Row>

export interface Handle extends Verbs {
  begin(o?: BeginOptions): Promise<Transaction>
}

export interface Transaction extends Verbs {
  readonly id: string
  /** False once committed or rolled back (here). */
  readonly open: boolean
  commit(): Promise<void>
  rollback(): Promise<void>
}

export interface BeginOptions {
  /** The sidecar rolls the transaction back after this many ms without a statement. */
  idleTimeout?: number
}

export interface Database {
  readonly ref: DbRef
  /** A handle bound to this request. */
  on(ctx: CallContext): Handle
  begin(ctx: CallContext, o?: BeginOptions): Promise<Transaction>
  /** Runs `fn` in a transaction: committed when it resolves (unless it ended it), rolled back when it throws. */
  transaction<T>(ctx: CallContext, fn: (tx: Transaction) => Promise<T> | T, o?: BeginOptions): Promise<T>
  /** Middleware: `q.next(handle)`. */
  handle(): Handler
  /** Middleware: opens a transaction, `q.next(tx)`, rolls it back if it is still open when the chain returns or throws. */
  withTx(o?: BeginOptions): Handler
}

export function pg(config?: DbConfig | string): Database {
  return database('pg', config)
}

export function mysql(config?: DbConfig | string): Database {
  return database('mysql', config)
}

function database(dialect: 'pg' | 'mysql', config?: DbConfig | string): Database {
  const ref: DbRef = { dialect }
  if (typeof config === 'string') {
    if (config.indexOf('://') >= 0) ref.url = config
    else ref.name = config
  } else if (config) {
    if ((config as any).password !== undefined) throw new Error('tresty/sql: no password in the bundle; set TRESTY_SQL_<NAME>_PASSWORD in the sidecar\'s environment')
    if (config.name !== undefined) ref.name = config.name
    if (config.url !== undefined) ref.url = config.url
    if (config.host !== undefined) ref.host = config.host
    if (config.port !== undefined) ref.port = config.port
    if (config.user !== undefined) ref.user = config.user
    if (config.database !== undefined) ref.database = config.database
  } else ref.name = 'default'
  const db = Object.create(databaseProto()) as Database
  ;(db as any).ref = ref
  return db
}

// Prototypes are built on first use: on the njs engine a module's top level runs for every request.
let dbProto: any = null
let handleProto: any = null
let txProto: any = null

function databaseProto(): any {
  if (dbProto) return dbProto
  dbProto = {
    on(this: Database, ctx: CallContext): Handle {
      const h = Object.create(handleProtoOf())
      h.ctx = ctx
      h.ref = this.ref
      return h
    },
    begin(this: Database, ctx: CallContext, o?: BeginOptions): Promise<Transaction> {
      return begin(ctx, this.ref, o)
    },
    transaction(this: Database, ctx: CallContext, fn: (tx: Transaction) => any, o?: BeginOptions): Promise<any> {
      return begin(ctx, this.ref, o).then((tx) => {
        let result: any
        return Promise.resolve().then(() => fn(tx)).then(
          (v) => { result = v; return tx.open ? tx.commit() : undefined },
          (e) => (tx.open ? tx.rollback().then(() => { throw e }, () => { throw e }) : Promise.reject(e)),
        ).then(() => result)
      })
    },
    handle(this: Database): Handler {
      const self = this
      return (q: Request) => q.next(self.on(q))
    },
    withTx(this: Database, o?: BeginOptions): Handler {
      const ref = this.ref
      return (q: Request, _r: Response) => begin(q, ref, o).then((tx) => {
        const cleanup = () => (tx.open ? tx.rollback().catch(() => undefined) : undefined)
        let out: any
        try {
          out = q.next(tx)
        } catch (e) {
          return Promise.resolve(cleanup()).then(() => { throw e })
        }
        return Promise.resolve(out).then(
          (v) => Promise.resolve(cleanup()).then(() => v),
          (e) => Promise.resolve(cleanup()).then(() => { throw e }),
        )
      })
    },
  }
  return dbProto
}

function verbsProto(target: any): any {
  const verbs: SqlVerb[] = ['query', 'select', 's1', 'one', 'insert', 'update', 'delete']
  verbs.forEach((verb) => {
    target[verb] = function (this: any, sql: string) {
      const args: any[] = []
      for (let i = 1; i < arguments.length; i++) args.push(arguments[i])
      return run(this, verb, sql, args)
    }
  })
  return target
}

function handleProtoOf(): any {
  if (handleProto) return handleProto
  handleProto = verbsProto({
    begin(this: any, o?: BeginOptions) { return begin(this.ctx, this.ref, o) },
  })
  return handleProto
}

function txProtoOf(): any {
  if (txProto) return txProto
  txProto = verbsProto({
    commit(this: any): Promise<void> {
      // Marked closed first: a failed commit leaves nothing for a rollback to do but say so.
      this.open = false
      return postJson(this.ctx, SQL_COMMIT_PATH, { tx: this.id }).then(() => undefined)
    },
    rollback(this: any): Promise<void> {
      if (!this.open) return Promise.resolve()
      this.open = false
      return postJson(this.ctx, SQL_ROLLBACK_PATH, { tx: this.id }).then(() => undefined)
    },
  })
  return txProto
}

function begin(ctx: CallContext, ref: DbRef, o?: BeginOptions): Promise<Transaction> {
  const body: any = { db: ref }
  if (o && o.idleTimeout) body.idleTimeoutMs = o.idleTimeout
  return postJson(ctx, SQL_BEGIN_PATH, body).then((res) => {
    const tx = Object.create(txProtoOf())
    tx.ctx = ctx
    tx.ref = ref
    tx.id = res.tx
    tx.open = true
    return tx as Transaction
  })
}

function run(on: any, verb: SqlVerb, sql: string, args: any[]): Promise<any> {
  const types: SqlArgType[] = []
  let typed = false
  const sent = args.map((a, i) => {
    const t = argType(a)
    if (t) {
      types[i] = t
      typed = true
      return encodeArg(a)
    }
    types[i] = null
    if (isPlainObject(a)) {
      // Named arguments: type each key that needs it.
      let keyTypes: any = null
      const out: any = {}
      Object.keys(a).forEach((k) => {
        const kt = argType(a[k])
        if (kt) { keyTypes = keyTypes || {}; keyTypes[k] = kt; out[k] = encodeArg(a[k]) } else out[k] = a[k] === undefined ? null : a[k]
      })
      if (keyTypes) { types[i] = keyTypes; typed = true; return out }
    }
    return a === undefined ? null : a
  })
  const body: any = { db: on.ref, verb, sql, args: sent }
  if (on.id) body.tx = on.id
  if (typed) body.types = types
  return postJson(on.ctx, SQL_QUERY_PATH, body).then((res: SqlQueryResponse) => revive(res))
}

function argType(a: any): 'date' | 'bytes' | null {
  if (a instanceof Date) return 'date'
  if (a instanceof Uint8Array) return 'bytes'
  return null
}

function encodeArg(a: any): string | null {
  if (a instanceof Date) return isNaN(a.getTime()) ? null : a.toISOString()
  return Buffer.from(a).toString('base64')
}

function isPlainObject(a: any): boolean {
  if (a === null || typeof a !== 'object' || Array.isArray(a)) return false
  const p = Object.getPrototypeOf(a)
  return p === Object.prototype || p === null
}

/** Turns the columns the sidecar marked back into Date / Buffer. */
function revive(res: SqlQueryResponse): any {
  const result: any = res.result
  const types = res.types
  if (!types) return result
  const rows: any[] = Array.isArray(result) ? result : result && Array.isArray(result.rows) ? result.rows : result && typeof result === 'object' ? [result] : []
  const cols = Object.keys(types)
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k]
      const v = row[c]
      if (typeof v !== 'string') continue
      row[c] = types[c] === 'date' ? new Date(v) : Buffer.from(v, 'base64')
    }
  }
  return result
}
