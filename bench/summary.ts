/**
 * Before/after tables for bench/README.md from two result files of the same kind:
 *
 *   npx tsx bench/summary.ts bench/results/issue12-before-core.json bench/results/issue12-after-core.json
 *
 * Prints, per engine row, each issue-12 figure (CPU µs/request and the ratios with a target)
 * as "before → after". Works on `--targets`, `--peers` and `--cold` result files.
 */
import { readFileSync } from 'node:fs'
import { fmtCpu, fmtRatio } from './report.ts'

interface Result { cpuPerRequest: number; spread?: number; rssKiB?: number }
interface File { date: string; rows: Record<string, { targets: Record<string, Result> }>; peers?: { results: Record<string, Result> } | null }

/** name, numerator, denominator, issue 12's limit on QuickJS and on the njs engine. */
const RATIOS: [string, string, string, number, number][] = [
  ['tresty/raw', 'tresty', 'raw', 1.10, 1.5],
  ['10k/100 routes', 'tresty-10k', 'tresty', 1.05, 1.20],
  ['cache hit/raw dict read', 'cache-hit', 'cache-hit-raw', 1.15, 1.15],
  ['cold 100/cold raw', 'cold-100', 'cold-raw', 1.5, 1.5],
]

export function summary(before: File, after: File): string[] {
  const lines: string[] = []
  const rows = Object.keys(before.rows).filter((r) => after.rows[r])
  const targets = new Set<string>()
  for (const r of rows) for (const t of Object.keys(before.rows[r].targets)) if (after.rows[r].targets[t]) targets.add(t)
  if (rows.length) {
    lines.push(`| row | ${[...targets].join(' | ')} |`, `|---|${[...targets].map(() => '---:').join('|')}|`)
    for (const r of rows) {
      const cell = (t: string) => `${fmtCpu(before.rows[r].targets[t].cpuPerRequest)} → ${fmtCpu(after.rows[r].targets[t].cpuPerRequest)}`
      lines.push(`| ${r} | ${[...targets].map(cell).join(' | ')} |`)
    }
    lines.push('', `| row | ratio (target) | before | after |`, '|---|---|---:|---:|')
    for (const r of rows) {
      for (const [name, of, to, qjs, njs] of RATIOS) {
        const max = r.startsWith('qjs') ? qjs : njs
        const b = before.rows[r].targets, a = after.rows[r].targets
        if (!b[of] || !b[to] || !a[of] || !a[to]) continue
        const rb = b[of].cpuPerRequest / b[to].cpuPerRequest, ra = a[of].cpuPerRequest / a[to].cpuPerRequest
        lines.push(`| ${r} | ${name} (≤ ${max}) | ${fmtRatio(rb)} ${rb <= max ? 'PASS' : 'MISS'} | ${fmtRatio(ra)} ${ra <= max ? 'PASS' : 'MISS'} |`)
      }
    }
  }
  if (before.peers && after.peers) {
    const base = (f: File) => f.peers!.results['raw@njs-0.8'].cpuPerRequest
    lines.push('', '| peer | before CPU µs/req (× raw njs) | after CPU µs/req (× raw njs) |', '|---|---:|---:|')
    for (const [name, b] of Object.entries(before.peers.results)) {
      const a = after.peers.results[name]
      if (!a) continue
      lines.push(`| ${name} | ${fmtCpu(b.cpuPerRequest)} (${fmtRatio(b.cpuPerRequest / base(before))}) | ${fmtCpu(a.cpuPerRequest)} (${fmtRatio(a.cpuPerRequest / base(after))}) |`)
    }
  }
  return lines
}

if (process.argv[1] && /summary\.ts$/.test(process.argv[1])) {
  const [b, a] = process.argv.slice(2)
  if (!b || !a) throw new Error('usage: npx tsx bench/summary.ts BEFORE.json AFTER.json')
  const read = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as File
  console.log(summary(read(b), read(a)).join('\n'))
}
