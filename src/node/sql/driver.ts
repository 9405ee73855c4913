/**
 * The two drivers behind one small interface: a pool that runs a statement, or lends one
 * connection (transactions, migrations). Result conversion is set up here, so both databases
 * answer alike (see docs/sql.md, "Results"):
 *
 *   int8 / BIGINT        number when it fits in 2^53, else a decimal string
 *   numeric / DECIMAL    string (exact)
 *   date / DATE          'YYYY-MM-DD' string (no time zone shift)
 *   timestamp(tz) / DATETIME / TIMESTAMP   Date (sessions run in UTC)
 *   boolean / TINYINT(1) boolean
 *   json / jsonb         parsed (PostgreSQL); MariaDB reports JSON columns as text: a string
 *   bytea / BLOB         Buffer
 */
import pg from 'pg'
import mysql from 'mysql2'
import type { Pool as MyPool, PoolConnection as MyConn } from 'mysql2'
import type { ResolvedConfig } from './database-config.ts'
import { SqlError } from './errors.ts'
import type { Dialect } from './placeholders.ts'

export type Row = { [column: string]: unknown }

export interface RawResult {
  rows: Row[]
  affected: number
  insertId?: number | string
}

export interface RunOptions {
  /** Several statements in one text (migrations): PostgreSQL's simple protocol, MySQL multipleStatements. */
  multi?: boolean
}

export interface Conn {
  run(text: string, values: unknown[], o?: RunOptions): Promise<RawResult>
  /** Back to the pool; `broken` destroys it instead (its state is unknown). */
  release(broken?: boolean): void
}

export interface PoolStats {
  total: number
  idle: number
  waiting: number
}

export interface Driver {
  dialect: Dialect
  run(text: string, values: unknown[]): Promise<RawResult>
  connect(): Promise<Conn>
  stats(): PoolStats
  close(): Promise<void>
}

export function createDriver(c: ResolvedConfig, o: { multi?: boolean; onError?: (err: Error) => void } = {}): Driver {
  return c.dialect === 'pg' ? pgDriver(c, o.onError) : mysqlDriver(c, !!o.multi, o.onError)
}

// ------------------------------------------------------------------------------ PostgreSQL

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)
function int8(s: string): number | string {
  const b = BigInt(s)
  return b <= MAX_SAFE && b >= -MAX_SAFE ? Number(b) : s
}

const pgTypes = {
  getTypeParser(oid: number, format?: string): any {
    if (format === 'binary') return (pg.types.getTypeParser as any)(oid, format)
    switch (oid) {
      case 20: return int8
      case 1082: return (s: string) => s
      // timestamp without time zone: read as UTC, as MySQL's DATETIME is.
      case 1114: return (s: string) => new Date(`${s.replace(' ', 'T')}Z`)
      default: return pg.types.getTypeParser(oid, 'text')
    }
  },
}

function pgDriver(c: ResolvedConfig, onError?: (err: Error) => void): Driver {
  const pool = new pg.Pool({
    host: c.socket ?? c.host, port: c.port, user: c.user, password: c.password, database: c.database,
    max: c.poolSize, idleTimeoutMillis: c.idleTimeoutMs, connectionTimeoutMillis: c.connectTimeoutMs,
    statement_timeout: c.statementTimeoutMs || undefined,
    options: '-c TimeZone=UTC',
    types: pgTypes,
  } as pg.PoolConfig)
  // An idle client losing its connection must not crash the process.
  pool.on('error', (err) => onError?.(err))
  const run = (client: pg.Pool | pg.PoolClient, text: string, values: unknown[], o?: RunOptions): Promise<RawResult> => {
    // The extended protocol (even without values) runs exactly one statement: verbatim text
    // cannot stack a second one. Migrations (multi) use the simple protocol.
    const q: any = o?.multi ? { text } : { text, values, queryMode: 'extended' }
    return (client.query(q) as Promise<any>).then((res) => {
      const last = Array.isArray(res) ? res[res.length - 1] : res
      return { rows: last?.rows ?? [], affected: last?.rowCount ?? 0 }
    })
  }
  return {
    dialect: 'pg',
    run: (text, values) => run(pool, text, values),
    async connect() {
      const client = await pool.connect()
      return { run: (text, values, o) => run(client, text, values, o), release: (broken) => client.release(broken ? true : undefined) }
    },
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  }
}

