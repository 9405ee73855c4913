/**
 * `npm run bench` (tresty bench): per engine row, one nginx per target (worker_processes 1,
 * pinned to CPU 0), wrk pinned to CPU 1, several interleaved rounds; the medians of
 * requests/s, p99 and the server's CPU µs per request (utime+stime of the nginx worker from
 * /proc ÷ requests wrk completed). Prints a table and the ratios, writes
 * bench/results/latest.json. See bench/README.md for the method and the figures.
 *
 *   --quick              2 rounds of 2 s (default: 5 rounds of 5 s)
 *   --rows a,b           engine rows (default: all: njs-0.8, njs-1.0, qjs-1.0)
 *   --targets a,b        targets by name (default: the core ones; `all` for every one)
 *   --rounds N --seconds S --connections C
 *   --out FILE           where the JSON goes (default bench/results/latest.json; `-` for none)
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { bundle } from '../src/node/build/bundle.ts'
import { findRuntime, ROWS, type Runtime } from '../src/node/runtime/nginx.ts'
import { writeConfig } from '../src/node/runtime/config.ts'
import { freePort, startNginx, type RunningNginx } from '../src/node/runtime/server.ts'
import { childPids, cpuCoreTimes, cpuMicros, median, runWrk, sleep, type WrkResult } from './lib.ts'
import { COMPARISONS, TARGETS, type BenchTarget, type TargetSetup } from './targets.ts'

const benchDir = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(benchDir, '..')
const SERVER_CPU = 0
const CLIENT_CPU = 1

interface Options {
  rows: string[]
  targets: string[] | null
  rounds: number
  seconds: number
  warmSeconds: number
  connections: number
  out: string | null
}

interface Round {
  rps: number; p50: number; p99: number; cpuPerRequest: number; requests: number; errors: number
  /** How busy the server's core was during the run (0..1), whoever used it. */
  coreBusy: number
}

interface TargetResult {
  title: string
  bundleBytes: number
  rps: number
  p50: number
  p99: number
  cpuPerRequest: number
  rounds: Round[]
  problems: string[]
}

interface RowResult {
  runtime: string
  /** Why the row has no figures. */
  error?: string
  targets: Record<string, TargetResult>
  comparisons: { name: string; what: string; ratio: number; max?: number; min?: number; verdict: 'PASS' | 'MISS' }[]
}

interface Server {
  target: BenchTarget
  nginx: RunningNginx
  setup: TargetSetup
  worker: number
  url: string
  script?: string
  result: TargetResult
}

function parseArgs(args: string[]): Options {
  const o: Options = { rows: Object.keys(ROWS), targets: null, rounds: 5, seconds: 5, warmSeconds: 1, connections: 50,
    out: join(benchDir, 'results/latest.json') }
  const value = (i: number) => {
    if (args[i + 1] === undefined) throw new Error(`bench: ${args[i]} needs a value`)
    return args[i + 1]
  }
  for (let i = 0; i < args.length; i++) {
    switch (args[i]) {
      case '--quick': o.rounds = 2; o.seconds = 2; break
      case '--rows': o.rows = value(i).split(','); i++; break
      case '--targets': o.targets = value(i) === 'all' ? TARGETS.map((t) => t.name) : value(i).split(','); i++; break
      case '--rounds': o.rounds = Number(value(i)); i++; break
      case '--seconds': o.seconds = Number(value(i)); i++; break
      case '--connections': o.connections = Number(value(i)); i++; break
      case '--out': o.out = value(i) === '-' ? null : resolve(value(i)); i++; break
      default: throw new Error(`bench: unknown option ${args[i]} (see bench/run.ts)`)
    }
  }
  return o
}

/** Every file under bench/extra/ registers more targets when imported. */
async function loadExtras(): Promise<void> {
  let files: string[] = []
  try { files = readdirSync(join(benchDir, 'extra')).filter((f) => /\.[cm]?ts$/.test(f)).sort() } catch { return }
  for (const f of files) await import(pathToFileURL(join(benchDir, 'extra', f)).href)
}

function luaScript(t: BenchTarget): string | null {
  if (!t.method && !t.body && !t.headers) return null
  const lines = [`wrk.method = ${JSON.stringify(t.method || 'GET')}`]
  if (t.body !== undefined) lines.push(`wrk.body = ${JSON.stringify(t.body)}`)
  for (const [k, v] of Object.entries(t.headers || {})) lines.push(`wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`)
  return lines.join('\n') + '\n'
}

