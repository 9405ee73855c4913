/**
 * Prometheus text exposition (format 0.0.4) from the number zone's entries. Series ids are
 * stored already rendered and escaped, so this only groups entries by series and family and
 * concatenates. Families come out sorted by name; each family's samples stay together.
 *
 * For a stat `k`:  k (counter: the sum), k_count (counter), k_delta (gauge: growth during the
 * last completed interval — rendered by the interval handler, see metrics.ts), k_avg (gauge:
 * sum / count).
 * For a histogram `h`: h_bucket{le=…} (cumulative), h_sum, h_count.
 *
 * A scrape of 10,000 series runs in one request: the loops below avoid per-entry objects
 * (null-prototype maps keyed by series id, parallel arrays per family).
 */
import { DROPPED, SERIES } from './keys.ts'
import { formatValue } from './series.ts'

/** The `<name>_delta` block of the last interval, if there was one. */
export type DeltaBlocks = (name: string) => string | undefined

export interface Rendered { text: string; series: number }

interface Family {
  name: string
  /** Its stats, as indexes into the parallel arrays of `render`. */
  stats: number[]
  /** Ids of its histograms. */
  hists: string[]
}

type Dict<V> = Record<string, V>

function dict<V>(): Dict<V> {
  return Object.create(null)
}

// The entry kinds of keys.ts as character codes.
const SUM_CODE = 118 // v
const COUNT_CODE = 99 // c
const H_COUNT_CODE = 110 // n
const H_SUM_CODE = 115 // s
const H_BUCKET_CODE = 98 // b

function byName(a: Family, b: Family): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
}

function byBound(a: [number, string, number], b: [number, string, number]): number {
  return a[0] - b[0]
}

/** `name{labels,extra}` */
function withLabel(name: string, labels: string, extra: string): string {
  return name + (labels ? labels.slice(0, -1) + ',' + extra + '}' : '{' + extra + '}')
}

export function render(items: [string, number][], deltas?: DeltaBlocks | null): Rendered {
  // Stats: the count entry defines a series (a sum without one lost a race with the limit).
  // Ids and counts go to parallel arrays, sums to a map joined once; lines then index arrays.
  const sumById = dict<number>()
  const statIds: string[] = []
  const statCounts: number[] = []
  const hSums = dict<number>()
  const hCounts = dict<number>()
  const buckets = dict<[number, string, number][]>()
  const histIds: string[] = []
  const meta = dict<number>()
  for (let i = 0; i < items.length; i++) {
    const key = items[i][0]
    const code = key.charCodeAt(0)
    if (code === SUM_CODE) sumById[key.slice(1)] = items[i][1]
    else if (code === COUNT_CODE) {
      statIds.push(key.slice(1))
      statCounts.push(items[i][1])
    } else if (code === H_COUNT_CODE) {
      const id = key.slice(1)
      hCounts[id] = items[i][1]
      histIds.push(id)
    } else if (code === H_SUM_CODE) hSums[key.slice(1)] = items[i][1]
    else if (code === H_BUCKET_CODE) {
      const tab = key.lastIndexOf('\t')
      const id = key.slice(1, tab)
      const le = key.slice(tab + 1)
      const list = buckets[id] || (buckets[id] = [])
      list.push([parseFloat(le), le, items[i][1]])
    } else meta[key] = items[i][1]
  }
  const statSums: number[] = []
  for (let i = 0; i < statIds.length; i++) statSums.push(sumById[statIds[i]] || 0)

  const families = dict<Family>()
  const list: Family[] = []
  const familyOf = (name: string): Family => {
    let f = families[name]
    if (!f) {
      f = families[name] = { name, stats: [], hists: [] }
      list.push(f)
    }
    return f
  }
  for (let i = 0; i < statIds.length; i++) {
    const brace = statIds[i].indexOf('{')
    familyOf(brace < 0 ? statIds[i] : statIds[i].slice(0, brace)).stats.push(i)
  }
  for (let i = 0; i < histIds.length; i++) {
    const brace = histIds[i].indexOf('{')
    familyOf(brace < 0 ? histIds[i] : histIds[i].slice(0, brace)).hists.push(histIds[i])
  }
  list.sort(byName)

  const out: string[] = []
  for (let i = 0; i < list.length; i++) {
    const f = list[i]
    const n = f.name
    const at = f.stats
    if (at.length) {
      const labels: string[] = []
      for (let j = 0; j < at.length; j++) labels.push(statIds[at[j]].slice(n.length))
      out.push('# TYPE ' + n + ' counter')
      for (let j = 0; j < at.length; j++) out.push(statIds[at[j]] + ' ' + formatValue(statSums[at[j]]))
      out.push('# TYPE ' + n + '_count counter')
      for (let j = 0; j < at.length; j++) out.push(n + '_count' + labels[j] + ' ' + statCounts[at[j]])
      const block = deltas && deltas(n)
      if (block) out.push(block)
      out.push('# TYPE ' + n + '_avg gauge')
      for (let j = 0; j < at.length; j++) out.push(n + '_avg' + labels[j] + ' ' + formatValue(statSums[at[j]] / statCounts[at[j]]))
    }
    if (f.hists.length) {
      out.push('# TYPE ' + n + ' histogram')
      const bucket = n + '_bucket'
      for (let j = 0; j < f.hists.length; j++) {
        const id = f.hists[j]
        const labels = id.slice(n.length)
        const b = buckets[id] || []
        b.sort(byBound)
        let cum = 0
        for (let k = 0; k < b.length; k++) {
          cum += b[k][2]
          out.push(withLabel(bucket, labels, 'le="' + b[k][1] + '"') + ' ' + cum)
        }
        out.push(withLabel(bucket, labels, 'le="+Inf"') + ' ' + hCounts[id])
        out.push(n + '_sum' + labels + ' ' + formatValue(hSums[id] || 0))
        out.push(n + '_count' + labels + ' ' + hCounts[id])
      }
    }
  }
  const series = meta[SERIES] || 0
  out.push('# HELP tresty_stats_series Series kept in the stats zone.')
  out.push('# TYPE tresty_stats_series gauge')
  out.push('tresty_stats_series ' + series)
  out.push('# HELP tresty_stats_dropped_total Writes dropped because the series limit was reached or the zone was full.')
  out.push('# TYPE tresty_stats_dropped_total counter')
  out.push('tresty_stats_dropped_total ' + (meta[DROPPED] || 0))
  return { text: out.join('\n') + '\n', series }
}
