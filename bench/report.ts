/**
 * The bench's command line and the arithmetic of its reports (no I/O: unit-tested in
 * test/node-unit/bench-report.test.ts): option parsing, the peers table with ratios against the
 * raw njs handler, the breakdown's differences of probes, the cold-context table.
 */

export interface Options {
  rows: string[]
  targets: string[] | null
  rounds: number
  seconds: number
  warmSeconds: number
  connections: number
  /** null: none; undefined: the default file for the mode. */
  out: string | null | undefined
  peers: boolean
  /** Build what the peers miss (the Lua root) instead of skipping them. */
  setup: boolean
  breakdown: boolean
  cold: boolean
  /** The in-request per-piece probe (bench/apps/probe-pieces.ts) on each row. */
  pieces: boolean
  /** Instructions per request under callgrind (bench/instructions.ts) instead of wrk. */
  instructions: boolean
}

export interface TargetInfo { name: string; core?: boolean; group?: string }

/** The per-row targets a run measures, and on which rows, from the options. */
export function plan(o: Options, targets: TargetInfo[], rowsGiven: boolean): { targets: string[]; rows: string[] } {
  const names: string[] = []
  const add = (n: string) => { if (!names.includes(n)) names.push(n) }
  if (o.targets) o.targets.forEach(add)
  if (o.breakdown) ['raw', 'tresty'].concat(targets.filter((t) => t.group === 'breakdown').map((t) => t.name)).forEach(add)
  if (o.cold) targets.filter((t) => t.group === 'cold').forEach((t) => add(t.name))
  if (!o.targets && !o.breakdown && !o.cold && !o.pieces) targets.filter((t) => t.core).forEach((t) => add(t.name))
  let rows = o.rows
  // --peers alone measures its own group (raw and tresty on two rows among the peers) only.
  if (o.peers && !o.targets && !o.breakdown && !o.cold && !o.pieces && !rowsGiven) rows = []
  // The cold-context targets exist on QuickJS only.
  else if (o.cold && !o.breakdown && !o.targets && !rowsGiven) rows = ['qjs-1.0']
  return names.length && rows.length ? { targets: names, rows } : { targets: [], rows: [] }
}

export function parseArgs(args: string[], allRows: string[], allTargets: string[]): Options & { rowsGiven: boolean } {
  const o: Options & { rowsGiven: boolean } = {
    rows: allRows, rowsGiven: false, targets: null, rounds: 5, seconds: 5, warmSeconds: 1, connections: 50, out: undefined,
    peers: false, setup: false, breakdown: false, cold: false, pieces: false, instructions: false,
  }
  const value = (i: number) => {
    if (args[i + 1] === undefined) throw new Error(`bench: ${args[i]} needs a value`)
    return args[i + 1]
  }
  const count = (i: number) => {
    const n = Number(value(i))
    if (!(n > 0)) throw new Error(`bench: ${args[i]} needs a positive number (got "${args[i + 1]}")`)
    return n
  }
  for (let i = 0; i < args.length; i++) {
    switch (args[i]) {
      case '--quick': o.rounds = 2; o.seconds = 2; break
      case '--rows': o.rows = value(i) === 'none' ? [] : value(i).split(','); o.rowsGiven = true; i++; break
      case '--targets': o.targets = value(i) === 'all' ? allTargets.slice() : value(i).split(','); i++; break
      case '--rounds': o.rounds = count(i); i++; break
      case '--seconds': o.seconds = count(i); i++; break
      case '--connections': o.connections = count(i); i++; break
      case '--out': o.out = value(i) === '-' ? null : value(i); i++; break
      case '--peers': o.peers = true; break
      case '--setup': o.setup = true; break
      case '--breakdown': o.breakdown = true; break
      case '--cold': o.cold = true; break
      case '--pieces': o.pieces = true; break
      case '--instructions': o.instructions = true; break
      default: throw new Error(`bench: unknown option ${args[i]} (see bench/run.ts)`)
    }
  }
  for (const r of o.rows) if (!allRows.includes(r)) throw new Error(`bench: unknown row "${r}" (rows: ${allRows.join(', ')})`)
  return o
}

/** What a report needs of a measured target. */
export interface Figures { title: string; rps: number; cpuPerRequest: number; spread: number; rssKiB?: number; problems: string[] }

export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-'
}

/** µs with 3 significant figures (13.2, 240, 3,257). */
export function fmtCpu(us: number): string {
  if (!Number.isFinite(us)) return '-'
  return us >= 1000 ? fmtInt(us) : us >= 100 ? us.toFixed(0) : us >= 10 ? us.toFixed(1) : us.toFixed(2)
}