async function startTarget(t: BenchTarget, rt: Runtime, row: string): Promise<Server> {
  const prefix = mkdtempSync(join(tmpdir(), `tresty-bench-${t.name.replace(/\W/g, '_')}-`))
  const port = await freePort()
  const built = await bundle(resolve(repoRoot, t.app), join(prefix, 'js'))
  const setup = t.setup ? await t.setup({ row, runtime: rt, prefix, port, repoRoot }) : {}
  const conf = writeConfig(rt, {
    prefix, port, jsDir: join(prefix, 'js'), module: built.file.split('/').pop()!, workers: 1, accessLog: false, appSnippets: !t.notTresty,
    http: [t.http, setup.http].filter(Boolean).join('\n'),
    server: [t.server, setup.server].filter(Boolean).join('\n'),
    main: setup.main,
  })
  let nginx: RunningNginx
  try {
    nginx = await startNginx(rt, prefix, conf, port, setup.env)
  } catch (e) {
    if (setup.stop) await setup.stop()
    throw e
  }
  // The master listens before its worker is up: wait for the worker.
  let workers = childPids(nginx.process.pid!)
  for (let i = 0; i < 100 && workers.length !== 1; i++) {
    await sleep(50)
    workers = childPids(nginx.process.pid!)
  }
  if (workers.length !== 1) {
    await nginx.stop()
    if (setup.stop) await setup.stop()
    throw new Error(`bench: expected one nginx worker for ${t.name}, found ${workers.length}`)
  }
  const lua = luaScript(t)
  let script: string | undefined
  if (lua) writeFileSync(script = join(prefix, 'wrk.lua'), lua)
  return {
    target: t, nginx, setup, worker: workers[0], url: `http://127.0.0.1:${port}${t.path}`, script,
    result: { title: t.title, bundleBytes: built.bytes, rps: NaN, p50: NaN, p99: NaN, cpuPerRequest: NaN, rounds: [], problems: [] },
  }
}

async function check(s: Server): Promise<void> {
  const t = s.target
  const res = await fetch(s.url, { method: t.method || 'GET', body: t.body, headers: t.headers })
  const body = await res.text()
  const status = t.expect?.status ?? 200
  if (res.status !== status) throw new Error(`bench: ${t.name}: ${t.method || 'GET'} ${t.path} → ${res.status} (expected ${status}): ${body.slice(0, 300)}\n${s.nginx.errorLog().slice(-2000)}`)
  if (t.expect?.body !== undefined && body !== t.expect.body) throw new Error(`bench: ${t.name}: unexpected body ${JSON.stringify(body.slice(0, 300))}`)
}

/**
 * Waits until the worker has finished what the last run left behind: requests wrk gave up
 * on are still run to the end (slow targets can be busy for seconds after wrk stopped).
 */
async function waitIdle(s: Server, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs
  let last = cpuMicros(s.worker)
  for (;;) {
    await sleep(250)
    const now = cpuMicros(s.worker)
    if (now - last <= 10_000 || Date.now() > until) return
    last = now
  }
}

async function measure(s: Server, seconds: number, connections: number): Promise<Round> {
  await waitIdle(s)
  const before = cpuMicros(s.worker)
  const core0 = cpuCoreTimes(SERVER_CPU)
  const w: WrkResult = await runWrk({ url: s.url, seconds, connections, cpu: CLIENT_CPU, script: s.script })
  const after = cpuMicros(s.worker)
  const core1 = cpuCoreTimes(SERVER_CPU)
  return {
    rps: w.rps, p50: w.p50, p99: w.p99, cpuPerRequest: (after - before) / w.requests, requests: w.requests, errors: w.non2xx + w.socketErrors,
    coreBusy: (core1.busy - core0.busy) / (core1.total - core0.total),
  }
}

async function benchRow(row: string, targets: BenchTarget[], o: Options): Promise<RowResult> {
  const found = findRuntime(row)
  const rt: Runtime = { ...found, command: ['taskset', '-c', String(SERVER_CPU), ...found.command] }
  console.log(`\n=== ${row}: ${found.description}`)
  const servers: Server[] = []
  try {
    for (const t of targets) {
      if (t.rows && !t.rows.includes(row)) continue
      const s = await startTarget(t, rt, row)
      servers.push(s)
      await check(s)
      if (s.setup.warm) await s.setup.warm(s.url)
    }
    for (const s of servers) await runWrk({ url: s.url, seconds: o.warmSeconds, connections: s.target.connections ?? o.connections, cpu: CLIENT_CPU, script: s.script })
    for (let round = 0; round < o.rounds; round++) {
      // Interleaved, and the order rotates, so drift on a noisy machine spreads over all targets.
      for (let k = 0; k < servers.length; k++) {
        const s = servers[(k + round) % servers.length]
        const r = await measure(s, o.seconds, s.target.connections ?? o.connections)
        s.result.rounds.push(r)
        process.stdout.write(`  round ${round + 1}/${o.rounds} ${s.target.name.padEnd(12)} ${fmtInt(r.rps).padStart(8)} req/s  ` +
          `${r.cpuPerRequest.toFixed(2).padStart(7)} µs/req  p99 ${fmtMicros(r.p99).padStart(9)}  core ${Math.round(r.coreBusy * 100)}%\n`)
      }
    }
  } finally {
    for (const s of servers) {
      await s.nginx.stop()
      const log = s.nginx.errorLog()
      if (/exited on signal|\[alert\]|\[emerg\]/.test(log)) s.result.problems.push('nginx logged a crash or alert')
      // wrk stops with requests in flight: nginx then fails to send their responses. Expected.
      const errors = log.split('\n').filter((l) => /\[error\]/.test(l) && !/failed to send response/.test(l))
      if (errors.length) s.result.problems.push(`nginx logged ${errors.length} errors, first: ${errors[0].slice(0, 300)}`)
      if (s.setup.stop) await s.setup.stop()
      if (!process.env.TRESTY_KEEP_TMP) rmSync(s.nginx.prefix, { recursive: true, force: true })
    }
  }
  const out: RowResult = { runtime: found.description, targets: {}, comparisons: [] }
  for (const s of servers) {
    const r = s.result
    r.rps = median(r.rounds.map((x) => x.rps))
    r.p50 = median(r.rounds.map((x) => x.p50))
    r.p99 = median(r.rounds.map((x) => x.p99))
    r.cpuPerRequest = median(r.rounds.map((x) => x.cpuPerRequest))
    const errors = r.rounds.reduce((n, x) => n + x.errors, 0)
    if (errors) r.problems.push(`${errors} non-2xx responses or socket errors`)
    out.targets[s.target.name] = r
  }
  for (const c of COMPARISONS) {
    const a = out.targets[c.of], b = out.targets[c.to]
    if (!a || !b) continue
    const ratio = a[c.metric] / b[c.metric]
    const ok = (c.max === undefined || ratio <= c.max) && (c.min === undefined || ratio >= c.min)
    out.comparisons.push({ name: c.name, what: c.what, ratio, max: c.max, min: c.min, verdict: ok ? 'PASS' : 'MISS' })
  }
  return out
}

