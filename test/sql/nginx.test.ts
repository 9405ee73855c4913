/**
 * tresty/sql through real nginx (this engine row), the sidecar and real PostgreSQL and MariaDB
 * servers: every verb, placeholder modifier, result type, error status, transaction path and
 * the injection cases.
 */
import { TEST_SECRET } from '../support/sidecar/client.ts'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSqlStack, type SqlStack } from '../support/sql/stack.ts'
import { INJECTION_CASES, SCHEMA } from '../support/sql/schema.ts'
import { mysql, pg, type Database } from '../../src/node/sql/database.ts'
import { eventually } from '../support/sidecar/client.ts'
import { repoRoot } from '../support/nginx.ts'

let s: SqlStack
const direct: { [d: string]: Database } = {}

beforeAll(async () => {
  s = await startSqlStack()
  direct.pg = pg(s.pg.url)
  direct.my = mysql(s.my.url)
  for (const d of ['pg', 'my'] as const) for (const stmt of SCHEMA[d]) await direct[d].query(stmt)
})
afterAll(async () => {
  await direct.pg?.close()
  await direct.my?.close()
  await s?.stop()
})

const call = async (path: string, body?: unknown, init: RequestInit = {}) => {
  const res = await s.nginx.fetch(path, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), ...init })
  const text = await res.text()
  let json: any = text
  try { json = JSON.parse(text) } catch { /* text */ }
  return { status: res.status, body: json }
}
const run = (d: string, verb: string, sql: string, ...args: unknown[]) => call(`/${d}/run`, { verb, sql, args })
const ok = async (d: string, verb: string, sql: string, ...args: unknown[]) => {
  const res = await run(d, verb, sql, ...args)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body.result
}
const count = async (d: string, name: string) => Number((await direct[d].s1('count(*) AS n FROM items WHERE name = :?', name))!.n)

