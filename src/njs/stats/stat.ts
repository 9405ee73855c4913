/**
 * `stat.incr(key, value, labels)`: the one write interface — atomic increments in a number zone,
 * safe from any phase (content, log, js_periodic) and never throwing. `stat.observe` feeds a
 * histogram the same way. A new series is admitted only while fewer than `maxSeries` exist.
 */
import { checkBuckets, defaultBuckets, settings, statsZone } from './config.ts'
import { COUNT, DROPPED, H_BUCKET, H_COUNT, H_SUM, SERIES, SUM } from './keys.ts'
import { formatValue, seriesId, type Labels } from './series.ts'

export interface Stat {
  /** Adds `value` (default 1) to the series `key{labels}`; false when the write was dropped. */
  incr(key: string, value?: number, labels?: Labels | null): boolean
  /** Records one observation (e.g. seconds) in the histogram `key{labels}`. */
  observe(key: string, value: number, labels?: Labels | null, buckets?: number[]): boolean
}

function dropped(d: NgxSharedDict<number>): false {
  try { d.incr(DROPPED, 1, 0) } catch (e) { /* the zone is full: nothing more to do */ }
  return false
}

/** Counts a new series in; false (and the drop counted) when the limit is reached. */
function admit(d: NgxSharedDict<number>): boolean {
  if (d.incr(SERIES, 1, 0) <= settings.maxSeries) return true
  d.incr(SERIES, -1, 0)
  return dropped(d)
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
    if (d.incr(COUNT + s, 1, 0) === 1 && !admit(d)) {
      d.delete(COUNT + s)
      return false
    }
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
    if (d.incr(H_COUNT + s, 1, 0) === 1) {
      if (!admit(d)) {
        d.delete(H_COUNT + s)
        return false
      }
      // Every bucket exists from the first observation on, so each scrape shows the full set.
      for (let i = 0; i < b.length; i++) d.add(H_BUCKET + s + '\t' + formatValue(b[i]), 0)
    }
    d.incr(H_SUM + s, value, 0)
    const i = bucketOf(b, value)
    if (i < b.length) d.incr(H_BUCKET + s + '\t' + formatValue(b[i]), 1, 0)
    return true
  } catch (e) {
    return dropped(d)
  }
}

export const stat: Stat = { incr, observe }
