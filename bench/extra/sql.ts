/**
 * SQL through the sidecar: a route doing one indexed `s1` (nginx → sidecar → PostgreSQL), next
 * to the same query from a Fastify + pg route, in one run:
 *
 *   node --import tsx bench/extra/sql.ts [--seconds 5] [--rounds 3]
 *
 * prints, per target, p50/p99 latency with one connection and the CPU µs per request spent in
 * nginx's worker, in the sidecar and in Fastify (from /proc), medians over the rounds, and writes
 * bench/results/sql.json. Imported by bench/run.ts it also registers the `sql-s1` target (not core;
 * `npm run bench -- --targets sql-s1`), which measures the nginx side only.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { registerTarget, type TargetSetup } from '../targets.ts'
import { childPids, cpuMicros, median, runWrk, sleep } from '../lib.ts'
import { startPostgres, type TestPostgres } from '../../test/support/postgres.ts'
import { startRedis } from '../../test/support/redis.ts'
import { startApp } from '../../test/support/nginx.ts'
import { startSidecar } from '../../src/node/sidecar/sidecar.ts'
import { sidecarNginxConfig } from '../../src/node/sidecar/upstream-conf.ts'
import { freePort, waitForPort } from '../../src/node/runtime/nginx-process.ts'
import { pg } from '../../src/node/sql/database.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const ROWS = 10_000

async function fillTable(pgServer: TestPostgres) {
  const db = pg(pgServer.url)
  await db.query('CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL, value int NOT NULL)')
  await db.query(`INSERT INTO items (name, value) SELECT 'item ' || g, g FROM generate_series(1, ${ROWS}) AS g`)
  await db.query('ANALYZE items')
  await db.close()
}

registerTarget({
  name: 'sql-s1', title: 'one indexed s1 through the sidecar (PostgreSQL)',
  app: 'bench/apps/sql-s1.ts', path: '/item/42', connections: 1,
  expect: { body: '{"id":42,"name":"item 42","value":42}' },
  async setup(): Promise<TargetSetup> {
    const postgres = await startPostgres()
    await fillTable(postgres)
    const redis = await startRedis()
    const dir = mkdtempSync(join(tmpdir(), 'tresty-bench-sql-'))
    chmodSync(dir, 0o755)
    process.env.TRESTY_SQL_BENCH = postgres.url
    const sidecar = await startSidecar({ redisUrl: redis.url, socket: join(dir, 'sidecar.sock'), workers: 0 }, { file: join(dir, 'none.json') })
    const conf = sidecarNginxConfig({ socket: join(dir, 'sidecar.sock') })
    return {
      http: conf.http, server: conf.server,
      async stop() {
        await sidecar.stop()
        await redis.stop()
        await postgres.stop()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  },
})

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : dflt
}

function spawnNode(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
}

async function main() {
  const seconds = arg('seconds', 5)
  const rounds = arg('rounds', 3)
  const postgres = await startPostgres()
  const redis = await startRedis()
  const dir = mkdtempSync(join(tmpdir(), 'tresty-bench-sql-'))
  chmodSync(dir, 0o755)
  const children: ChildProcess[] = []
  let nginx: Awaited<ReturnType<typeof startApp>> | null = null
  try {
    await fillTable(postgres)
    const socket = join(dir, 'sidecar.sock')
    // The sidecar in its own process, so its CPU is its own.
    const sidecar = spawnNode('src/node/sidecar/main.ts', [], {
      TRESTY_SIDECAR_SOCKET: socket, TRESTY_REDIS_URL: redis.url, TRESTY_TASK_WORKERS: '0', TRESTY_SQL_BENCH: postgres.url,
      TRESTY_CONFIG: join(dir, 'none.json'), TRESTY_SIDECAR_QUIET: '1',
    })
    children.push(sidecar)
    await waitForSocket(socket)
    const conf = sidecarNginxConfig({ socket })
    nginx = await startApp({ app: 'bench/apps/sql-s1.ts', workers: 1, http: conf.http, server: conf.server })
    let workerPid = 0
    for (let i = 0; i < 100 && !workerPid; i++) {
      workerPid = childPids(nginx.nginx.process.pid!)[0] ?? 0
      if (!workerPid) await sleep(100)
    }
    if (!workerPid) throw new Error('nginx started no worker')
    const fastifyPort = await freePort()
    const fastify = spawnNode('bench/sql-fastify.ts', [String(fastifyPort), postgres.url], {})
    children.push(fastify)
    await waitForPort(fastifyPort, 30_000)

    const targets = [
      { name: 'tresty (nginx → sidecar → pg)', url: `${nginx.url}/item/42`, pids: { nginx: workerPid, sidecar: sidecar.pid! } as Record<string, number> },
      { name: 'Fastify + pg', url: `http://127.0.0.1:${fastifyPort}/item/42`, pids: { fastify: fastify.pid! } as Record<string, number> },
    ]
    for (const t of targets) {
      const body = await (await fetch(t.url)).text()
      if (body !== '{"id":42,"name":"item 42","value":42}') throw new Error(`${t.name} answered ${body}`)
      await runWrk({ url: t.url, seconds: 1, connections: 1 }) // warm-up
    }
    const samples: { [target: string]: { p50: number[]; p99: number[]; rps: number[]; cpu: { [proc: string]: number[] } } } = {}
    for (let r = 0; r < rounds; r++) {
      for (const t of r % 2 ? [...targets].reverse() : targets) {
        await sleep(300)
        const before = Object.fromEntries(Object.entries(t.pids).map(([k, pid]) => [k, cpuMicros(pid)]))
        const res = await runWrk({ url: t.url, seconds, connections: 1 })
        const s = (samples[t.name] ??= { p50: [], p99: [], rps: [], cpu: {} })
        s.p50.push(res.p50)
        s.p99.push(res.p99)
        s.rps.push(res.rps)
        for (const [k, pid] of Object.entries(t.pids)) (s.cpu[k] ??= []).push((cpuMicros(pid) - before[k]) / res.requests)
        process.stderr.write(`round ${r + 1} ${t.name}: ${res.requests} requests, p50 ${res.p50} µs, p99 ${res.p99} µs\n`)
      }
    }
    const summary = Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, {
      p50us: median(s.p50), p99us: median(s.p99), rps: Math.round(median(s.rps)),
      cpuUsPerRequest: Object.fromEntries(Object.entries(s.cpu).map(([k, v]) => [k, Math.round(median(v))])),
    }]))
    console.log(`\nOne indexed s1 (PostgreSQL, ${ROWS} rows), wrk -c1, ${rounds} rounds of ${seconds} s, medians (${nginx.runtime.row}):`)
    for (const [name, s] of Object.entries(summary)) {
      const cpu = Object.entries(s.cpuUsPerRequest).map(([k, v]) => `${k} ${v} µs`).join(', ')
      console.log(`  ${name.padEnd(32)} p50 ${String(s.p50us).padStart(6)} µs   p99 ${String(s.p99us).padStart(6)} µs   ${String(s.rps).padStart(6)} req/s   CPU/request: ${cpu}`)
    }
    writeFileSync(join(ROOT, 'bench/results/sql.json'), `${JSON.stringify({ date: new Date().toISOString(), row: nginx.runtime.row, seconds, rounds, summary, samples }, null, 2)}\n`)
  } finally {
    await nginx?.stop()
    for (const c of children) if (c.exitCode === null) { c.kill('SIGTERM'); await new Promise((r) => c.once('exit', r)) }
    await redis.stop()
    await postgres.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function waitForSocket(path: string) {
  for (let i = 0; i < 300; i++) {
    if (existsSync(path)) return
    await sleep(100)
  }
  throw new Error(`the sidecar did not create ${path}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main()
