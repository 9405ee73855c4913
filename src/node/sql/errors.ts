/**
 * Driver errors sorted into what a caller can act on. `SqlError.code` is one of the sidecar's
 * error codes, so the sidecar answers with `ERROR_STATUS[code]`:
 *
 *   sql_conflict     409  unique / foreign-key violation
 *   sql_bad_input    400  syntax, bad value for the type, too long, out of range, NOT NULL, CHECK,
 *                         and placeholder misuse
 *   sql_unavailable  503  cannot connect, connection lost, no free connection in time, not configured
 *   sql_timeout      503  the statement ran past the statement timeout
 *   sql_tx_gone      410  the transaction was committed, rolled back, or rolled back when idle
 *   sql_error        500  anything else (the sidecar logs the driver's message, the client sees a generic one)
 */
import { ConfigError } from './database-config.ts'
import { PlaceholderError, type Dialect } from './placeholders.ts'

export type SqlErrorCode = 'sql_conflict' | 'sql_bad_input' | 'sql_unavailable' | 'sql_timeout' | 'sql_tx_gone' | 'sql_error'

export class SqlError extends Error {
  readonly code: SqlErrorCode
  /** The driver's error code (`23505`, `ER_DUP_ENTRY`, `ECONNREFUSED`…), when there is one. */
  readonly dbCode?: string
  /** Character offset (1-based) in the statement the database pointed at, when it did. */
  readonly position?: number
  constructor(code: SqlErrorCode, message: string, o: { cause?: unknown; dbCode?: string; position?: number } = {}) {
    super(message)
    this.name = 'SqlError'
    ;(this as { cause?: unknown }).cause = o.cause
    this.code = code
    this.dbCode = o.dbCode
    this.position = o.position
  }
}

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ENOENT',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_ACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR', 'ER_SERVER_SHUTDOWN'])

const MYSQL_BAD_INPUT = new Set(['ER_PARSE_ERROR', 'ER_DATA_TOO_LONG', 'ER_TRUNCATED_WRONG_VALUE', 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD',
  'ER_WARN_DATA_OUT_OF_RANGE', 'ER_BAD_NULL_ERROR', 'ER_NO_DEFAULT_FOR_FIELD', 'ER_CONSTRAINT_FAILED', 'ER_CHECK_CONSTRAINT_VIOLATED',
  'ER_DIVISION_BY_ZERO', 'ER_INVALID_JSON_TEXT', 'ER_WRONG_VALUE_COUNT_ON_ROW', 'ER_WRONG_ARGUMENTS', 'ER_INVALID_CHARACTER_STRING',
  'ER_WRONG_VALUE_FOR_TYPE', 'ER_TRUNCATED_WRONG_VALUE_FOR_FIELD', 'ER_DATETIME_FUNCTION_OVERFLOW', 'ER_WRONG_VALUE'])
const MYSQL_CONFLICT = new Set(['ER_DUP_ENTRY', 'ER_DUP_KEY', 'ER_NO_REFERENCED_ROW', 'ER_NO_REFERENCED_ROW_2', 'ER_ROW_IS_REFERENCED', 'ER_ROW_IS_REFERENCED_2'])
const MYSQL_TIMEOUT = new Set(['ER_STATEMENT_TIMEOUT', 'ER_QUERY_TIMEOUT', 'ER_QUERY_INTERRUPTED'])

export function classify(dialect: Dialect, err: unknown): SqlError {
  if (err instanceof SqlError) return err
  if (err instanceof PlaceholderError) return new SqlError('sql_bad_input', err.message, { cause: err })
  if (err instanceof ConfigError) return new SqlError('sql_unavailable', err.message, { cause: err })
  const e = err as { code?: string; errno?: number; message?: string; position?: string; fatal?: boolean }
  const message = e?.message ?? String(err)
  const dbCode = typeof e?.code === 'string' ? e.code : undefined
  const position = e?.position ? Number(e.position) : undefined
  const make = (code: SqlErrorCode) => new SqlError(code, message, { cause: err, dbCode, position })
  if (dbCode && NETWORK.has(dbCode)) return make('sql_unavailable')
  if (/timeout exceeded when trying to connect|Connection terminated|connect ETIMEDOUT|Client has encountered a connection error|Connection lost|Pool is closed/i.test(message)) return make('sql_unavailable')
  if (dialect === 'pg' && dbCode && /^[0-9A-Z]{5}$/.test(dbCode)) {
    if (dbCode === '23505' || dbCode === '23503') return make('sql_conflict')
    if (dbCode === '57014') return make('sql_timeout')
    // Class 22 data exception; 23502 not null; 23514 check; 42601 syntax; 42804 datatype mismatch.
    if (dbCode.startsWith('22') || ['23502', '23514', '42601', '42804', '42P18', '54000'].includes(dbCode)) return make('sql_bad_input')
    // Class 08 connection exception, 57P01-03 admin shutdown / cannot connect now, 53300 too many connections, 28 auth.
    if (dbCode.startsWith('08') || dbCode.startsWith('57P') || dbCode === '53300' || dbCode.startsWith('28') || dbCode === '3D000') return make('sql_unavailable')
    return make('sql_error')
  }
  if (dialect === 'mysql') {
    // 1969: MariaDB's max_statement_time; 3024: MySQL's max_execution_time (mysql2 names neither).
    if ((dbCode && MYSQL_TIMEOUT.has(dbCode)) || e.errno === 1969 || e.errno === 3024) return make('sql_timeout')
    if (dbCode && MYSQL_CONFLICT.has(dbCode)) return make('sql_conflict')
    if (dbCode && MYSQL_BAD_INPUT.has(dbCode)) return make('sql_bad_input')
    if (e.fatal) return make('sql_unavailable')
  }
  return make('sql_error')
}