export function fmtRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : '-'
}

/** Spread of a target's rounds: (max − min) / median of CPU per request. */
export function spread(values: number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b)
  if (v.length < 2) return 0
  const mid = v.length >> 1
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2
  return (v[v.length - 1] - v[0]) / median
}

export const PEERS_BASELINE = 'raw@njs-0.8'

/** The peers table (markdown): CPU µs/req and the ratio to the raw njs handler on the njs engine. */
export function peersTable(results: Record<string, Figures>, skipped: Record<string, { title: string; why: string }>): string[] {
  const base = results[PEERS_BASELINE]?.cpuPerRequest
  const lines = ['| target | what | req/s | server CPU µs/req | ± rounds | × raw njs |', '|---|---|---:|---:|---:|---:|']
  for (const [name, r] of Object.entries(results)) {
    lines.push(`| ${name} | ${r.title} | ${fmtInt(r.rps)} | ${fmtCpu(r.cpuPerRequest)} | ${Math.round(r.spread * 100)}% | ${fmtRatio(r.cpuPerRequest / base)} |`)
  }
  for (const [name, s] of Object.entries(skipped)) lines.push(`| ${name} | ${s.title} | skipped: ${s.why} | | | |`)
  return lines
}

/** Ratios the issue quotes, from the peers group, where both sides were measured. */
export const PEER_RATIOS: { of: string; to: string; what: string; max?: number }[] = [
  { of: 'tresty@qjs-1.0', to: 'raw@qjs-1.0', what: 'tresty 100 routes / raw handler, QuickJS', max: 1.10 },
  { of: 'tresty@njs-0.8', to: 'raw@njs-0.8', what: 'tresty 100 routes / raw handler, njs engine', max: 1.5 },
  { of: 'tresty@qjs-1.0', to: 'fastify', what: 'tresty (QuickJS) / Fastify', max: 0.55 },
  { of: 'tresty@qjs-1.0', to: 'hono', what: 'tresty (QuickJS) / Hono', max: 0.45 },
  { of: 'tresty@qjs-1.0', to: 'go', what: 'tresty (QuickJS) / Go net/http', max: 1.3 },
  { of: 'raw@njs-0.8', to: 'go', what: 'raw njs handler / Go net/http (the runtime floor)' },
  { of: 'raw@njs-0.8', to: 'lua', what: 'raw njs handler / OpenResty-style Lua (the runtime floor)' },
]

export function ratioLines(results: Record<string, Figures>, wanted = PEER_RATIOS): string[] {
  const out: string[] = []
  for (const w of wanted) {
    const a = results[w.of], b = results[w.to]
    if (!a || !b) continue
    const r = a.cpuPerRequest / b.cpuPerRequest
    const verdict = w.max === undefined ? '' : r <= w.max ? `  (target ≤ ${w.max}: PASS)` : `  (target ≤ ${w.max}: MISS)`
    out.push(`${w.what.padEnd(52)} ${fmtRatio(r)}${verdict}`)
  }
  return out
}

/** The breakdown: each piece of the request path as the difference of two probes (µs/request). */
export const BREAKDOWN: { piece: string; of: string; to: string }[] = [
  { piece: 'bundle top level (tresty imported, nothing made)', of: 'bd-import', to: 'raw' },
  { piece: '`app()` (an empty app)', of: 'bd-app', to: 'bd-import' },
  { piece: 'content entry, router miss, q/r creation, 1-step chain, string send', of: 'bd-mw-text', to: 'bd-app' },
  { piece: 'JSON send (stringify, Content-Type) instead of a string', of: 'bd-mw-json', to: 'bd-mw-text' },
  { piece: 'router match of one param route, params (instead of a middleware answering)', of: 'bd-1route', to: 'bd-mw-json' },
  { piece: '99 more routes (their declarations, per request on the njs engine; a bigger match)', of: 'bd-100', to: 'bd-1route' },
  { piece: 'chain: 2 app middlewares', of: 'tresty', to: 'bd-100' },
  { piece: '3 response header writes', of: 'bd-headers', to: 'tresty' },
  { piece: 'log phase (one onLog hook)', of: 'bd-log', to: 'tresty' },
  { piece: 'a 404 (no route: the miss, the error, its JSON response) instead of the route', of: 'bd-404', to: 'tresty' },
  { piece: '**all: tresty (100 routes, 2 middlewares) − raw**', of: 'tresty', to: 'raw' },
]

