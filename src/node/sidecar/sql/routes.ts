/**
 * `POST /sql/query|begin|commit|rollback` (see src/shared/sql-protocol.ts). Errors keep their
 * status (409/400/503/410); anything else is logged here with the SQL and answered as a 500
 * whose body says nothing about the database.
 */
import type { SqlArgType, SqlQueryRequest, SqlVerb } from '../../../shared/sql-protocol.ts'
import { SqlError } from '../../sql/errors.ts'
import { check, SidecarError } from '../errors.ts'
import { endpoint, type Route } from '../http/router.ts'
import { logError } from '../log.ts'
import type { SqlRegistry } from './registry.ts'
import { SQL_BEGIN_PATH, SQL_COMMIT_PATH, SQL_QUERY_PATH, SQL_ROLLBACK_PATH } from '../../../shared/sidecar-protocol.ts'

const VERBS: SqlVerb[] = ['query', 'select', 's1', 'one', 'insert', 'update', 'delete']

export function sqlRoutes(sql: SqlRegistry): Route[] {
  return [
    endpoint({
      method: 'POST', path: SQL_QUERY_PATH,
      handle: ({ body }) => guard(body.sql, async () => {
        const q = body as unknown as SqlQueryRequest
        check(VERBS.includes(q.verb), `unknown SQL verb ${JSON.stringify(q.verb)}`)
        check(typeof q.sql === 'string', 'sql must be a string')
        check(q.args === undefined || Array.isArray(q.args), 'args must be an array')
        const args = decodeArgs(q.args ?? [], Array.isArray(q.types) ? q.types : [])
        const on = q.tx !== undefined ? sql.transaction(q.tx) : (check(q.db && typeof q.db === 'object', 'db is required'), sql.database(q.db))
        return encodeResult(await (on[q.verb] as (s: string, ...a: unknown[]) => Promise<unknown>)(q.sql, ...args))
      }),
    }),
    endpoint({
      method: 'POST', path: SQL_BEGIN_PATH,
      handle: ({ body }) => guard(undefined, async () => {
        check(body.db && typeof body.db === 'object', 'db is required')
        const idle = body.idleTimeoutMs
        check(idle === undefined || (typeof idle === 'number' && idle > 0), 'idleTimeoutMs must be a positive number')
        const tx = await sql.begin(body.db as any, idle as number | undefined)
        return { tx: tx.id }
      }),
    }),
    ...([[SQL_COMMIT_PATH, 'commit'], [SQL_ROLLBACK_PATH, 'rollback']] as const).map(([path, how]) => endpoint({
      method: 'POST', path,
      handle: ({ body }) => guard(undefined, async () => {
        check(typeof body.tx === 'string', 'tx is required')
        await sql.end(body.tx as string, how)
        return { ok: true as const }
      }),
    })),
  ]
}

async function guard<T>(sqlText: unknown, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof SidecarError) throw err
    if (err instanceof SqlError) {
      if (err.code === 'sql_error') {
        // The database's words stay here: they can name tables, columns and values.
        logError(`SQL error${err.dbCode ? ` ${err.dbCode}` : ''}${typeof sqlText === 'string' ? ` in: ${sqlText.slice(0, 500)}` : ''}`, err)
        throw new SidecarError('sql_error', 'database error (details in the sidecar log)')
      }
      if (err.code === 'sql_unavailable' || err.code === 'sql_timeout') logError(err.code, err)
      throw new SidecarError(err.code, err.message)
    }
    throw err
  }
}

function decodeArgs(args: unknown[], types: SqlArgType[]): unknown[] {
  return args.map((a, i) => {
    const t = types[i]
    if (!t) return a
    if (typeof t === 'string') return revive(a, t)
    check(a !== null && typeof a === 'object' && !Array.isArray(a), `argument ${i + 1} should be an object`)
    const out: { [k: string]: unknown } = { ...(a as object) }
    for (const k of Object.keys(t)) out[k] = revive(out[k], t[k])
    return out
  })
}

function revive(v: unknown, t: 'date' | 'bytes'): unknown {
  if (v === null || v === undefined) return v
  check(typeof v === 'string', `a ${t} argument must travel as a string`)
  if (t === 'bytes') return Buffer.from(v, 'base64')
  const d = new Date(v)
  check(!Number.isNaN(d.getTime()), `bad date ${JSON.stringify(v)}`)
  return d
}

/** Dates and Buffers do not survive JSON alone: send them as strings and say which columns they are. */
function encodeResult(result: unknown): { result: unknown; types?: { [column: string]: 'date' | 'bytes' } } {
  const types: { [column: string]: 'date' | 'bytes' } = {}
  let any = false
  const rows: any[] = Array.isArray(result) ? result : result && typeof result === 'object' && Array.isArray((result as any).rows) ? (result as any).rows : result && typeof result === 'object' ? [result] : []
  for (const row of rows) {
    for (const k in row) {
      const v = row[k]
      if (v instanceof Date) { types[k] = 'date'; any = true; row[k] = Number.isNaN(v.getTime()) ? null : v.toISOString() }
      else if (Buffer.isBuffer(v)) { types[k] = 'bytes'; any = true; row[k] = v.toString('base64') }
    }
  }
  return any ? { result, types } : { result }
}
