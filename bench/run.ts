/**
 * `npm run bench` (tresty bench): per engine row, one nginx per target (worker_processes 1,
 * pinned to CPU 0), wrk pinned to CPU 1, several interleaved rounds; the medians of
 * requests/s, p99 and the server's CPU µs per request (utime+stime of the nginx worker from
 * /proc ÷ requests wrk completed). Prints a table and the ratios, writes
 * bench/results/latest.json. See bench/README.md for the method and the figures.
 *
 *   --quick              2 rounds of 2 s (default: 5 rounds of 5 s)
 *   --rows a,b           engine rows (default: all: njs-0.8, njs-1.0, qjs-1.0; `none`)
 *   --targets a,b        targets by name (default: the core ones; `all` for every one)
 *   --rounds N --seconds S --connections C
 *   --peers              also the peers group (nginx return, Lua, Go, Node http, Fastify, Hono
 *                        beside raw/tresty on njs-0.8 and qjs-1.0), in one interleaved run;
 *                        alone (no --rows/--targets) it runs only that group
 *   --setup              build what the peers miss (the Lua root) instead of skipping them
 *   --breakdown          the per-request breakdown probes (with raw and tresty) on each row
 *   --cold               QuickJS fresh-context and full-pool targets (qjs-1.0)
 *   --pieces             each piece of the request path timed inside one request, per row
 *   --instructions       instead of wrk: user-space instructions per request under callgrind
 *                        (bench/instructions.ts; needs valgrind), per row and target
 *   --out FILE           where the JSON goes (default bench/results/<latest|peers|breakdown|cold>.json; `-` for none)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { bundle } from '../src/node/bundler/bundle.ts'
import { findRuntime, ROWS, type Runtime } from '../src/node/runtime/find-nginx.ts'
import { writeConfig } from '../src/node/runtime/nginx-conf.ts'
import { freePort, startNginx } from '../src/node/runtime/nginx-process.ts'
import { cpuCoreTimes, cpuMicros, median, nginxProblems, runWrk, sleep, soleWorker, type WrkResult } from './lib.ts'
import { COMPARISONS, TARGETS, type BenchTarget, type TargetSetup } from './targets.ts'
import { PEERS, Skip, peerVersions } from './peers/index.ts'
import { countInstructions, type Counted } from './instructions.ts'
import {
  breakdownTable, coldTable, fmtCpu, fmtInt, parseArgs, peersTable, PIECES, piecesTable, plan, ratioLines, spread, type Figures, type Options,
} from './report.ts'

const benchDir = dirname(fileURLToPath(import.meta.url))
const repoRoot = resolve(benchDir, '..')
const SERVER_CPU = 0
const CLIENT_CPU = 1

interface Round {
  rps: number; p50: number; p99: number; cpuPerRequest: number; requests: number; errors: number
  /** How busy the server's core was during the run (0..1), whoever used it. */
  coreBusy: number
}

interface TargetResult extends Figures {
  bundleBytes: number
  p50: number
  p99: number
  /** The measured process's resident and peak memory after the rounds. */
  rssKiB?: number
  hwmKiB?: number
  rounds: Round[]
}

interface RowResult {
  runtime: string
  /** Why the row has no figures. */
  error?: string
  targets: Record<string, TargetResult>
  comparisons: { name: string; what: string; ratio: number; max?: number; min?: number; verdict: 'PASS' | 'MISS' }[]
}

/** One measured server: an nginx worker, a Node or Go process. */
interface Server {
  name: string
  pid: number
  url: string
  method?: string
  body?: string
  headers?: Record<string, string>
  expect?: BenchTarget['expect']
  connections?: number
  script?: string
  warm?(url: string): Promise<void>
  /** Stops it (and what its setup started); returns problems worth reporting. */
  stop(): Promise<string[]>
  /** Its log so far (nginx's error log), for a failed check. */
  log?(): string
  result: TargetResult
}

