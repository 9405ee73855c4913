/**
 * Losty's `losty.test` for tresty apps' own tests: every test in a transaction, rolled back at
 * the end, so tests leave the database as they found it.
 *
 *   // vitest (or any runner)
 *   it('adds a note', () => withTransaction(db, async (tx) => {
 *     await tx.insert('notes (title) VALUES (:?)', 'x')
 *     expect((await tx.s1('count(*) AS n FROM notes')).n).toBe(1)
 *   }))                                            // rolled back here
 *
 *   // Losty's shape: a script that prints a pass/fail summary
 *   await setup(db, async (test, assert, print, q) => {
 *     await test('adds a note', async () => {
 *       await q.insert('notes (title) VALUES (:?)', 'x')
 *       assert((await q.s1('count(*) AS n FROM notes')).n === 1, 'one note')
 *     })
 *   })
 */
import type { Database, Transaction, Verbs } from './database.ts'

/** Runs `fn` in a transaction that is rolled back afterwards (or committed with `{commit: true}`, for seeding). */
export async function withTransaction<T>(db: Database, fn: (tx: Transaction) => Promise<T>, o: { commit?: boolean } = {}): Promise<T> {
  const tx = await db.begin()
  try {
    const result = await fn(tx)
    if (o.commit && tx.open) await tx.commit()
    return result
  } finally {
    if (tx.open) await tx.rollback()
  }
}

/** The `q` of a Losty test: the verbs (plus Losty's short names s, s1, i, u, d) on the running test's transaction. */
export interface TestQ extends Verbs {
  s: Verbs['select']
  i: Verbs['insert']
  u: Verbs['update']
  d: Verbs['delete']
}

export type TestFn = (desc: string, fn: (params: { [k: string]: unknown }) => unknown, o?: { commit?: boolean }) => Promise<void>
export type AssertFn = (ok: unknown, ...what: unknown[]) => void
export type PrintFn = (...values: unknown[]) => void

export interface Summary {
  cases: number
  passed: number
  failed: number
}

export interface SetupOptions {
  /** Keep running the next tests after a failure (Losty stops by default). */
  continueOnError?: boolean
  /** Where the report goes (default: console.log). */
  out?: (line: string) => void
}

/** Losty's `setup(db, (test, assert, print, q) => …)`: prints each test's checks and a summary; resolves to the summary. */
export async function setup(db: Database | null, body: (test: TestFn, assert: AssertFn, print: PrintFn, q: TestQ) => unknown, o: SetupOptions = {}): Promise<Summary> {
  const out = o.out ?? ((line: string) => console.log(line))
  let current: Transaction | null = null
  const on = (): Verbs => {
    const h = current ?? db
    if (!h) throw new Error('setup(null, …) has no database')
    return h
  }
  const q = {
    query: (sql: string, ...a: unknown[]) => on().query(sql, ...a),
    select: (sql: string, ...a: unknown[]) => on().select(sql, ...a),
    s1: (sql: string, ...a: unknown[]) => on().s1(sql, ...a),
    one: (sql: string, ...a: unknown[]) => on().one(sql, ...a),
    insert: (sql: string, ...a: unknown[]) => on().insert(sql, ...a),
    update: (sql: string, ...a: unknown[]) => on().update(sql, ...a),
    delete: (sql: string, ...a: unknown[]) => on().delete(sql, ...a),
  } as TestQ
  q.s = q.select
  q.i = q.insert
  q.u = q.update
  q.d = q.delete

  let cases = 0
  let passed = 0
  let checks = 0
  let fails = 0
  let stop = false
  const params: { [k: string]: unknown } = {}
  const print: PrintFn = (...values) => out(values.map(show).join(' '))
  const assert: AssertFn = (ok, ...what) => {
    checks++
    if (ok) out('  ok')
    else {
      fails++
      out(`  fail: ${what.map(show).join(' ')}`)
    }
  }
  const test: TestFn = async (desc, fn, to = {}) => {
    if (stop) return
    cases++
    checks = 0
    fails = 0
    let error: unknown = null
    out(`${cases}. [[ ${desc} ]]${db ? (to.commit ? ' - COMMITTED' : ' - ROLLED BACK') : ''}`)
    try {
      if (db) {
        await withTransaction(db, async (tx) => {
          current = tx
          try { await fn(params) } finally { current = null }
        }, { commit: to.commit })
      } else await fn(params)
    } catch (err) {
      error = err
      out(`  ERROR: ${err instanceof Error ? err.stack ?? err.message : show(err)}`)
    }
    const failed = fails > 0 || error !== null
    if (!failed) passed++
    out(`  ---------- ${checks} checks: ${checks - fails} passed${fails ? `, ${fails} failed` : ''}${error ? '   [ Error: 1 ]' : ''} ----------`)
    if (failed && !o.continueOnError) stop = true
  }
  await body(test, assert, print, q)
  const summary = { cases, passed, failed: cases - passed }
  out(`=== ${cases} cases:    ${passed} ok,    ${cases - passed} not ok ===`)
  return summary
}

function show(v: unknown): string {
  if (v === undefined) return '<undefined>'
  if (v === null) return '<null>'
  if (typeof v === 'string') return v
  try { return JSON.stringify(v) } catch { return String(v) }
}