for (const d of ['pg', 'my'] as const) {
  const label = d === 'pg' ? 'PostgreSQL' : 'MariaDB'
  describe(`${label} through nginx`, () => {
    it('insert returns the id; s1/one/select/query read; update/delete count', async () => {
      const ins = await ok(d, 'insert', 'items (name, n) VALUES (:?, :?)', `${d}-a`, 1)
      expect(typeof ins.id).toBe('number')
      expect(ins.affected).toBe(1)
      await ok(d, 'insert', 'INSERT INTO items (name, n) VALUES (:?, :?)', `${d}-b`, 2)
      expect(await ok(d, 's1', 'name, n FROM items WHERE id = :?', ins.id)).toEqual({ name: `${d}-a`, n: 1 })
      expect(await ok(d, 'one', 'SELECT name FROM items WHERE id = :?', ins.id)).toEqual({ name: `${d}-a` })
      expect(await ok(d, 's1', 'name FROM items WHERE id = :?', -1)).toBeNull()
      expect(await ok(d, 'select', 'name FROM items WHERE name LIKE :? ORDER BY name', `${d}-%`)).toEqual([{ name: `${d}-a` }, { name: `${d}-b` }])
      expect(await ok(d, 'query', 'SELECT n FROM items WHERE name IN (:a) ORDER BY n', [`${d}-a`, `${d}-b`])).toEqual([{ n: 1 }, { n: 2 }])
      expect(await ok(d, 'update', 'items SET n = n + 10 WHERE name LIKE :?', `${d}-%`)).toBe(2)
      expect(await ok(d, 'delete', 'items WHERE name = :?', `${d}-b`)).toBe(1)
      expect(await ok(d, 'delete', 'items WHERE name = :?', `${d}-b`)).toBe(0)
      expect(await ok(d, 'update', 'UPDATE items SET n = :? WHERE id = :?', 5, ins.id)).toBe(1)
    })

    it('named placeholders read the last argument; positional ones the others', async () => {
      await ok(d, 'insert', 'items (name, n) VALUES (:?name, :?n)', { $named: { name: `${d}-named`, n: 7 } })
      expect(await ok(d, 's1', 'n FROM :i WHERE name = :?name', 'items', { $named: { name: `${d}-named` } })).toEqual({ n: 7 })
    })

    it('result types: bigint, numeric, date, timestamp, boolean, json, bytes', async () => {
      const ts = '2024-03-04T05:06:07.890Z'
      await ok(d, 'insert', 'items (name, n, price, d, ts, flag, j) VALUES (:?, :?, :?, :?, :?, :?, :?)',
        `${d}-types`, '9007199254740993', '12.50', '2024-02-29', { $date: ts }, true, { a: [1, 'x'], b: null })
      const row = await ok(d, 's1', 'n, price, d, ts, flag, j FROM items WHERE name = :?', `${d}-types`)
      expect(row).toEqual({ n: '9007199254740993', price: '12.50', d: '2024-02-29', ts: { $date: ts }, flag: true, j: { a: [1, 'x'], b: null } })
      expect(await ok(d, 's1', 'n FROM items WHERE name = :?', `${d}-a`)).toEqual({ n: 5 })
      const hex = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('hex')
      const blob = await ok(d, 'insert', 'blobs (data) VALUES (:b)', { $hex: hex })
      expect(await ok(d, 's1', 'data FROM blobs WHERE id = :?', blob.id)).toEqual({ data: { $hex: hex } })
      const text = await ok(d, 'insert', 'blobs (data) VALUES (:b)', 'héllo')
      expect(await ok(d, 's1', 'data FROM blobs WHERE id = :?', text.id)).toEqual({ data: { $hex: Buffer.from('héllo').toString('hex') } })
      expect(await ok(d, 's1', 'data FROM blobs WHERE data IS NULL')).toBeNull()
    })

    it('binary request bodies go in through :b and come back byte for byte', async () => {
      const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256))
      const res = await s.nginx.fetch(`/${d}/blob`, { method: 'POST', body: bytes })
      const { id } = await res.json() as { id: number }
      const back = await s.nginx.fetch(`/${d}/blob/${id}`)
      expect(back.headers.get('content-type')).toBe('application/octet-stream')
      expect(Buffer.from(await back.arrayBuffer()).equals(bytes)).toBe(true)
    })

    it(':i quotes identifiers, :a expands lists (empty matches nothing), :) pastes verbatim, :: and quoted :? stay', async () => {
      expect(await ok(d, 'select', 'name FROM :i WHERE name IN (:a) ORDER BY :i :)', 'items', [`${d}-a`, `${d}-named`], 'name', 'DESC'))
        .toEqual([{ name: `${d}-named` }, { name: `${d}-a` }])
      expect(await ok(d, 'select', 'name FROM items WHERE name IN (:a)', [])).toEqual([])
      expect(await ok(d, 'one', "SELECT ':? :b' AS x, /* :? */ 1 AS y -- :?\n")).toEqual({ x: ':? :b', y: 1 })
      const hostile = d === 'pg' ? 'na"me' : 'na`me'
      const err = await run(d, 'select', 'x FROM :i', hostile)
      expect(err.status).toBe(d === 'pg' ? 500 : 500) // an unknown table: a 500, the name stayed one identifier
      if (d === 'pg') expect(await ok(d, 'one', 'SELECT :?::int + 1 AS n', '41')).toEqual({ n: 42 })
      // The verbatim text loses comments and semicolons: no second statement can ride along (here: a syntax error).
      expect(await ok(d, 'select', 'count(*) AS n FROM items WHERE 1 = :)', 1)).toEqual([{ n: expect.any(Number) }])
      expect((await run(d, 'select', 'count(*) AS n FROM items WHERE 1 = :)', '1; DELETE FROM items --')).status).toBe(400)
      expect(Number((await direct[d].s1('count(*) AS n FROM items'))!.n)).toBeGreaterThan(0)
    })

    it('placeholder misuse is a 400 naming the problem', async () => {
      const missing = await run(d, 'one', 'SELECT :? AS a, :? AS b', 1)
      expect(missing.status).toBe(400)
      expect(missing.body.error).toMatchObject({ code: 'sql_bad_input', message: expect.stringMatching(/placeholder #2/) })
      expect((await run(d, 'one', 'SELECT :? AS a', 1, 2)).status).toBe(400)
      expect((await run(d, 'one', 'SELECT :?nope AS a', { $named: { yes: 1 } })).body.error.message).toMatch(/no "nope"/)
      expect((await run(d, 'one', 'SELECT 1 FROM items WHERE name IN (:a)', 'x')).body.error.message).toMatch(/:a takes an array/)
    })

    it('errors map to statuses: unique 409, bad input 400, unknown table 500 with the details only in the sidecar log', async () => {
      const dup = await run(d, 'insert', 'items (name) VALUES (:?)', `${d}-a`)
      expect(dup.status).toBe(409)
      expect(dup.body.error.code).toBe('sql_conflict')
      const long = await run(d, 'insert', 'items (name) VALUES (:?)', 'x'.repeat(41))
      expect(long).toMatchObject({ status: 400, body: { error: { code: 'sql_bad_input' } } })
      expect((await run(d, 'query', 'SELEC 1')).status).toBe(400)
      const badInt = d === 'pg' ? await run(d, 'one', 'SELECT :?::int AS n', 'abc') : await run(d, 'insert', 'items (name, n) VALUES (:?, :?)', `${d}-bad`, 'abc')
      expect(badInt.status).toBe(400)
      const missing = await run(d, 'select', '* FROM no_such_table_xyz')
      expect(missing.status).toBe(500)
      expect(missing.body.error).toEqual({ status: 500, code: 'sql_error', message: 'database error (details in the sidecar log)' })
      expect(JSON.stringify(missing.body)).not.toMatch(/no_such_table_xyz/)
      expect(s.sidecarLog()).toMatch(/no_such_table_xyz/)
    })

    it('a statement past the statement timeout → 503 sql_timeout', async () => {
      const slow = await run(d, 'query', d === 'pg' ? 'SELECT pg_sleep(5)' : 'SELECT SLEEP(5) AS s')
      expect(slow.status).toBe(503)
      expect(slow.body.error.code).toBe('sql_timeout')
    })

    it('transactions: commit keeps, rollback undoes, a second commit is 410', async () => {
      const committed = await call(`/${d}/tx`, { ops: [{ verb: 'insert', sql: 'items (name) VALUES (:?)', args: [`${d}-tx1`] }, { verb: 's1', sql: 'count(*) AS n FROM items WHERE name = :?', args: [`${d}-tx1`] }], end: 'commit' })
      expect(committed.body).toEqual({ results: [expect.objectContaining({ affected: 1 }), { n: 1 }], open: false })
      expect(await count(d, `${d}-tx1`)).toBe(1)
      await call(`/${d}/tx`, { ops: [{ verb: 'insert', sql: 'items (name) VALUES (:?)', args: [`${d}-tx2`] }], end: 'rollback' })
      expect(await count(d, `${d}-tx2`)).toBe(0)
      expect(await ok(d, 'query', 'SELECT 1 AS one')).toEqual([{ one: 1 }])
    })

    it('db.transaction commits when the function resolves and rolls back when it throws', async () => {
      expect((await call(`/${d}/transaction/ok`, { name: `${d}-t-ok` })).status).toBe(200)
      expect(await count(d, `${d}-t-ok`)).toBe(1)
      const thrown = await call(`/${d}/transaction/throws`, { name: `${d}-t-throw` })
      expect(thrown).toMatchObject({ status: 422, body: { error: { message: 'no thanks' } } })
      expect(await count(d, `${d}-t-throw`)).toBe(0)
    })

    it("Losty's middleware pattern: q.next(tx); an uncommitted transaction is rolled back when the chain ends", async () => {
      expect((await call(`/${d}/mw/commit`, { name: `${d}-mw-c` })).body).toEqual({ committed: true })
      expect(await count(d, `${d}-mw-c`)).toBe(1)
      expect((await call(`/${d}/mw/forgot`, { name: `${d}-mw-f` })).body).toMatchObject({ committed: false })
      expect(await count(d, `${d}-mw-f`)).toBe(0)
      expect((await call(`/${d}/mw/throws`, { name: `${d}-mw-t` })).status).toBe(409)
      expect(await count(d, `${d}-mw-t`)).toBe(0)
      expect((await call(`/${d}/handle`, {})).body).toEqual({ n: expect.any(Number) })
    })

    it('a transaction its handler lost is rolled back by the idle timeout, and its connection freed', async () => {
      const leak = await call(`/${d}/leak`, { name: `${d}-leak` })
      expect(leak.status).toBe(200)
      await eventually(async () => {
        const health = await s.sidecar.config && (await (await fetch(`http://127.0.0.1:${(s.sidecar.addresses[1] as any).port}/health`, { headers: { 'x-tresty-secret': TEST_SECRET } })).json()) as any
        return health.sql[`${d}test`].transactions === 0
      }, 10_000, 'the idle transaction to be rolled back')
      expect(await count(d, `${d}-leak`)).toBe(0)
      // Committing it now: 410 Gone, with the reason.
      const res = await fetch(`http://127.0.0.1:${(s.sidecar.addresses[1] as any).port}/sql/commit`, { method: 'POST', headers: { 'x-tresty-secret': TEST_SECRET }, body: JSON.stringify({ tx: leak.body.id }) })
      expect(res.status).toBe(410)
    })

    it('a client that goes away mid-transaction leaves nothing behind (idle timeout), and nginx keeps serving', async () => {
      const ac = new AbortController()
      const pending = s.nginx.fetch(`/${d}/stall?ms=1500`, { method: 'POST', body: JSON.stringify({ name: `${d}-gone` }), headers: { 'content-type': 'application/json' }, signal: ac.signal }).catch((e) => e)
      await eventually(async () => (await count(d, `${d}-gone`)) === 0 && (await direct[d].s1('1 AS x')), 5000, 'started')
      setTimeout(() => ac.abort(), 200)
      await pending
      await new Promise((r) => setTimeout(r, 2500))
      expect(await count(d, `${d}-gone`)).toBe(0)
      expect(await count(d, `${d}-gone-late`)).toBe(0)
      expect(s.sidecarLog()).not.toMatch(/unexpected error/)
      expect((await ok(d, 'query', 'SELECT 1 AS one'))).toEqual([{ one: 1 }])
    })

    it('classic injection strings stay data (own cases)', async () => {
      for (const value of INJECTION_CASES) {
        const res = await call(`/${d}/echo`, { value })
        expect(res.status, value).toBe(200)
        expect(res.body.rows, value).toEqual([{ id: res.body.id, v: value }])
      }
      expect(Number((await direct[d].s1('count(*) AS n FROM strs'))!.n)).toBe(INJECTION_CASES.length)
      await direct[d].delete('strs')
    })

    // Beside the clone (CI), or beside the worktrees' parent (development).
    const corpus = [resolve(repoRoot, '../shared/corpora/sql-injection.json'), resolve(repoRoot, '../../shared/corpora/sql-injection.json')].find(existsSync) ?? ''
    it.skipIf(!corpus)('the shared SQL injection corpus stays data, byte for byte', async () => {
      const cases = JSON.parse(readFileSync(corpus, 'utf8')).cases as { payload: string; tags?: string[] }[]
      const before = Number((await direct[d].s1('count(*) AS n FROM items'))!.n)
      let nulRefused = 0
      for (const c of cases) {
        const res = await call(`/${d}/echo`, { value: c.payload })
        if (d === 'pg' && c.payload.includes('\u0000')) {
          // PostgreSQL text cannot hold NUL: a clean 400 from the driver, nothing stored.
          expect(res.status, c.payload).toBe(400)
          nulRefused++
          continue
        }
        expect(res.status, c.payload).toBe(200)
        expect(res.body.rows, c.payload).toEqual([{ id: res.body.id, v: c.payload }])
        await direct[d].delete('strs WHERE id = :?', res.body.id)
      }
      expect(Number((await direct[d].s1('count(*) AS n FROM items'))!.n)).toBe(before)
      expect(Number((await direct[d].s1('count(*) AS n FROM strs'))!.n)).toBe(0)
      if (d === 'my') expect(nulRefused).toBe(0)
    })
  })
}

describe('configuration and outages', () => {
  it('a database that is down answers 503 from the sidecar at once (not the transport timeout)', async () => {
    for (const d of ['pgdown', 'mydown']) {
      const res = await run(d, 'query', 'SELECT 1')
      expect(res.status, d).toBe(503)
      expect(res.body.error.code, d).toBe('sql_unavailable')
    }
  })

  it('an unconfigured name says which variable to set; a password from the bundle is refused', async () => {
    const res = await run('nope', 'query', 'SELECT 1')
    expect(res.status).toBe(503)
    // A 5xx tells the client only what failed; the variable to set is in nginx's error log.
    expect(res.body.error.message).toBe('the database is unavailable')
    expect(s.nginx.errorLog()).toMatch(/TRESTY_SQL_NOPE=/)
    const pwd = await run('pwd', 'query', 'SELECT 1')
    expect(pwd.status).toBe(400)
    expect(pwd.body.error.message).toMatch(/passwords do not belong in the njs bundle/)
  })

  it('the sidecar health lists each database with its pool', async () => {
    const health = await (await fetch(`http://127.0.0.1:${(s.sidecar.addresses[1] as any).port}/health`, { headers: { 'x-tresty-secret': TEST_SECRET } })).json() as any
    expect(health.sql.pgtest).toMatchObject({ dialect: 'pg', state: 'ok', target: expect.not.stringMatching(/secret/), transactions: 0 })
    expect(health.sql.mytest).toMatchObject({ dialect: 'mysql', state: 'ok', transactions: 0 })
    expect(health.sql.mytest.target).not.toMatch(/secret/)
    expect(health.sql.pgdown.state).toBe('down')
    expect(health.sql.pgtest.total).toBeLessThanOrEqual(4)
  })

  it('nginx logged no crash', () => {
    s.nginx.assertNoCrash()
  })
})