function emptyResult(title: string, bundleBytes = 0): TargetResult {
  return { title, bundleBytes, rps: NaN, p50: NaN, p99: NaN, cpuPerRequest: NaN, spread: 0, rounds: [], problems: [] }
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

/** A target built and configured, not started: its prefix, nginx.conf, port, and how to clean up. */
export interface PreparedTarget { prefix: string; conf: string; port: number; bytes: number; setup: TargetSetup; cleanup(): Promise<void> }

export async function prepareTarget(t: BenchTarget, rt: Runtime, row: string): Promise<PreparedTarget> {
  const prefix = mkdtempSync(join(tmpdir(), `tresty-bench-${t.name.replace(/\W/g, '_')}-`))
  const port = await freePort()
  const built = await bundle(resolve(repoRoot, t.app), join(prefix, 'js'))
  const setup: TargetSetup = t.setup ? await t.setup({ row, runtime: rt, prefix, port, repoRoot }) : {}
  const conf = writeConfig(rt, {
    prefix, port, jsDir: join(prefix, 'js'), module: built.file.split('/').pop()!, workers: 1, accessLog: false, appSnippets: !t.notTresty,
    http: [t.http, setup.http].filter(Boolean).join('\n'),
    server: [t.server, setup.server].filter(Boolean).join('\n'),
    main: setup.main,
  })
  const cleanup = async () => {
    if (setup.stop) await setup.stop()
    if (!process.env.TRESTY_KEEP_TMP) rmSync(prefix, { recursive: true, force: true })
  }
  return { prefix, conf, port, bytes: built.bytes, setup, cleanup }
}

async function startTarget(t: BenchTarget, rt: Runtime, row: string, name = t.name): Promise<Server> {
  const { prefix, conf, port, bytes, setup, cleanup } = await prepareTarget(t, rt, row)
  let nginx
  try {
    nginx = await startNginx(rt, prefix, conf, port, setup.env)
  } catch (e) {
    await cleanup()
    throw e
  }
  let worker: number
  try {
    worker = await soleWorker(nginx.process.pid!)
  } catch (e) {
    await nginx.stop()
    await cleanup()
    throw new Error(`bench: ${t.name}: ${(e as Error).message}`)
  }
  const lua = luaScript(t)
  let script: string | undefined
  if (lua) writeFileSync(script = join(prefix, 'wrk.lua'), lua)
  const running = nginx
  return {
    name, pid: worker, url: `http://127.0.0.1:${port}${t.path}`, script,
    method: t.method, body: t.body, headers: t.headers, expect: t.expect, connections: t.connections, warm: setup.warm,
    result: emptyResult(t.title, bytes),
    log: () => running.errorLog(),
    async stop() {
      await running.stop()
      const problems = nginxProblems(running.errorLog())
      await cleanup()
      return problems
    },
  }
}

async function check(s: Server): Promise<void> {
  const res = await fetch(s.url, { method: s.method || 'GET', body: s.body, headers: s.headers })
  const body = await res.text()
  const status = s.expect?.status ?? 200
  const path = new URL(s.url).pathname
  if (res.status !== status) throw new Error(`bench: ${s.name}: ${s.method || 'GET'} ${path} → ${res.status} (expected ${status}): ${body.slice(0, 300)}\n${s.log ? s.log().slice(-2000) : ''}`)
  if (s.expect?.body !== undefined && body !== s.expect.body && !sameJson(body, s.expect.body)) throw new Error(`bench: ${s.name}: unexpected body ${JSON.stringify(body.slice(0, 300))}`)
}

/** The same JSON in another key order and the same length (lua-cjson orders keys by hash). */
function sameJson(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  try {
    const x = JSON.parse(a), y = JSON.parse(b)
    return Object.keys(y).length === Object.keys(x).length && Object.keys(y).every((k) => x[k] === y[k])
  } catch { return false }
}

/**
 * Waits until the server has finished what the last run left behind: requests wrk gave up
 * on are still run to the end (slow targets can be busy for seconds after wrk stopped).
 */
async function waitIdle(s: Server, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs
  let last = cpuMicros(s.pid)
  for (;;) {
    await sleep(250)
    const now = cpuMicros(s.pid)
    if (now - last <= 10_000 || Date.now() > until) return
    last = now
  }
}

async function measure(s: Server, seconds: number, connections: number): Promise<Round> {
  await waitIdle(s)
  const before = cpuMicros(s.pid)
  const core0 = cpuCoreTimes(SERVER_CPU)
  const w: WrkResult = await runWrk({ url: s.url, seconds, connections, cpu: CLIENT_CPU, script: s.script })
  const after = cpuMicros(s.pid)
  const core1 = cpuCoreTimes(SERVER_CPU)
  return {
    rps: w.rps, p50: w.p50, p99: w.p99, cpuPerRequest: (after - before) / w.requests, requests: w.requests,
    // (a target that measures an error answer, e.g. bd-404, expects its non-2xx responses)
    errors: ((s.expect?.status ?? 200) >= 400 ? 0 : w.non2xx) + w.socketErrors,
    coreBusy: (core1.busy - core0.busy) / (core1.total - core0.total),
  }
}

/** VmRSS and VmHWM of a process, KiB. */
function memoryKiB(pid: number): { rss?: number; hwm?: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const field = (k: string) => { const m = new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status); return m ? Number(m[1]) : undefined }
    return { rss: field('VmRSS'), hwm: field('VmHWM') }
  } catch { return {} }
}

