/**
 * Database handles with Losty's verbs, for Node code (task workers, scripts, the sidecar):
 *
 *   const db = pg('main')                         // or pg({url}), mysql('shop'), …
 *   await db.select('* FROM notes WHERE id = :?', 1)          // rows
 *   await db.s1('title FROM notes WHERE id = :?', 1)          // first row or null
 *   const { id } = await db.insert('notes (title) VALUES (:?)', 'hi')
 *   await db.transaction(async (tx) => { await tx.update('notes SET …'); })   // commits, or rolls back on throw
 *
 * `select`/`s1`/`insert`/`update`/`delete` put their keyword in front when the SQL does not
 * start with it, as Losty does (`db.select('* FROM t')`).
 */
import { randomUUID } from 'node:crypto'
import { resolveConfig, type DbConfig, type ResolvedConfig } from './database-config.ts'
import { createDriver, type Conn, type Driver, type PoolStats, type RawResult, type Row } from './driver.ts'
import { classify, SqlError } from './errors.ts'
import { compile, type Dialect } from './placeholders.ts'
import type { SqlInsertResult, SqlVerbs } from '../../shared/sql-protocol.ts'

export type { Row } from './driver.ts'

export type Verb = 'query' | 'select' | 's1' | 'one' | 'insert' | 'update' | 'delete'

export type InsertResult = SqlInsertResult<Row>
export type Verbs = SqlVerbs<Row>

export interface Transaction extends Verbs {
  readonly id: string
  readonly open: boolean
  commit(): Promise<void>
  rollback(): Promise<void>
}

export interface Database extends Verbs {
  readonly dialect: Dialect
  readonly config: ResolvedConfig
  begin(o?: { idleTimeoutMs?: number }): Promise<Transaction>
  /** Runs `fn` in a transaction: committed when it resolves (unless it ended the transaction), rolled back when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>
  /** One connection for a while (migrations: session locks). */
  reserve(): Promise<Conn>
  stats(): PoolStats
  close(): Promise<void>
}

export interface DatabaseOptions {
  env?: { [k: string]: string | undefined }
  /** Named databases from a config file (`{ main: 'postgres://…' }`). */
  named?: { [name: string]: DbConfig | string }
  /** Allow several statements in one text (migration runs only). */
  multi?: boolean
  onError?: (err: Error) => void
}

export function pg(config?: DbConfig | string, o?: DatabaseOptions): Database {
  return openDatabase('pg', config, o)
}

export function mysql(config?: DbConfig | string, o?: DatabaseOptions): Database {
  return openDatabase('mysql', config, o)
}

export function openDatabase(dialect: Dialect, config: DbConfig | string | undefined, o: DatabaseOptions = {}): Database {
  const resolved = resolveConfig(dialect, config, o.env, o.named)
  return databaseOn(resolved, createDriver(resolved, { multi: o.multi, onError: o.onError }))
}

const KEYWORD: { [v in Verb]?: RegExp } = {
  select: /^\s*(select|with)\b/i, s1: /^\s*(select|with)\b/i,
  insert: /^\s*insert\b/i, update: /^\s*update\b/i, delete: /^\s*delete\b/i,
}
const PREFIX: { [v in Verb]?: string } = { select: 'SELECT ', s1: 'SELECT ', insert: 'INSERT INTO ', update: 'UPDATE ', delete: 'DELETE FROM ' }

/** The statement a verb sends. */
export function verbSql(dialect: Dialect, verb: Verb, sql: string): string {
  const re = KEYWORD[verb]
  let text = re && !re.test(sql) ? PREFIX[verb] + sql : sql
  if (verb === 'insert' && dialect === 'pg' && !/\breturning\b/i.test(text)) text += ' RETURNING *'
  return text
}