// ---------------------------------------------------------------------------------- MySQL

function mysqlDriver(c: ResolvedConfig, multi: boolean, onError?: (err: Error) => void): Driver {
  const pool: MyPool = mysql.createPool({
    host: c.host, port: c.port, socketPath: c.socket, user: c.user, password: c.password, database: c.database || undefined,
    connectionLimit: c.poolSize, maxIdle: c.poolSize, idleTimeout: c.idleTimeoutMs, connectTimeout: c.connectTimeoutMs,
    waitForConnections: true, queueLimit: 0,
    supportBigNumbers: true, bigNumberStrings: false, dateStrings: ['DATE'], timezone: 'Z', charset: 'utf8mb4',
    multipleStatements: multi,
    typeCast(field: any, next: () => unknown) {
      if (field.type === 'TINY' && field.length === 1) {
        const v = field.string()
        return v === null ? null : v === '1'
      }
      return next()
    },
  })
  const seconds = c.statementTimeoutMs / 1000
  pool.on('connection', (conn: any) => {
    conn.query("SET time_zone = '+00:00'")
    // MariaDB's max_statement_time (seconds); MySQL has max_execution_time (ms, SELECT only).
    if (seconds > 0) conn.query(`SET SESSION max_statement_time = ${seconds}`, (err: unknown) => {
      if (err) conn.query(`SET SESSION max_execution_time = ${Math.round(c.statementTimeoutMs)}`, () => undefined)
    })
  })
  pool.on('error' as any, (err: Error) => onError?.(err))
  let waiting = 0
  const getConnection = (): Promise<MyConn> => new Promise((resolve, reject) => {
    // mysql2's pool has no acquire timeout: a full pool would otherwise queue forever.
    waiting++
    let done = false
    const timer = setTimeout(() => {
      if (done) return
      done = true
      waiting--
      reject(new SqlError('sql_unavailable', `no free MySQL connection within ${c.connectTimeoutMs} ms`))
    }, c.connectTimeoutMs)
    pool.getConnection((err, conn) => {
      if (done) { if (conn) conn.release(); return }
      done = true
      waiting--
      clearTimeout(timer)
      if (err) reject(err)
      else resolve(conn)
    })
  })
  const run = (conn: MyConn, text: string, values: unknown[]): Promise<RawResult> => new Promise((resolve, reject) => {
    const done = (err: unknown, res: any) => {
      if (err) return reject(err)
      resolve(mysqlResult(res))
    }
    // Values go through execute (a server-side prepared statement): never formatted into the text.
    if (values.length) conn.execute(text, values as any[], done)
    else conn.query(text, done)
  })
  const stats = () => {
    const p = pool as any
    return { total: p._allConnections?.length ?? 0, idle: p._freeConnections?.length ?? 0, waiting }
  }
  return {
    dialect: 'mysql',
    async run(text, values) {
      const conn = await getConnection()
      try {
        return await run(conn, text, values)
      } finally {
        conn.release()
      }
    },
    async connect() {
      const conn = await getConnection()
      return { run: (text, values) => run(conn, text, values), release: (broken) => (broken ? conn.destroy() : conn.release()) }
    },
    stats,
    close: () => new Promise<void>((resolve) => pool.end(() => resolve())),
  }
}

function mysqlResult(res: any): RawResult {
  if (Array.isArray(res)) {
    // Several statements: an array of results; one SELECT: an array of rows.
    if (res.length && (Array.isArray(res[0]) || isHeader(res[0]))) return mysqlResult(res[res.length - 1])
    return { rows: res as Row[], affected: res.length }
  }
  return { rows: [], affected: res?.affectedRows ?? 0, insertId: res?.insertId || undefined }
}

const isHeader = (x: any) => x && typeof x === 'object' && 'affectedRows' in x && 'insertId' in x
