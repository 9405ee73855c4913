/** The bench's option parsing and report arithmetic (bench/report.ts); no servers, no timings. */
import { describe, expect, it } from 'vitest'
import { breakdownTable, coldTable, fmtCpu, parseArgs, peersTable, plan, ratioLines, spread, type Figures } from '../../bench/report.ts'

const ROWS = ['njs-0.8', 'njs-1.0', 'qjs-1.0']
const TARGETS = [
  { name: 'raw', core: true }, { name: 'tresty', core: true }, { name: 'tresty-10k', core: true },
  { name: 'raw+import' }, { name: 'bd-app', group: 'breakdown' }, { name: 'cold-raw', group: 'cold' },
]
const names = TARGETS.map((t) => t.name)
const run = (args: string[]) => {
  const o = parseArgs(args, ROWS, names)
  return { o, ...plan(o, TARGETS, o.rowsGiven) }
}
const fig = (cpu: number, extra: Partial<Figures> = {}): Figures => ({ title: 't', rps: 1000, cpuPerRequest: cpu, spread: 0, problems: [], ...extra })

describe('bench options', () => {
  it('runs the core targets on every row by default, and --quick shortens the rounds', () => {
    const { o, targets, rows } = run(['--quick'])
    expect(targets).toEqual(['raw', 'tresty', 'tresty-10k'])
    expect(rows).toEqual(ROWS)
    expect([o.rounds, o.seconds]).toEqual([2, 2])
  })

  it('--peers alone runs only the peers group; with --rows it adds the core targets', () => {
    expect(run(['--peers'])).toMatchObject({ targets: [], rows: [], o: { peers: true, setup: false } })
    expect(run(['--peers', '--setup', '--rows', 'qjs-1.0'])).toMatchObject({ targets: ['raw', 'tresty', 'tresty-10k'], rows: ['qjs-1.0'], o: { setup: true } })
  })

  it('--breakdown adds raw, tresty and its probes; --cold its targets on qjs-1.0 unless rows are given', () => {
    expect(run(['--breakdown'])).toMatchObject({ targets: ['raw', 'tresty', 'bd-app'], rows: ROWS })
    expect(run(['--cold'])).toMatchObject({ targets: ['cold-raw'], rows: ['qjs-1.0'] })
    expect(run(['--cold', '--rows', 'njs-0.8'])).toMatchObject({ targets: ['cold-raw'], rows: ['njs-0.8'] })
  })

  it('refuses unknown options, rows and bad numbers', () => {
    expect(() => parseArgs(['--fast'], ROWS, names)).toThrow(/unknown option --fast/)
    expect(() => parseArgs(['--rows', 'qjs-9'], ROWS, names)).toThrow(/unknown row "qjs-9"/)
    expect(() => parseArgs(['--rounds', 'x'], ROWS, names)).toThrow(/positive number/)
    expect(() => parseArgs(['--seconds'], ROWS, names)).toThrow(/needs a value/)
  })

  it('--out - writes nothing, --rows none measures no row', () => {
    expect(run(['--out', '-', '--rows', 'none', '--peers'])).toMatchObject({ rows: [], targets: [], o: { out: null } })
  })
})

describe('bench report arithmetic', () => {
  it('spread is (max − min) / median of the rounds, 0 for one round', () => {
    expect(spread([10, 12, 11])).toBeCloseTo(2 / 11)
    expect(spread([10])).toBe(0)
    expect(spread([10, NaN, 14])).toBeCloseTo(4 / 12)
  })

  it('formats CPU µs with about three significant figures', () => {
    expect([fmtCpu(3.456), fmtCpu(13.24), fmtCpu(240.4), fmtCpu(3257.2), fmtCpu(NaN)]).toEqual(['3.46', '13.2', '240', '3,257', '-'])
  })

  it('the peers table gives ratios to the raw njs handler on the njs engine and lists skipped peers', () => {
    const lines = peersTable({ 'raw@njs-0.8': fig(40), go: fig(30), 'tresty@qjs-1.0': fig(60) }, { lua: { title: 'Lua', why: 'no Lua root' } })
    expect(lines[2]).toMatch(/\| raw@njs-0\.8 \|.*\| 40\.0 \|.*\| 1\.00× \|$/)
    expect(lines[3]).toMatch(/\| go \|.*\| 0\.75× \|$/)
    expect(lines[4]).toMatch(/\| 1\.50× \|$/)
    expect(lines[5]).toBe('| lua | Lua | skipped: no Lua root | | | |')
  })

  it('ratio lines compare only what was measured, with the target verdict', () => {
    const out = ratioLines({ 'tresty@qjs-1.0': fig(50), 'raw@qjs-1.0': fig(40), fastify: fig(100) })
    expect(out).toHaveLength(2)
    expect(out[0]).toMatch(/QuickJS +1\.25× +\(target ≤ 1\.1: MISS\)/)
    expect(out[1]).toMatch(/Fastify +0\.50× +\(target ≤ 0\.55: PASS\)/)
  })

  it('the breakdown is signed differences of probes per row', () => {
    const lines = breakdownTable({ 'njs-0.8': { raw: fig(10), 'bd-import': fig(12.5), 'bd-app': fig(12), tresty: fig(20) } })
    expect(lines[2]).toBe('| raw njs handler (absolute) | raw | 10.0 |')
    expect(lines[3]).toMatch(/bd-import − raw \| \+2\.50 \|$/)
    expect(lines[4]).toMatch(/bd-app − bd-import \| −0\.50 \|$/)
    expect(lines[5]).toMatch(/\| - \|$/)
    expect(lines[lines.length - 1]).toMatch(/tresty − raw \| \+10\.0 \|$/)
  })

  it('the cold table gives ratios to the cold raw handler, RSS in MiB and the targets', () => {
    const lines = coldTable({ 'cold-raw': fig(400), 'cold-100': fig(500), 'cold-10k': fig(12000), 'pool-100': fig(30, { rssKiB: 204800 }) })
    expect(lines.find((l) => l.startsWith('| cold-100'))).toMatch(/\| 500 \| 1\.25× \| - \|$/)
    expect(lines.find((l) => l.startsWith('| pool-100'))).toMatch(/\| 200 \|$/)
    expect(lines).toContain('cold 100 routes / cold raw: 1.25× (target ≤ 1.5×: PASS)')
    expect(lines).toContain('cold 10,000 routes: 12.0 ms per request (target ≤ 10 ms: MISS)')
  })
})