/**
 * Starts servers one after the other (`starters`), checks each answers as expected, then
 * measures them all in interleaved rounds and stops them. A starter that throws Skip becomes
 * a skipped entry; any other failure stops what was started and is thrown.
 */
async function measureAll(starters: { name: string; title: string; start(): Promise<Server> }[], o: Options):
  Promise<{ results: Record<string, TargetResult>; skipped: Record<string, { title: string; why: string }> }> {
  const servers: Server[] = []
  const skipped: Record<string, { title: string; why: string }> = {}
  try {
    for (const st of starters) {
      let s: Server
      try {
        s = await st.start()
      } catch (e) {
        if (!(e instanceof Skip)) throw e
        skipped[st.name] = { title: st.title, why: e.message }
        console.log(`  ${st.name}: skipped: ${e.message}`)
        continue
      }
      servers.push(s)
      await check(s)
      if (s.warm) await s.warm(s.url)
    }
    for (const s of servers) await runWrk({ url: s.url, seconds: o.warmSeconds, connections: s.connections ?? o.connections, cpu: CLIENT_CPU, script: s.script })
    for (let round = 0; round < o.rounds; round++) {
      // Interleaved, and the order rotates, so drift on a noisy machine spreads over all targets.
      for (let k = 0; k < servers.length; k++) {
        const s = servers[(k + round) % servers.length]
        const r = await measure(s, o.seconds, s.connections ?? o.connections)
        s.result.rounds.push(r)
        process.stdout.write(`  round ${round + 1}/${o.rounds} ${s.name.padEnd(14)} ${fmtInt(r.rps).padStart(8)} req/s  ` +
          `${r.cpuPerRequest.toFixed(2).padStart(9)} µs/req  p99 ${fmtMicros(r.p99).padStart(9)}  core ${Math.round(r.coreBusy * 100)}%\n`)
      }
    }
    for (const s of servers) {
      const m = memoryKiB(s.pid)
      s.result.rssKiB = m.rss
      s.result.hwmKiB = m.hwm
    }
  } finally {
    for (const s of servers) s.result.problems.push(...await s.stop())
  }
  const results: Record<string, TargetResult> = {}
  for (const s of servers) {
    const r = s.result
    r.rps = median(r.rounds.map((x) => x.rps))
    r.p50 = median(r.rounds.map((x) => x.p50))
    r.p99 = median(r.rounds.map((x) => x.p99))
    r.cpuPerRequest = median(r.rounds.map((x) => x.cpuPerRequest))
    r.spread = spread(r.rounds.map((x) => x.cpuPerRequest))
    const errors = r.rounds.reduce((n, x) => n + x.errors, 0)
    if (errors) r.problems.push(`${errors} non-2xx responses or socket errors`)
    results[s.name] = r
  }
  return { results, skipped }
}

