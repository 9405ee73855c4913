/**
 * Migrations and seeds against real PostgreSQL and MariaDB: fresh run, re-run no-op, edited →
 * refused, failing batch → file/batch/line, concurrent runs, dry run, status, .ts migrations,
 * and the `tresty migrate` / `tresty seed` commands.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDatabases, type SqlServers } from '../support/sql/stack.ts'
import { mysql, pg, type Database } from '../../src/node/sql/database.ts'
import { migrate, migrationStatus, seed, MigrationError } from '../../src/node/sql/migrate.ts'
import { repoRoot } from '../support/nginx.ts'

let s: SqlServers
let dir: string
const dbs: Database[] = []

beforeAll(async () => {
  s = await startDatabases()
  dir = mkdtempSync(join(tmpdir(), 'tresty-migrations-'))
})
afterAll(async () => {
  for (const db of dbs) await db.close()
  await s?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

let schemaN = 0
/** A fresh database for one test, on the server of `d`. */
async function freshDb(d: 'pg' | 'my'): Promise<{ url: string; open: () => Database }> {
  const name = `m${++schemaN}`
  const admin = d === 'pg' ? pg(s.pg.url) : mysql(s.my.url)
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.close()
  const url = (d === 'pg' ? s.pg.url : s.my.url).replace(/\/tresty$/, `/${name}`)
  return {
    url,
    open: () => {
      const db = d === 'pg' ? pg(url, { multi: true }) : mysql(url, { multi: true })
      dbs.push(db)
      return db
    },
  }
}

function files(name: string, content: { [file: string]: string }): string {
  const p = join(dir, name)
  mkdirSync(p, { recursive: true })
  for (const [f, text] of Object.entries(content)) writeFileSync(join(p, f), text)
  return p
}

const tresty = (args: string[], env: NodeJS.ProcessEnv = {}) => new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/tresty.mjs'), ...args], { env: { ...process.env, ...env }, cwd: dir })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => { stdout += c })
  child.stderr.on('data', (c) => { stderr += c })
  child.on('close', (status) => done({ status, stdout, stderr }))
})

const tableExists = async (db: Database, name: string) =>
  (await db.select(`1 AS x FROM information_schema.tables WHERE table_name = :? AND ${db.dialect === 'pg' ? 'table_schema = current_schema()' : 'table_schema = DATABASE()'}`, name)).length > 0