/** Rows: one line per piece, one column per engine row (µs/request, signed). */
export function breakdownTable(rows: Record<string, Record<string, Figures>>): string[] {
  const names = Object.keys(rows)
  const lines = [`| piece | probes | ${names.join(' | ')} |`, `|---|---|${names.map(() => '---:').join('|')}|`]
  const cell = (t: Record<string, Figures>, n: string) => t[n]?.cpuPerRequest
  lines.push(`| raw njs handler (absolute) | raw | ${names.map((r) => fmtCpu(cell(rows[r], 'raw'))).join(' | ')} |`)
  for (const b of BREAKDOWN) {
    const vals = names.map((r) => {
      const d = cell(rows[r], b.of) - cell(rows[r], b.to)
      return Number.isFinite(d) ? `${d >= 0 ? '+' : '−'}${fmtCpu(Math.abs(d))}` : '-'
    })
    lines.push(`| ${b.piece} | ${b.of} − ${b.to} | ${vals.join(' | ')} |`)
  }
  return lines
}

/** The cold-context and pool table (QuickJS). */
export function coldTable(t: Record<string, Figures>): string[] {
  const cpu = (n: string) => t[n]?.cpuPerRequest
  const mib = (n: string) => t[n]?.rssKiB !== undefined ? (t[n].rssKiB! / 1024).toFixed(0) : '-'
  const lines = ['| target | what | CPU µs/req | × cold raw | worker RSS after (MiB) |', '|---|---|---:|---:|---:|']
  for (const n of ['cold-raw', 'cold-100', 'cold-10k', 'pool-raw', 'pool-100', 'pool-10k']) {
    if (!t[n]) continue
    const ratio = n.startsWith('cold-') ? fmtRatio(cpu(n) / cpu('cold-raw')) : ''
    lines.push(`| ${n} | ${t[n].title} | ${fmtCpu(cpu(n))} | ${ratio} | ${mib(n)} |`)
  }
  if (t['cold-100'] && t['cold-raw']) {
    const r = cpu('cold-100') / cpu('cold-raw')
    lines.push('', `cold 100 routes / cold raw: ${fmtRatio(r)} (target ≤ 1.5×: ${r <= 1.5 ? 'PASS' : 'MISS'})`)
  }
  if (t['cold-10k']) {
    const ms = cpu('cold-10k') / 1000
    lines.push(`cold 10,000 routes: ${ms.toFixed(1)} ms per request (target ≤ 10 ms: ${ms <= 10 ? 'PASS' : 'MISS'})`)
  }
  return lines
}

/** The pieces of --pieces (bench/apps/probe-pieces.ts): each is (CPU of `name` − CPU of `minus`) / runs. */
export const PIECES: { name: string; piece: string; minus: string }[] = [
  { name: 'content', piece: '`a.content()` of the 100-route app for GET /json/42, all of it', minus: 'fake' },
  { name: 'match', piece: 'router match (GET /json/42 among 100 routes)', minus: 'none' },
  { name: 'request', piece: 'q creation (`createRequest`)', minus: 'fake' },
  { name: 'response', piece: 'r creation (`createResponse`)', minus: 'fake' },
  { name: 'chain', piece: 'handler chain: 2 middlewares + handler', minus: 'response' },
  { name: 'send-json', piece: 'JSON send (`send` of the object)', minus: 'response' },
  { name: 'stringify', piece: '… of which `JSON.stringify`', minus: 'fake' },
  { name: 'send-text', piece: 'string send (`send` of a string)', minus: 'response' },
  { name: 'send-headers', piece: '3 response header writes (in `send`)', minus: 'send-json' },
  { name: 'log', piece: 'log phase: `app.log()` with one onLog hook', minus: 'fake' },
  { name: 'fake', piece: '(the stand-in request object, subtracted above)', minus: 'none' },
]

/** Per-piece costs, ns per run, one column per row; '-' where a piece is missing on that row. */
export function piecesTable(rows: Record<string, Record<string, Figures>>, runs: number): string[] {
  const names = Object.keys(rows)
  const lines = [`| piece (ns per run) | ${names.join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`]
  for (const p of PIECES) {
    const cells = names.map((r) => {
      const a = rows[r][p.name]?.cpuPerRequest, b = rows[r][p.minus]?.cpuPerRequest
      const ns = (a - b) * 1000 / runs
      return Number.isFinite(ns) ? fmtInt(ns) : '-'
    })
    lines.push(`| ${p.piece} | ${cells.join(' | ')} |`)
  }
  return lines
}
