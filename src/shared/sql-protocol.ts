/**
 * The SQL endpoints between `tresty/sql` (njs) and the sidecar. Placeholders are compiled on the
 * sidecar; the client sends the SQL text and the arguments as given.
 *
 *   POST /sql/query     SqlQueryRequest    → SqlQueryResponse
 *   POST /sql/begin     SqlBeginRequest    → { tx }
 *   POST /sql/commit    { tx }             → { ok: true }     (410 when the transaction is gone)
 *   POST /sql/rollback  { tx }             → { ok: true }     (also when it is gone already)
 */
export type SqlDialect = 'pg' | 'mysql'
export type SqlVerb = 'query' | 'select' | 's1' | 'one' | 'insert' | 'update' | 'delete'

/** Where a database is, as njs may say it: a name and/or connection parts, never a password. */
export interface DbLocation {
  /** Name whose URL/password the sidecar reads from `TRESTY_SQL_<NAME>` (`TRESTY_SQL_<NAME>_PASSWORD`). */
  name?: string
  /** A URL without password, e.g. `postgres://app@127.0.0.1:5432/app`. */
  url?: string
  host?: string
  port?: number
  user?: string
  database?: string
}

/** Which database a call is for. */
export interface DbRef extends DbLocation {
  dialect: SqlDialect
}

/** What `insert` resolves to, on both sides. */
export interface SqlInsertResult<Row> {
  /** The new row's id: MySQL's insertId, or the `id` column of the first returned row. */
  id: number | string | null
  /** Rows of the RETURNING clause (PostgreSQL adds `RETURNING *` when there is none). */
  rows: Row[]
  affected: number
}

/** Losty's verbs, the same on njs handles, Node handles and transactions of both. */
export interface SqlVerbs<Row> {
  query(sql: string, ...args: any[]): Promise<Row[]>
  select(sql: string, ...args: any[]): Promise<Row[]>
  s1(sql: string, ...args: any[]): Promise<Row | null>
  one(sql: string, ...args: any[]): Promise<Row | null>
  insert(sql: string, ...args: any[]): Promise<SqlInsertResult<Row>>
  update(sql: string, ...args: any[]): Promise<number>
  delete(sql: string, ...args: any[]): Promise<number>
}

/**
 * How an argument travelled, when JSON alone would lose it: `date` (ISO string → Date),
 * `bytes` (base64 → Buffer). For a named-argument object, an object of the same per key.
 */
export type SqlArgType = 'date' | 'bytes' | { [key: string]: 'date' | 'bytes' } | null

export interface SqlQueryRequest {
  db: DbRef
  /** Run inside this transaction (from /sql/begin). */
  tx?: string
  verb: SqlVerb
  sql: string
  args?: unknown[]
  types?: SqlArgType[]
}

export interface SqlQueryResponse {
  /** rows (query/select), a row or null (s1/one), {id, rows, affected} (insert), a count (update/delete). */
  result: unknown
  /** Columns whose values need reviving: `date` (ISO string → Date), `bytes` (base64 → Buffer). */
  types?: { [column: string]: 'date' | 'bytes' }
}

export interface SqlBeginRequest {
  db: DbRef
  /** Roll back after this many ms without a statement (default: the database's txIdleTimeoutMs). */
  idleTimeoutMs?: number
}

export interface SqlBeginResponse {
  tx: string
}

export interface SqlTxRequest {
  tx: string
}

export interface SqlHealth {
  dialect: SqlDialect
  /** Where, without the password. */
  target: string
  state: 'ok' | 'down' | 'unused'
  error?: string
  total: number
  idle: number
  waiting: number
  transactions: number
}