for (const d of ['pg', 'my'] as const) {
  const label = d === 'pg' ? 'PostgreSQL' : 'MariaDB'
  const auto = d === 'pg' ? 'serial' : 'int AUTO_INCREMENT'
  describe(`migrations on ${label}`, () => {
    it('fresh run applies every file in order; a re-run does nothing; status says applied', async () => {
      const { open } = await freshDb(d)
      const db = open()
      const m = files(`fresh-${d}`, {
        '001_notes.sql': `CREATE TABLE notes (id ${auto} PRIMARY KEY, title varchar(100) NOT NULL);\n----\nCREATE INDEX notes_title ON notes (title);\n`,
        '002_seed_row.sql': "INSERT INTO notes (title) VALUES ('first'); INSERT INTO notes (title) VALUES ('two statements, one batch');\n",
        '003_more.ts': `export default (db) => [\`ALTER TABLE notes ADD COLUMN body ${d === 'pg' ? 'text' : 'text'}\`, "UPDATE notes SET body = '" + db.dialect + "'"]\n`,
        'README.md': 'not a migration',
      })
      const first = await migrate(db, [m])
      expect(first).toEqual({ applied: ['001_notes.sql', '002_seed_row.sql', '003_more.ts'], skipped: [], pending: [] })
      expect(await db.select('title, body FROM notes ORDER BY id')).toEqual([{ title: 'first', body: db.dialect }, { title: 'two statements, one batch', body: db.dialect }])
      expect(await migrate(db, [m])).toEqual({ applied: [], skipped: ['001_notes.sql', '002_seed_row.sql', '003_more.ts'], pending: [] })
      expect((await migrationStatus(db, [m])).map((e) => e.state)).toEqual(['applied', 'applied', 'applied'])
      expect(await db.s1('count(*) AS n FROM tresty_migrations')).toEqual({ n: 3 })
    })

    it('an applied migration whose text changed is refused before anything runs', async () => {
      const { open } = await freshDb(d)
      const db = open()
      const m = files(`edited-${d}`, { '001_a.sql': 'CREATE TABLE a (x int);\n' })
      await migrate(db, [m])
      writeFileSync(join(m, '001_a.sql'), 'CREATE TABLE a (x int, y int);\n')
      writeFileSync(join(m, '002_b.sql'), 'CREATE TABLE b (x int);\n')
      const err = await migrate(db, [m]).catch((e) => e)
      expect(err).toBeInstanceOf(MigrationError)
      expect(err.message).toMatch(/001_a\.sql: .*already applied, and its text changed/)
      expect((await migrationStatus(db, [m])).map((e) => e.state)).toEqual(['changed', 'pending'])
      expect(await tableExists(db, 'b')).toBe(false)
    })

    it('a failing batch names the file, the batch and the line; earlier files stay applied', async () => {
      const { open } = await freshDb(d)
      const db = open()
      const m = files(`failing-${d}`, {
        '001_ok.sql': 'CREATE TABLE ok1 (x int);\n',
        '002_bad.sql': 'CREATE TABLE bad1 (x int);\n----\n-- a comment\nINSERT INTO bad1 VALUES (1);\nSELEC oops;\n',
        '003_never.sql': 'CREATE TABLE never (x int);\n',
      })
      const err = await migrate(db, [m]).catch((e) => e)
      expect(err).toBeInstanceOf(MigrationError)
      expect(err, err.message).toMatchObject({ file: '002_bad.sql', batch: 2, line: 5 })
      expect(err.message).toMatch(/^002_bad\.sql: batch 2 \(line 5\): /)
      expect((await migrationStatus(db, [m])).map((e) => e.state)).toEqual(['applied', 'pending', 'pending'])
      if (d === 'pg') {
        // PostgreSQL rolled the whole file back, its first batch included.
        expect(await tableExists(db, 'bad1')).toBe(false)
      }
      expect(await tableExists(db, 'never')).toBe(false)
    })

    it('two concurrent runs: the lock makes one apply and the other find nothing to do', async () => {
      const { open } = await freshDb(d)
      const m = files(`concurrent-${d}`, {
        '001_counter.sql': 'CREATE TABLE runs (x int);\n',
        '002_slow.sql': `INSERT INTO runs VALUES (1);\n----\nSELECT ${d === 'pg' ? 'pg_sleep(0.5)' : 'SLEEP(0.5)'};\n`,
        '003_after.sql': 'INSERT INTO runs VALUES (3);\n',
      })
      const [a, b] = await Promise.all([migrate(open(), [m]), migrate(open(), [m])])
      expect([a.applied.length, b.applied.length].sort()).toEqual([0, 3])
      const db = open()
      expect(await db.select('x FROM runs ORDER BY x')).toEqual([{ x: 1 }, { x: 3 }])
      expect(await db.s1('count(*) AS n FROM tresty_migrations')).toEqual({ n: 3 })
    })

    it('--dry-run lists what would run and changes nothing; seeds commit and run again when idempotent', async () => {
      const { open } = await freshDb(d)
      const db = open()
      const m = files(`dry-${d}`, { '001_t.sql': 'CREATE TABLE t (id int PRIMARY KEY, v varchar(10));\n' })
      const lines: string[] = []
      expect(await migrate(db, [m], { dryRun: true, log: (l) => lines.push(l) })).toEqual({ applied: [], skipped: [], pending: ['001_t.sql'] })
      expect(lines.join('\n')).toMatch(/would run 001_t\.sql \(1 batches\)/)
      expect(await tableExists(db, 't')).toBe(false)
      expect(await tableExists(db, 'tresty_migrations')).toBe(false)
      await migrate(db, [m])
      const seeds = files(`seeds-${d}`, {
        '01_rows.sql': d === 'pg' ? "INSERT INTO t VALUES (1, 'a'), (2, 'b') ON CONFLICT DO NOTHING;\n" : "INSERT IGNORE INTO t VALUES (1, 'a'), (2, 'b');\n",
        '02_more.ts': "export default ['UPDATE t SET v = \\'B\\' WHERE id = 2']\n",
      })
      expect(await seed(db, [seeds])).toEqual(['01_rows.sql', '02_more.ts'])
      expect(await seed(db, [seeds])).toEqual(['01_rows.sql', '02_more.ts'])
      expect(await db.select('id, v FROM t ORDER BY id')).toEqual([{ id: 1, v: 'a' }, { id: 2, v: 'B' }])
      const bad = files(`bad-seeds-${d}`, { '01_bad.sql': "INSERT INTO t VALUES (3, 'c');\n----\nINSERT INTO t VALUES (1, 'dup');\n" })
      const err = await seed(db, [bad]).catch((e) => e)
      expect(err.message).toMatch(/^01_bad\.sql: batch 2 \(line 3\): /)
      if (d === 'pg') expect(await db.s1('id FROM t WHERE id = 3')).toBeNull()
    })

    it('tresty migrate / migrate status / seed on the command line, with --db', async () => {
      const { url, open } = await freshDb(d)
      const m = files(`cli-${d}`, { '001_cli.sql': 'CREATE TABLE cli (id int PRIMARY KEY);\n' })
      const seeds = files(`cli-seeds-${d}`, { '01.sql': 'INSERT INTO cli VALUES (1);\n' })
      const dry = await tresty(['migrate', '--db', url, '--dry-run', m])
      expect(dry.stdout).toMatch(/1 to apply, 0 applied already/)
      expect(dry.stdout).not.toMatch(/secret/)
      const run = await tresty(['migrate', '--db', url, m])
      expect(run.status, run.stderr).toBe(0)
      expect(run.stdout).toMatch(/1 applied, 0 applied already/)
      // A name from the environment works too.
      const status = await tresty(['migrate', 'status', '--db', 'clidb', m], { TRESTY_SQL_CLIDB: url })
      expect(status.stdout).toMatch(/applied\s+001_cli\.sql/)
      const sd = await tresty(['seed', m.replace(/cli-.*/, `cli-seeds-${d}`)], { DATABASE_URL: url })
      expect(sd.status, sd.stderr).toBe(0)
      expect(await open().select('id FROM cli')).toEqual([{ id: 1 }])
      writeFileSync(join(m, '001_cli.sql'), 'CREATE TABLE cli (id bigint PRIMARY KEY);\n')
      const refused = await tresty(['migrate', '--db', url, m])
      expect(refused.status).toBe(1)
      expect(refused.stderr).toMatch(/001_cli\.sql: .*text changed/)
      expect((await tresty(['migrate', m], { DATABASE_URL: '', TRESTY_SQL_DEFAULT: '' })).stderr).toMatch(/no database/)
      void seeds
    }, 180_000) // six CLI start-ups (tsx) on a loaded machine
  })
}