/** The runtime of a row, its nginx pinned to the server core. */
function pinned(row: string): Runtime {
  const found = findRuntime(row)
  return { ...found, command: ['taskset', '-c', String(SERVER_CPU), ...found.command] }
}

async function benchRow(row: string, targets: BenchTarget[], o: Options): Promise<RowResult> {
  const rt = pinned(row)
  console.log(`\n=== ${row}: ${rt.description}`)
  const mine = targets.filter((t) => !t.rows || t.rows.includes(row))
  const { results } = await measureAll(mine.map((t) => ({ name: t.name, title: t.title, start: () => startTarget(t, rt, row) })), o)
  const out: RowResult = { runtime: rt.description, targets: results, comparisons: [] }
  for (const c of COMPARISONS) {
    const a = out.targets[c.of], b = out.targets[c.to]
    if (!a || !b) continue
    const ratio = a[c.metric] / b[c.metric]
    const ok = (c.max === undefined || ratio <= c.max) && (c.min === undefined || ratio >= c.min)
    out.comparisons.push({ name: c.name, what: c.what, ratio, max: c.max, min: c.min, verdict: ok ? 'PASS' : 'MISS' })
  }
  return out
}

/** The raw handler and the 100-route tresty app on these rows join the peers. */
const PEER_ROWS = ['njs-0.8', 'qjs-1.0']

async function benchPeers(o: Options) {
  console.log(`\n=== peers: raw and tresty on ${PEER_ROWS.join(', ')}, nginx return, Lua, Go, Node http, Fastify, Hono`)
  const starters: { name: string; title: string; start(): Promise<Server> }[] = []
  for (const row of PEER_ROWS) {
    for (const name of ['raw', 'tresty']) {
      const t = TARGETS.find((x) => x.name === name)!
      const label = `${name}@${row}`
      starters.push({ name: label, title: `${t.title} (${findRuntime(row).description})`, start: () => startTarget(t, pinned(row), row, label) })
    }
  }
  for (const p of PEERS) {
    starters.push({
      name: p.name, title: p.title,
      async start() {
        const prefix = mkdtempSync(join(tmpdir(), `tresty-bench-peer-${p.name}-`))
        const remove = () => { if (!process.env.TRESTY_KEEP_TMP) rmSync(prefix, { recursive: true, force: true }) }
        let proc
        try {
          proc = await p.start({ prefix, cpu: SERVER_CPU, setup: o.setup })
        } catch (e) {
          remove()
          throw e
        }
        const running = proc
        return {
          name: p.name, pid: running.pid, url: running.url, expect: { body: HELLO }, result: emptyResult(p.title), log: running.log,
          async stop() { const problems = await running.stop(); remove(); return problems },
          warm: p.warmSeconds ? (url: string) => runWrk({ url, seconds: p.warmSeconds!, connections: o.connections, cpu: CLIENT_CPU }).then(() => {}) : undefined,
        }
      },
    })
  }
  return measureAll(starters, o)
}

const HELLO = '{"message":"Hello, World!","id":"42"}'
/** RUNS in bench/apps/probe-pieces.ts. */
const PIECE_RUNS = 200

/**
 * --pieces: bench/apps/probe-pieces.ts on each row, one nginx; each piece is its own URL
 * (GET /piece/NAME runs it RUNS times), measured like any target, in interleaved rounds.
 */