function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-'
}

function fmtMicros(us: number): string {
  if (!Number.isFinite(us)) return '-'
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${Math.round(us)} µs`
}

function report(rows: Record<string, RowResult>): void {
  console.log('\n| row | target | req/s | p50 | p99 | server CPU µs/req | bundle |')
  console.log('|---|---|---:|---:|---:|---:|---:|')
  for (const [row, r] of Object.entries(rows)) {
    for (const [name, t] of Object.entries(r.targets)) {
      console.log(`| ${row} | ${name} | ${fmtInt(t.rps)} | ${fmtMicros(t.p50)} | ${fmtMicros(t.p99)} | ${t.cpuPerRequest.toFixed(2)} | ${(t.bundleBytes / 1024).toFixed(1)} KiB |`)
    }
  }
  console.log('')
  for (const [row, r] of Object.entries(rows)) {
    for (const c of r.comparisons) {
      const limit = c.max !== undefined ? `≤ ${c.max.toFixed(2)}×` : `≥ ${c.min!.toFixed(2)}×`
      console.log(`${row.padEnd(8)} ${c.name.padEnd(16)} ${c.ratio.toFixed(2)}×  (target ${limit}: ${c.what})  ${c.verdict}`)
    }
    for (const [name, t] of Object.entries(r.targets)) {
      for (const p of t.problems) console.log(`${row.padEnd(8)} ${name}: ${p}`)
    }
  }
}

export async function main(args: string[]): Promise<void> {
  await loadExtras()
  const o = parseArgs(args)
  const names = o.targets || TARGETS.filter((t) => t.core).map((t) => t.name)
  const targets = names.map((n) => {
    const t = TARGETS.find((x) => x.name === n)
    if (!t) throw new Error(`bench: unknown target "${n}" (targets: ${TARGETS.map((x) => x.name).join(', ')})`)
    return t
  })
  for (const row of o.rows) if (!ROWS[row]) throw new Error(`bench: unknown row "${row}" (rows: ${Object.keys(ROWS).join(', ')})`)
  if (cpus().length < 2) console.log('bench: fewer than 2 CPUs: nginx and wrk will share a core; figures are not comparable')
  console.log(`bench: ${targets.map((t) => t.name).join(', ')} on ${o.rows.join(', ')}; ${o.rounds} rounds of ${o.seconds} s, ` +
    `wrk -t1 -c${o.connections} on CPU ${CLIENT_CPU}, nginx (1 worker) on CPU ${SERVER_CPU}`)
  const rows: Record<string, RowResult> = {}
  for (const row of o.rows) {
    try {
      rows[row] = await benchRow(row, targets, o)
    } catch (e) {
      // One row failing (a runtime missing, a target that does not start) does not lose the others.
      console.error(`bench: row ${row} failed: ${(e as Error).message}`)
      rows[row] = { runtime: '', targets: {}, comparisons: [], error: (e as Error).message }
    }
  }
  report(rows)
  if (o.out) {
    mkdirSync(dirname(o.out), { recursive: true })
    writeFileSync(o.out, JSON.stringify({
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      method: {
        server: `nginx worker_processes 1, taskset -c ${SERVER_CPU}; one nginx per target`,
        client: `taskset -c ${CLIENT_CPU} wrk -t1 -c${o.connections} -d${o.seconds}s --latency`,
        rounds: o.rounds, interleaved: true,
        cpuPerRequest: 'utime+stime delta of the nginx worker (/proc/PID/stat) ÷ requests wrk completed, µs; median of rounds',
      },
      rows,
    }, null, 2) + '\n')
    console.log(`\nbench: wrote ${o.out}`)
  }
}
