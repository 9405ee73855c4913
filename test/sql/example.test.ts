/**
 * The example app's notes in PostgreSQL, as `npm start` runs it (startDevStack): 503 with a
 * clear message while TRESTY_SQL_MAIN is unset, then migrations + seeds from examples/ and the
 * routes working.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevStack, type DevStack } from '../../src/node/dev.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'
import { startPostgres, type TestPostgres } from '../support/postgres.ts'
import { migrate, pg, seed } from '../../src/node/sidecar/index.ts'
import { repoRoot } from '../support/nginx.ts'

let stack: DevStack
let postgres: TestPostgres
let prefix: string

/**
 * The sidecar is a supervised child process that takes its environment when `tresty dev`
 * starts, so each test starts its own stack: first without TRESTY_SQL_MAIN, then with it.
 */
async function startStack(): Promise<void> {
  if (stack) {
    const log = stack.nginx.errorLog()
    await stack.stop()
    expect(log).not.toMatch(/exited on signal/)
  }
  stack = await startDevStack({ app: 'examples/app.ts', port: await freePort(), prefix, quiet: true })
}

beforeAll(async () => {
  delete process.env.TRESTY_SQL_MAIN
  postgres = await startPostgres()
  prefix = mkdtempSync(join(tmpdir(), 'tresty-example-sql-'))
  await startStack()
})
afterAll(async () => {
  const log = stack?.nginx.errorLog() ?? ''
  await stack?.stop()
  await postgres?.stop()
  delete process.env.TRESTY_SQL_MAIN
  if (prefix) rmSync(prefix, { recursive: true, force: true })
  expect(log).not.toMatch(/exited on signal/)
})

const get = async (path: string, init?: RequestInit) => {
  const res = await fetch(stack.url + path, init)
  return { status: res.status, body: await res.json() as any }
}

describe('examples/app.ts with PostgreSQL', () => {
  it('without a database configured, the notes routes answer 503 saying what to set (the rest of the app works)', async () => {
    const res = await get('/db/notes')
    expect(res.status).toBe(503)
    // A 5xx tells the client only what failed; the variable to set is in nginx's error log.
    expect(res.body.error.message).toBe('the database is unavailable')
    expect(stack.nginx.errorLog()).toMatch(/TRESTY_SQL_MAIN=postgres:/)
    expect((await get('/hello/ada')).body).toEqual({ hello: 'ada' })
  })

  it('after tresty migrate and seed: list, read, create; a duplicate title is a 409', async () => {
    process.env.TRESTY_SQL_MAIN = postgres.url
    const db = pg(postgres.url, { multi: true })
    try {
      expect((await migrate(db, [resolve(repoRoot, 'examples/migrations')])).applied).toEqual(['001_notes.sql'])
      await seed(db, [resolve(repoRoot, 'examples/seeds')])
      await seed(db, [resolve(repoRoot, 'examples/seeds')])
    } finally {
      await db.close()
    }
    await startStack()
    const list = await get('/db/notes')
    expect(list.status).toBe(200)
    expect(list.body.map((n: any) => n.title)).toEqual(['Placeholders', 'Welcome'])
    const created = await get('/db/notes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: "Bobby'); DROP TABLE notes;--", body: 'x' }) })
    expect(created.status).toBe(201)
    const one = await get(`/db/notes/${created.body.id}`)
    expect(one.body).toMatchObject({ title: "Bobby'); DROP TABLE notes;--", body: 'x', created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })
    expect((await get('/db/notes/999999')).status).toBe(404)
    const dup = await get('/db/notes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Welcome' }) })
    expect(dup.status).toBe(409)
    expect((await get('/db/notes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(422)
  })
})