async function benchPieces(rows: string[], o: Options): Promise<Record<string, Record<string, Figures>>> {
  const out: Record<string, Record<string, Figures>> = {}
  const names = ['none'].concat(PIECES.map((p) => p.name))
  for (const row of rows) {
    console.log(`\n=== pieces on ${row}`)
    const t: BenchTarget = { name: 'pieces', title: 'per-piece probe', app: 'bench/apps/probe-pieces.ts', path: '/piece/none', connections: 10 }
    let first: Server | null = null
    const starters = names.map((name) => ({
      name, title: name,
      async start(): Promise<Server> {
        if (!first) first = await startTarget(t, pinned(row), row, 'pieces')
        const url = first.url.replace(/none$/, name)
        const res = await fetch(url)
        if (res.status === 501) throw new Skip('not on this commit')
        const owner = name === 'none'
        return { ...first, name, url, result: emptyResult(name), stop: owner ? first.stop : async () => [] }
      },
    }))
    try {
      out[row] = (await measureAll(starters, o)).results
    } catch (e) {
      console.error(`bench: pieces on ${row} failed: ${(e as Error).message}`)
      out[row] = {}
    }
  }
  return out
}

/** --instructions: each target on each row under callgrind; a table with ratios to `raw`. */
async function benchInstructions(targets: BenchTarget[], rowNames: string[], o: Options): Promise<void> {
  const out: Record<string, Record<string, Counted>> = {}
  for (const row of rowNames) {
    out[row] = {}
    for (const t of targets.filter((x) => !x.rows || x.rows.includes(row))) {
      try {
        out[row][t.name] = await countInstructions(t, findRuntime(row), row, prepareTarget)
        console.log(`  ${row} ${t.name.padEnd(24)} ${fmtInt(out[row][t.name].instructions)} instructions/request`)
      } catch (e) {
        console.error(`bench: ${row} ${t.name}: ${(e as Error).message}`)
      }
    }
  }
  console.log('\n| row | target | instructions/request | × raw |\n|---|---|---:|---:|')
  for (const [row, r] of Object.entries(out)) {
    const raw = r.raw ? r.raw.instructions : NaN
    for (const [name, c] of Object.entries(r)) console.log(`| ${row} | ${name} | ${fmtInt(c.instructions)} | ${(c.instructions / raw).toFixed(2)}× |`)
  }
  const file = o.out === null ? null : o.out || join(benchDir, 'results', 'instructions.json')
  if (file) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), method: 'callgrind, (I(many) − I(few)) / (many − few)', rows: out }, null, 2) + '\n')
    console.log(`\nbench: wrote ${file}`)
  }
}

