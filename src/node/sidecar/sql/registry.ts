/**
 * The sidecar's databases: one pool per database (named in the environment or config file, or
 * described by the njs client without a password), and the transactions njs holds by id.
 */
import { envName, redact, describe, type DbConfig } from '../../sql/database-config.ts'
import { openDatabase, type Database, type Transaction } from '../../sql/database.ts'
import { classify, SqlError } from '../../sql/errors.ts'
import type { DbRef, SqlHealth } from '../../../shared/sql-protocol.ts'
import { logError } from '../log.ts'

/** More distinct databases than this from njs is a bug (a pool per request?), not a need. */
const MAX_POOLS = 32

export interface SqlRegistry {
  database(ref: DbRef): Database
  begin(ref: DbRef, idleTimeoutMs?: number): Promise<Transaction>
  /** The open transaction `id`, or a 410. */
  transaction(id: string): Transaction
  end(id: string, how: 'commit' | 'rollback'): Promise<void>
  health(): Promise<{ [name: string]: SqlHealth } | undefined>
  close(): Promise<void>
}

export function sqlRegistry(named: { [name: string]: DbConfig | string } = {}, env: { [k: string]: string | undefined } = process.env): SqlRegistry {
  const pools = new Map<string, Database>()
  const txs = new Map<string, { tx: Transaction; db: Database }>()
  // Transactions that ended by themselves (idle rollback) leave the map here.
  const sweep = setInterval(() => { for (const [id, t] of txs) if (!t.tx.open) txs.delete(id) }, 5000)
  sweep.unref()

  const database = (ref: DbRef): Database => {
    if (ref.dialect !== 'pg' && ref.dialect !== 'mysql') throw new SqlError('sql_bad_input', `unknown SQL dialect ${JSON.stringify(ref.dialect)}`)
    if ((ref as { password?: unknown }).password !== undefined || (ref.url && /\/\/[^/@]*:[^/@]*@/.test(ref.url))) {
      throw new SqlError('sql_bad_input', `passwords do not belong in the njs bundle: set ${envName(ref.name ?? 'default')}_PASSWORD in the sidecar's environment`)
    }
    const key = JSON.stringify([ref.dialect, ref.name, ref.url, ref.host, ref.port, ref.user, ref.database])
    let db = pools.get(key)
    if (!db) {
      if (pools.size >= MAX_POOLS) throw new SqlError('sql_unavailable', `more than ${MAX_POOLS} distinct databases requested`)
      const config: DbConfig = { name: ref.name ?? (ref.url || ref.host ? 'default' : undefined) }
      for (const k of ['url', 'host', 'port', 'user', 'database'] as const) if (ref[k] !== undefined) (config as any)[k] = ref[k]
      if (!config.name && !config.url && !config.host) config.name = 'default'
      try {
        db = openDatabase(ref.dialect, config, { env, named, onError: (err) => logError(`${ref.name ?? 'sql'}: idle connection error`, err) })
      } catch (err) {
        throw classify(ref.dialect, err)
      }
      pools.set(key, db)
    }
    return db
  }

  const transaction = (id: string): Transaction => {
    const tx = typeof id === 'string' ? txs.get(id)?.tx : undefined
    if (!tx) throw new SqlError('sql_tx_gone', `no open transaction ${JSON.stringify(id)} (committed, rolled back, or rolled back after idling)`)
    return tx
  }

  return {
    database,
    async begin(ref, idleTimeoutMs) {
      const db = database(ref)
      const tx = await db.begin(idleTimeoutMs ? { idleTimeoutMs } : {})
      txs.set(tx.id, { tx, db })
      return tx
    },
    transaction,
    async end(id, how) {
      const tx = txs.get(id)?.tx
      if (!tx) {
        if (how === 'rollback') return
        transaction(id)
      }
      txs.delete(id)
      if (how === 'commit') await tx!.commit()
      else await tx!.rollback()
    },
    async health() {
      const out: { [name: string]: SqlHealth } = {}
      const open = [...txs.values()].filter((t) => t.tx.open)
      await Promise.all([...pools.values()].map(async (db) => {
        const c = db.config
        const stats = db.stats()
        const entry: SqlHealth = { dialect: c.dialect, target: describe(c), state: 'ok', ...stats, transactions: 0 }
        try {
          await Promise.race([db.query('SELECT 1'), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 1000 ms')), 1000).unref())])
        } catch (err) {
          entry.state = 'down'
          entry.error = (err as Error).message
        }
        entry.transactions = open.filter((t) => t.db === db).length
        out[c.name ?? entry.target] = entry
      }))
      for (const name of configuredNames(named, env)) {
        if (!out[name]) out[name] = { dialect: dialectOf(named[name], env, name), target: redact(urlOf(named[name], env, name) ?? ''), state: 'unused', total: 0, idle: 0, waiting: 0, transactions: 0 }
      }
      return Object.keys(out).length ? out : undefined
    },
    async close() {
      clearInterval(sweep)
      await Promise.all([...txs.values()].map((t) => t.tx.rollback().catch(() => undefined)))
      txs.clear()
      await Promise.all([...pools.values()].map((db) => db.close().catch(() => undefined)))
      pools.clear()
    },
  }
}

function configuredNames(named: { [name: string]: DbConfig | string }, env: { [k: string]: string | undefined }): string[] {
  const names = new Set(Object.keys(named))
  for (const [k, v] of Object.entries(env)) {
    const m = /^TRESTY_SQL_([A-Z0-9_]+?)(_URL)?$/.exec(k)
    if (m && v && v.includes('://')) names.add(m[1].toLowerCase())
  }
  return [...names]
}

function urlOf(c: DbConfig | string | undefined, env: { [k: string]: string | undefined }, name: string): string | undefined {
  const key = envName(name)
  return env[key] ?? env[`${key}_URL`] ?? (typeof c === 'string' ? c : c?.url)
}

function dialectOf(c: DbConfig | string | undefined, env: { [k: string]: string | undefined }, name: string): 'pg' | 'mysql' {
  return /^(mysql|mariadb):/i.test(urlOf(c, env, name) ?? '') ? 'mysql' : 'pg'
}