/** Runs one verb on a runner (pool or connection) and shapes its result. */
export async function runVerb(dialect: Dialect, run: (text: string, values: unknown[]) => Promise<RawResult>, verb: Verb, sql: string, args: readonly unknown[]): Promise<unknown> {
  let res: RawResult
  try {
    const { text, values } = compile(dialect, verbSql(dialect, verb, sql), args)
    res = await run(text, values)
  } catch (err) {
    throw classify(dialect, err)
  }
  switch (verb) {
    case 's1': case 'one': return res.rows[0] ?? null
    case 'insert': {
      const first = res.rows[0]
      const id = res.insertId ?? (first && (first.id as number | string | undefined)) ?? null
      return { id, rows: res.rows, affected: res.affected }
    }
    case 'update': case 'delete': return res.affected
    default: return res.rows
  }
}

function verbs(call: (verb: Verb, sql: string, args: unknown[]) => Promise<any>): Verbs {
  return {
    query: (sql, ...args) => call('query', sql, args),
    select: (sql, ...args) => call('select', sql, args),
    s1: (sql, ...args) => call('s1', sql, args),
    one: (sql, ...args) => call('one', sql, args),
    insert: (sql, ...args) => call('insert', sql, args),
    update: (sql, ...args) => call('update', sql, args),
    delete: (sql, ...args) => call('delete', sql, args),
  }
}

export function databaseOn(config: ResolvedConfig, driver: Driver): Database {
  const { dialect } = config
  const connect = async () => {
    try {
      return await driver.connect()
    } catch (err) {
      throw classify(dialect, err)
    }
  }
  const db: Database = {
    dialect, config,
    ...verbs((verb, sql, args) => runVerb(dialect, driver.run, verb, sql, args)),
    async begin(o = {}) {
      const conn = await connect()
      try {
        await conn.run('BEGIN', [])
      } catch (err) {
        conn.release(true)
        throw classify(dialect, err)
      }
      return transactionOn(dialect, conn, o.idleTimeoutMs ?? config.txIdleTimeoutMs)
    },
    async transaction(fn) {
      const tx = await db.begin()
      try {
        const result = await fn(tx)
        if (tx.open) await tx.commit()
        return result
      } finally {
        if (tx.open) await tx.rollback()
      }
    },
    reserve: connect,
    stats: () => driver.stats(),
    close: () => driver.close(),
  }
  return db
}

/**
 * A transaction on one connection. Idle longer than `idleMs` between statements, it is rolled
 * back and its connection returned, so a caller that went away cannot leak one.
 */
function transactionOn(dialect: Dialect, conn: Conn, idleMs: number): Transaction {
  let open = true
  let busy = 0
  let timer: NodeJS.Timeout | null = null
  let expired = false
  const finish = async (command: 'COMMIT' | 'ROLLBACK') => {
    open = false
    if (timer) clearTimeout(timer)
    try {
      await conn.run(command, [])
      conn.release()
    } catch (err) {
      conn.release(true)
      throw classify(dialect, err)
    }
  }
  const arm = () => {
    if (timer) clearTimeout(timer)
    if (!open || busy) return
    timer = setTimeout(() => {
      if (!open || busy) return
      expired = true
      finish('ROLLBACK').catch(() => undefined)
    }, idleMs)
    timer.unref()
  }
  const gone = () => new SqlError('sql_tx_gone', expired
    ? `transaction ${tx.id} was rolled back after ${idleMs} ms without a statement`
    : `transaction ${tx.id} is already committed or rolled back`)
  const tx: Transaction = {
    id: randomUUID(),
    get open() { return open },
    ...verbs(async (verb, sql, args) => {
      if (!open) throw gone()
      busy++
      if (timer) clearTimeout(timer)
      try {
        return await runVerb(dialect, conn.run, verb, sql, args)
      } finally {
        busy--
        arm()
      }
    }),
    async commit() {
      if (!open) throw gone()
      await finish('COMMIT')
    },
    async rollback() {
      if (open) await finish('ROLLBACK')
    },
  }
  arm()
  return tx
}