function fmtMicros(us: number): string {
  if (!Number.isFinite(us)) return '-'
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${Math.round(us)} µs`
}

function report(rows: Record<string, RowResult>): void {
  if (!Object.keys(rows).length) return
  console.log('\n| row | target | req/s | p50 | p99 | server CPU µs/req | ± rounds | bundle |')
  console.log('|---|---|---:|---:|---:|---:|---:|---:|')
  for (const [row, r] of Object.entries(rows)) {
    for (const [name, t] of Object.entries(r.targets)) {
      console.log(`| ${row} | ${name} | ${fmtInt(t.rps)} | ${fmtMicros(t.p50)} | ${fmtMicros(t.p99)} | ${fmtCpu(t.cpuPerRequest)} | ${Math.round(t.spread * 100)}% | ${(t.bundleBytes / 1024).toFixed(1)} KiB |`)
    }
  }
  console.log('')
  for (const [row, r] of Object.entries(rows)) {
    if (r.error) console.log(`${row.padEnd(8)} failed: ${r.error}`)
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
  const o = parseArgs(args, Object.keys(ROWS), TARGETS.map((t) => t.name))
  const { targets: names, rows: rowNames } = plan(o, TARGETS, o.rowsGiven)
  const targets = names.map((n) => {
    const t = TARGETS.find((x) => x.name === n)
    if (!t) throw new Error(`bench: unknown target "${n}" (targets: ${TARGETS.map((x) => x.name).join(', ')})`)
    return t
  })
  if (cpus().length < 2) console.log('bench: fewer than 2 CPUs: server and wrk will share a core; figures are not comparable')
  const load0 = loadavg()
  console.log(`bench: ${targets.length ? `${targets.map((t) => t.name).join(', ')} on ${rowNames.join(', ')}` : 'no row targets'}` +
    `${o.peers ? ' + peers' : ''}; ${o.rounds} rounds of ${o.seconds} s, ` +
    `wrk -t1 -c${o.connections} on CPU ${CLIENT_CPU}, server (1 worker / 1 process) on CPU ${SERVER_CPU}; load average ${load0.map((x) => x.toFixed(2)).join(' ')}`)
  if (o.instructions) return benchInstructions(targets, rowNames, o)
  const rows: Record<string, RowResult> = {}
  for (const row of rowNames) {
    try {
      rows[row] = await benchRow(row, targets, o)
    } catch (e) {
      // One row failing (a runtime missing, a target that does not start) does not lose the others.
      console.error(`bench: row ${row} failed: ${(e as Error).message}`)
      rows[row] = { runtime: '', targets: {}, comparisons: [], error: (e as Error).message }
    }
  }
  const pieces = o.pieces ? await benchPieces(o.rows, o) : null
  let peers: Awaited<ReturnType<typeof benchPeers>> | null = null
  if (o.peers) peers = await benchPeers(o)
  const load1 = loadavg()

  report(rows)
  if (o.breakdown) {
    const byRow: Record<string, Record<string, Figures>> = {}
    for (const [row, r] of Object.entries(rows)) if (!r.error) byRow[row] = r.targets
    console.log('\nPer-request breakdown, server CPU µs/request (differences of probes):\n')
    console.log(breakdownTable(byRow).join('\n'))
  }
  if (o.cold && rows['qjs-1.0'] && !rows['qjs-1.0'].error) {
    console.log('\nQuickJS contexts (qjs-1.0):\n')
    console.log(coldTable(rows['qjs-1.0'].targets).join('\n'))
  }
  if (pieces) {
    console.log(`\nPieces of the request path (bench/apps/probe-pieces.ts): server CPU ns per run, each piece run ${PIECE_RUNS}× per request:\n`)
    console.log(piecesTable(pieces, PIECE_RUNS).join('\n'))
  }
  if (peers) {
    console.log('\nPeers (one run, interleaved rounds), GET /json/42:\n')
    console.log(peersTable(peers.results, peers.skipped).join('\n'))
    console.log('')
    console.log(ratioLines(peers.results).join('\n'))
    for (const [name, t] of Object.entries(peers.results)) for (const p of t.problems) console.log(`peers    ${name}: ${p}`)
  }
  console.log(`\nload average at the start ${load0.map((x) => x.toFixed(2)).join(' ')}, at the end ${load1.map((x) => x.toFixed(2)).join(' ')} (2 cores: the bench itself adds ~1.5)`)

  const mode = o.peers && !rowNames.length ? 'peers' : o.breakdown ? 'breakdown' : o.cold ? 'cold' : o.pieces && !rowNames.length ? 'pieces' : 'latest'
  const out = o.out === undefined ? join(benchDir, `results/${mode}.json`) : o.out === null ? null : resolve(o.out)
  if (out) {
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, JSON.stringify({
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadavg: { start: load0, end: load1 } },
      method: {
        server: `nginx worker_processes 1 (Node, Go: one process, GOMAXPROCS=1), taskset -c ${SERVER_CPU}; one server per target`,
        client: `taskset -c ${CLIENT_CPU} wrk -t1 -c${o.connections} -d${o.seconds}s --latency`,
        rounds: o.rounds, interleaved: true,
        cpuPerRequest: 'utime+stime delta of the measured process (/proc/PID/stat) ÷ requests wrk completed, µs; median of rounds',
      },
      rows,
      pieces,
      peers: peers && { versions: peerVersions(), results: peers.results, skipped: peers.skipped },
    }, null, 2) + '\n')
    console.log(`\nbench: wrote ${out}`)
  }
}
