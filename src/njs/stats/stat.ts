/**
 * `stat.incr(key, value, labels)`: the one write interface — atomic increments in a number zone,
 * safe from any phase (content, log, js_periodic) and never throwing. `stat.observe` feeds a
 * histogram the same way. A new series is admitted only while fewer than `maxSeries` exist and
 * the zone has room for it: checked before anything is allocated, so a full zone never fails an
 * allocation (nginx would log a [crit] line for each). Drops are counted (`#dropped`, shown as
 * tresty_stats_dropped_total) and the first one is logged, once.
 */
import { checkBuckets, defaultBuckets, settings, statsZone } from './settings.ts'
import { COUNT, DROPPED, H_BUCKET, H_COUNT, H_SUM, SERIES, SUM } from './keys.ts'
import { formatValue, seriesId, type Labels } from './series.ts'

export interface Stat {
  /** Adds `value` (default 1) to the series `key{labels}`; false when the write was dropped. */
  incr(key: string, value?: number, labels?: Labels | null): boolean
  /** Records one observation (e.g. seconds) in the histogram `key{labels}`. */
  observe(key: string, value: number, labels?: Labels | null, buckets?: number[]): boolean
}

/** Free bytes a new series needs in the zone: a histogram's ~14 entries, with room to spare. */
const ROOM = 64 * 1024

function dropped(d: NgxSharedDict<number>): false {
  try {
    if (d.incr(DROPPED, 1, 0) === 1) {
      ngx.log(ngx.WARN, `tresty stats: zone "${settings.zone}" holds ${d.get(SERIES) || 0} series (maxSeries ${settings.maxSeries}, ` +
        `${d.freeSpace()} bytes free): new series are dropped from now on and counted in tresty_stats_dropped_total (logged once)`)
    }
  } catch (e) { /* the zone is full: nothing more to do */ }
  return false
}

/** May a new series be created? False (and the drop counted) at the limit or when the zone is nearly full. */
function admit(d: NgxSharedDict<number>): boolean {
  if ((d.get(SERIES) || 0) < settings.maxSeries && d.freeSpace() >= ROOM) return true
  return dropped(d)
}

/**
 * Counts one write to the series whose count entry is `key`, admitting it first when it is new:
 * -1 dropped, 0 counted, 1 counted and created by this call.
 */
function count(d: NgxSharedDict<number>, key: string): number {
  if (!d.has(key) && !admit(d)) return -1
  // Two requests may admit the same new series; only the one that created it counts it.
  if (d.incr(key, 1, 0) !== 1) return 0
  d.incr(SERIES, 1, 0)
  return 1
}

function incr(key: string, value?: number, labels?: Labels | null): boolean {
  return incrSeries(seriesId(key, labels), value === undefined ? 1 : value)
}

/** `stat.incr` for a series id already rendered (see series.ts). */
export function incrSeries(s: string, v: number): boolean {
  if (typeof v !== 'number' || !isFinite(v)) return false
  const d = statsZone()
  if (!d) return false
  try {
    if (count(d, COUNT + s) < 0) return false
    d.incr(SUM + s, v, 0)
    return true
  } catch (e) {
    return dropped(d)
  }
}

/** The index of the first bucket whose upper bound is ≥ v (buckets.length: only +Inf). */
function bucketOf(buckets: number[], v: number): number {
  let i = 0
  while (i < buckets.length && v > buckets[i]) i++
  return i
}

function observe(key: string, value: number, labels?: Labels | null, buckets?: number[]): boolean {
  return observeSeries(seriesId(key, labels), value, buckets)
}

/** `stat.observe` for a series id already rendered (see series.ts). */
export function observeSeries(s: string, value: number, buckets?: number[]): boolean {
  if (typeof value !== 'number' || !isFinite(value)) return false
  const d = statsZone()
  if (!d) return false
  try {
    const b = buckets ? checkBuckets(buckets) : settings.buckets || defaultBuckets()
    const counted = count(d, H_COUNT + s)
    if (counted < 0) return false
    // Every bucket exists from the first observation on, so each scrape shows the full set.
    if (counted === 1) for (let i = 0; i < b.length; i++) d.add(H_BUCKET + s + '\t' + formatValue(b[i]), 0)
    d.incr(H_SUM + s, value, 0)
    const i = bucketOf(b, value)
    if (i < b.length) d.incr(H_BUCKET + s + '\t' + formatValue(b[i]), 1, 0)
    return true
  } catch (e) {
    return dropped(d)
  }
}

export const stat: Stat = { incr, observe }
