/**
 * Losty's `losty.sql.migrate`, tracked. A migration is a file:
 *
 *   .sql   batches separated by a line of `----` (four or more dashes, nothing else); each batch
 *          is sent on its own (a batch may hold several statements)
 *   .ts/.js  a default export: an array of SQL strings, or a function of the database returning one
 *
 * Files run in the order given (a directory: its .sql/.ts/.js files by name). Each applied file
 * is recorded in `tresty_migrations` with the SHA-256 of its text; a recorded file whose text
 * changed is refused before anything runs. Each file runs in a transaction (PostgreSQL rolls a
 * failing file back entirely; MySQL/MariaDB commit each DDL statement implicitly, so there a
 * failing file can leave its earlier batches applied and unrecorded). A database lock
 * (pg_advisory_lock / GET_LOCK) makes a second concurrent run wait, then find nothing to do.
 *
 * Seeds (`seed()`) are files of the same shapes, run in order and committed each in a
 * transaction, not recorded: write them to be idempotent (ON CONFLICT DO NOTHING / INSERT IGNORE).
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, extname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Database } from './database.ts'
import type { Conn } from './driver.ts'
import { compile } from './placeholders.ts'

export const MIGRATIONS_TABLE = 'tresty_migrations'
const PG_LOCK_KEY = 727_379_001 // any constant: the advisory lock all tresty migration runs share
const EXTENSIONS = ['.sql', '.ts', '.js', '.mjs']

export interface Batch {
  sql: string
  /** 1-based line of the file where the batch starts (1 for .ts/.js batches). */
  line: number
}

export interface MigrationFile {
  name: string
  path: string
  checksum: string
  /** Batches of a .sql file, or of a .ts/.js file once loaded. */
  batches(db: Database): Promise<Batch[]>
}

export class MigrationError extends Error {
  constructor(readonly file: string, readonly batch: number, readonly line: number, message: string, readonly cause?: unknown) {
    super(`${file}: batch ${batch} (line ${line}): ${message}`)
    this.name = 'MigrationError'
  }
}

/** Files and directories → migration files in order (directories sorted by file name). */
export function listFiles(paths: string[]): MigrationFile[] {
  const files: string[] = []
  for (const p of paths) {
    const abs = resolve(p)
    if (statSync(abs).isDirectory()) {
      for (const f of readdirSync(abs).sort()) if (EXTENSIONS.includes(extname(f)) && !f.endsWith('.d.ts')) files.push(join(abs, f))
    } else files.push(abs)
  }
  const seen = new Set<string>()
  return files.map((path) => {
    const name = basename(path)
    if (seen.has(name)) throw new Error(`two migration files named ${name}`)
    seen.add(name)
    const text = readFileSync(path, 'utf8').replace(/\r\n/g, '\n')
    const checksum = createHash('sha256').update(text).digest('hex')
    return {
      name, path, checksum,
      batches: (db) => (extname(path) === '.sql' ? Promise.resolve(splitBatches(text)) : loadModule(path, db)),
    }
  })
}

/** A .sql file's batches: split at lines of `----`, with the line each starts on; blank batches dropped. */
export function splitBatches(text: string): Batch[] {
  const out: Batch[] = []
  let lines: string[] = []
  let start = 1
  const flush = () => {
    const sql = lines.join('\n')
    if (sql.trim()) out.push({ sql, line: start })
  }
  text.split('\n').forEach((line, i) => {
    if (/^-{4,}\s*$/.test(line)) {
      flush()
      lines = []
      start = i + 2
    } else lines.push(line)
  })
  flush()
  return out
}

async function loadModule(path: string, db: Database): Promise<Batch[]> {
  const mod = await import(pathToFileURL(path).href)
  let value = mod.default
  if (typeof value === 'function') value = await value(db)
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) {
    throw new MigrationError(basename(path), 0, 1, 'the default export must be an array of SQL strings, or a function returning one')
  }
  return value.filter((s: string) => s.trim()).map((sql: string) => ({ sql, line: 1 }))
}

export type MigrationState = 'applied' | 'pending' | 'changed'

export interface StatusEntry {
  name: string
  state: MigrationState
  appliedAt?: Date
}

export interface MigrateOptions {
  dryRun?: boolean
  log?: (line: string) => void
  /** Seconds a MySQL run waits for another run's lock (default 60). */
  lockWaitSeconds?: number
}

export interface MigrateResult {
  applied: string[]
  skipped: string[]
  /** With dryRun: what would run. */
  pending: string[]
}

/** Applies the files not yet recorded, in order. Refuses all if a recorded file changed. */
export async function migrate(db: Database, paths: string[], o: MigrateOptions = {}): Promise<MigrateResult> {
  const files = listFiles(paths)
  const log = o.log ?? (() => undefined)
  const conn = await db.reserve()
  let broken = false
  try {
    if (o.dryRun) {
      const applied = await appliedMigrations(db, conn, false)
      refuseChanged(files, applied)
      const pending = files.filter((f) => !applied.has(f.name)).map((f) => f.name)
      for (const f of files) {
        if (applied.has(f.name)) log(`  applied  ${f.name}`)
        else log(`  would run ${f.name} (${(await f.batches(db)).length} batches)`)
      }
      return { applied: [], skipped: files.filter((f) => applied.has(f.name)).map((f) => f.name), pending }
    }
    await lock(db, conn, o.lockWaitSeconds ?? 60)
    try {
      const applied = await appliedMigrations(db, conn, true)
      refuseChanged(files, applied)
      const result: MigrateResult = { applied: [], skipped: [], pending: [] }
      for (const f of files) {
        if (applied.has(f.name)) {
          result.skipped.push(f.name)
          continue
        }
        log(`  running  ${f.name}`)
        await runFile(db, conn, f, true)
        result.applied.push(f.name)
        log(`  applied  ${f.name}`)
      }
      return result
    } finally {
      await unlock(db, conn).catch(() => { broken = true })
    }
  } catch (err) {
    if (!(err instanceof MigrationError)) broken = true
    throw err
  } finally {
    conn.release(broken)
  }
}

