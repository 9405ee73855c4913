/**
 * The Node API (`tresty/node`: task workers, scripts) against real PostgreSQL and MariaDB:
 * verbs, result types, transactions (commit, rollback, idle rollback), pool limits, outages,
 * and the test helper (withTransaction, Losty's setup()).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDatabases, type SqlServers } from '../support/sql/stack.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'
import { mysql, pg, setup, SqlError, withTransaction, type Database } from '../../src/node/sidecar/index.ts'

let s: SqlServers
const db: { [d: string]: Database } = {}

beforeAll(async () => {
  s = await startDatabases()
  db.pg = pg({ url: s.pg.url, poolSize: 2, connectTimeoutMs: 500 })
  db.my = mysql({ url: s.my.url, poolSize: 2, connectTimeoutMs: 500 })
  await db.pg.query('CREATE TABLE notes (id serial PRIMARY KEY, title varchar(50) NOT NULL UNIQUE, n bigint, at timestamp(3))')
  await db.my.query('CREATE TABLE notes (id int AUTO_INCREMENT PRIMARY KEY, title varchar(50) NOT NULL UNIQUE, n bigint, at datetime(3))')
})
afterAll(async () => {
  await db.pg?.close()
  await db.my?.close()
  await s?.stop()
})

const count = async (d: string) => Number((await db[d].s1('count(*) AS n FROM notes'))!.n)

for (const d of ['pg', 'my'] as const) {
  describe(`Node API on ${d === 'pg' ? 'PostgreSQL' : 'MariaDB'}`, () => {
    it('verbs and result types, in Node', async () => {
      const at = new Date('2025-06-07T08:09:10.111Z')
      const { id } = await db[d].insert('notes (title, n, at) VALUES (:?, :?, :?)', 'a', -9007199254740993n, at)
      expect(await db[d].s1('title, n, at FROM notes WHERE id = :?', id)).toEqual({ title: 'a', n: '-9007199254740993', at })
      expect(await db[d].update('notes SET n = :? WHERE id = :?', 2, id)).toBe(1)
      expect(await db[d].select('n FROM notes')).toEqual([{ n: 2 }])
      expect(await db[d].delete('notes WHERE id = :?', id)).toBe(1)
    })

    it('transaction(): committed when fn resolves, rolled back when it throws', async () => {
      await db[d].transaction(async (tx) => { await tx.insert('notes (title) VALUES (:?)', 'kept') })
      await expect(db[d].transaction(async (tx) => {
        await tx.insert('notes (title) VALUES (:?)', 'dropped')
        throw new Error('no')
      })).rejects.toThrow('no')
      expect(await db[d].select('title FROM notes')).toEqual([{ title: 'kept' }])
      await db[d].delete('notes')
    })

    it('an idle transaction is rolled back and its connection returned; using it then is sql_tx_gone', async () => {
      const tx = await db[d].begin({ idleTimeoutMs: 200 })
      await tx.insert('notes (title) VALUES (:?)', 'idle')
      await new Promise((r) => setTimeout(r, 600))
      expect(tx.open).toBe(false)
      const err = await tx.s1('1 AS x').catch((e) => e)
      expect(err).toBeInstanceOf(SqlError)
      expect(err.code).toBe('sql_tx_gone')
      expect(err.message).toMatch(/rolled back after 200 ms/)
      expect(await count(d)).toBe(0)
      expect(db[d].stats().total - db[d].stats().idle).toBe(0)
    })

    it('a full pool: the third caller gets sql_unavailable after the connect timeout, not a hang', async () => {
      const a = await db[d].begin()
      const b = await db[d].begin()
      const err = await db[d].s1('1 AS x').catch((e) => e)
      expect(err.code).toBe('sql_unavailable')
      await a.rollback()
      await b.rollback()
      expect(await db[d].s1('1 AS x')).toEqual({ x: 1 })
    })

    it('a database that is down: sql_unavailable', async () => {
      const port = await freePort()
      const down = d === 'pg' ? pg(`postgres://x:y@127.0.0.1:${port}/x`) : mysql(`mysql://x:y@127.0.0.1:${port}/x`)
      const err = await down.query('SELECT 1').catch((e) => e)
      expect(err.code).toBe('sql_unavailable')
      await down.close()
    })

    it('withTransaction rolls back at the end, or commits when asked (seeding)', async () => {
      const inside = await withTransaction(db[d], async (tx) => {
        await tx.insert('notes (title) VALUES (:?)', 'test-only')
        return Number((await tx.s1('count(*) AS n FROM notes'))!.n)
      })
      expect(inside).toBe(1)
      expect(await count(d)).toBe(0)
      await withTransaction(db[d], (tx) => tx.insert('notes (title) VALUES (:?)', 'seeded'), { commit: true })
      expect(await count(d)).toBe(1)
      await expect(withTransaction(db[d], async (tx) => {
        await tx.insert('notes (title) VALUES (:?)', 'boom')
        throw new Error('test failed')
      })).rejects.toThrow('test failed')
      expect(await count(d)).toBe(1)
      await db[d].delete('notes')
    })

    it("Losty's setup(): each test in a rolled-back transaction, checks printed, a summary at the end", async () => {
      const lines: string[] = []
      const summary = await setup(db[d], async (test, assert, print, q) => {
        await test('insert then count', async (params) => {
          const { id } = await q.i('notes (title) VALUES (:?)', 'in-test')
          params.id = id
          assert(Number((await q.s1('count(*) AS n FROM notes'))!.n) === 1, 'one row')
          print('inserted', { id: typeof id })
        })
        await test('the previous test left nothing', async () => {
          assert(Number((await q.s1('count(*) AS n FROM notes'))!.n) === 0, 'rolled back')
        })
        await test('a failing check', async () => {
          assert(false, 'expected', 1, 'got', 2)
        })
        await test('skipped after a failure', async () => { assert(true) })
      }, { out: (l) => lines.push(l) })
      expect(summary).toEqual({ cases: 3, passed: 2, failed: 1 })
      const text = lines.join('\n')
      expect(text).toMatch(/1\. \[\[ insert then count \]\] - ROLLED BACK/)
      expect(text).toMatch(/inserted {"id":"number"}/)
      expect(text).toMatch(/fail: expected 1 got 2/)
      expect(text).toMatch(/=== 3 cases: {4}2 ok, {4}1 not ok ===/)
      expect(await count(d)).toBe(0)
      const all = await setup(db[d], async (test, assert) => {
        await test('errors count as failures', async () => { throw new Error('kaput') })
        await test('and the run goes on', async () => { assert(1) })
      }, { out: () => undefined, continueOnError: true })
      expect(all).toEqual({ cases: 2, passed: 1, failed: 1 })
    })
  })
}
