/**
 * Stats settings. `configureStats()` belongs at the app's top level: on the njs engine that code
 * runs again for every request, on QuickJS once per pooled context, so every worker and every
 * phase (content, log, js_periodic) sees the same values either way.
 */

import { sharedZone } from '../utils/zones.ts'

export interface StatsOptions {
  /** A `js_shared_dict_zone … type=number` zone. Default `tresty_stats`. */
  zone?: string
  /** A string zone the interval handler keeps `_delta` in. Default `tresty_stats_delta`. */
  deltaZone?: string
  /** Most series (label sets, histograms included) kept; writes to new ones beyond it are dropped and counted. Default 5000. */
  maxSeries?: number
  /** Default histogram bucket upper bounds, ascending (seconds for latencies). */
  buckets?: number[]
}

/** Prometheus' default buckets, in seconds. A function, so no table is built at module load. */
export function defaultBuckets(): number[] {
  return [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
}

export const settings = { zone: 'tresty_stats', deltaZone: 'tresty_stats_delta', maxSeries: 5000, buckets: null as number[] | null }

export function configureStats(o: StatsOptions): void {
  if (o.zone) settings.zone = o.zone
  if (o.deltaZone) settings.deltaZone = o.deltaZone
  if (o.maxSeries !== undefined) {
    if (!(o.maxSeries > 0)) throw new Error('tresty stats: maxSeries must be > 0')
    settings.maxSeries = o.maxSeries
  }
  if (o.buckets) settings.buckets = checkBuckets(o.buckets)
}

export function checkBuckets(b: number[]): number[] {
  for (let i = 0; i < b.length; i++) {
    if (typeof b[i] !== 'number' || b[i] !== b[i] || (i > 0 && b[i] <= b[i - 1]))
      throw new Error('tresty stats: buckets must be numbers in ascending order')
  }
  return b
}

/** The string zone for `_delta`, or undefined when it is not declared (no `_delta` then). */
export function deltaZone(): NgxSharedDict<string> | undefined {
  return sharedZone<string>(settings.deltaZone)
}

/** The number zone, or undefined (logged) when it is not declared. */
export function statsZone(): NgxSharedDict<number> | undefined {
  const d = sharedZone<number>(settings.zone)
  if (!d) ngx.log(ngx.ERR, `tresty stats: no js_shared_dict_zone "${settings.zone}" (type=number) is declared`)
  return d
}