/** Each file in order, each committed in its own transaction; nothing recorded. */
export async function seed(db: Database, paths: string[], o: { log?: (line: string) => void } = {}): Promise<string[]> {
  const files = listFiles(paths)
  const conn = await db.reserve()
  let broken = false
  try {
    for (const f of files) {
      o.log?.(`  seeding  ${f.name}`)
      await runFile(db, conn, f, false)
    }
    return files.map((f) => f.name)
  } catch (err) {
    if (!(err instanceof MigrationError)) broken = true
    throw err
  } finally {
    conn.release(broken)
  }
}

export async function migrationStatus(db: Database, paths: string[]): Promise<StatusEntry[]> {
  const files = listFiles(paths)
  const conn = await db.reserve()
  try {
    const applied = await appliedMigrations(db, conn, false)
    return files.map((f) => {
      const a = applied.get(f.name)
      return a ? { name: f.name, state: a.checksum === f.checksum ? 'applied' : 'changed', appliedAt: a.appliedAt } : { name: f.name, state: 'pending' }
    })
  } finally {
    conn.release()
  }
}

async function runFile(db: Database, conn: Conn, f: MigrationFile, record: boolean) {
  const batches = await f.batches(db)
  await conn.run('BEGIN', [])
  let i = 0
  try {
    for (; i < batches.length; i++) await conn.run(batches[i].sql, [], { multi: true })
    if (record) {
      const { text, values } = compile(db.dialect, `INSERT INTO ${MIGRATIONS_TABLE} (name, checksum) VALUES (:?, :?)`, [f.name, f.checksum])
      await conn.run(text, values)
    }
    await conn.run('COMMIT', [])
  } catch (err) {
    await conn.run('ROLLBACK', []).catch(() => undefined)
    const batch = batches[Math.min(i, batches.length - 1)]
    throw new MigrationError(f.name, i + 1, batch ? batch.line + lineWithin(batch.sql, err) - 1 : 1, (err as Error).message, err)
  }
}

/** The line inside a batch the database pointed at (PostgreSQL: a character position; MySQL: "at line N"). */
function lineWithin(sql: string, err: unknown): number {
  const e = err as { position?: string; message?: string }
  if (e.position) return sql.slice(0, Number(e.position) - 1).split('\n').length
  // MySQL counts lines from the failing statement, not the batch: find the text it quotes.
  const near = /near '([\s\S]+)' at line \d+\s*$/.exec(e.message ?? '')
  const at = near ? sql.indexOf(near[1].slice(0, 80)) : -1
  if (at >= 0) return sql.slice(0, at).split('\n').length
  const m = /at line (\d+)\s*$/.exec(e.message ?? '')
  return m ? Number(m[1]) : 1
}

function refuseChanged(files: MigrationFile[], applied: Map<string, { checksum: string }>) {
  const changed = files.filter((f) => applied.has(f.name) && applied.get(f.name)!.checksum !== f.checksum)
  if (changed.length) {
    throw new MigrationError(changed[0].name, 0, 1, `already applied, and its text changed since (checksum differs): write a new migration instead of editing ${changed.map((f) => f.name).join(', ')}`)
  }
}

async function appliedMigrations(db: Database, conn: Conn, create: boolean): Promise<Map<string, { checksum: string; appliedAt: Date }>> {
  if (create) {
    await conn.run(db.dialect === 'pg'
      ? `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (name varchar(255) PRIMARY KEY, checksum char(64) NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`
      : `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (name varchar(255) PRIMARY KEY, checksum char(64) NOT NULL, applied_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))`, [])
  } else {
    const exists = await conn.run(db.dialect === 'pg'
      ? `SELECT 1 FROM pg_tables WHERE tablename = $1 AND schemaname = current_schema()`
      : 'SELECT 1 FROM information_schema.tables WHERE table_name = ? AND table_schema = DATABASE()', [MIGRATIONS_TABLE])
    if (!exists.rows.length) return new Map()
  }
  const res = await conn.run(`SELECT name, checksum, applied_at FROM ${MIGRATIONS_TABLE}`, [])
  return new Map(res.rows.map((r) => [String(r.name), { checksum: String(r.checksum).trim(), appliedAt: r.applied_at as Date }]))
}

async function lock(db: Database, conn: Conn, waitSeconds: number) {
  if (db.dialect === 'pg') {
    await conn.run(`SELECT pg_advisory_lock(${PG_LOCK_KEY})`, [])
    return
  }
  const res = await conn.run('SELECT GET_LOCK(?, ?) AS got', [MIGRATIONS_TABLE, waitSeconds])
  if (Number(res.rows[0]?.got) !== 1) throw new Error(`another migration run held the ${MIGRATIONS_TABLE} lock for ${waitSeconds} s`)
}

async function unlock(db: Database, conn: Conn) {
  if (db.dialect === 'pg') await conn.run(`SELECT pg_advisory_unlock(${PG_LOCK_KEY})`, [])
  else await conn.run('SELECT RELEASE_LOCK(?)', [MIGRATIONS_TABLE])
}
