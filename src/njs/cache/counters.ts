/**
 * Tier-1 hits and misses per cache, for the dev dashboard's hit ratio: `#cache\thit\t<name>` and
 * `#cache\tmiss\t<name>` in the stats zone (tresty/stats' /metrics skips `#` keys). Two keys per
 * cache name, so the count of keys is bounded by the app's code, never by requests.
 */
import { sharedZone } from '../utils/zones.ts'

const ZONE = 'tresty_stats'

/** The counter keys of cache `name`: [hits, misses] (made once per cache, not per read). */
export function counterKeys(name: string): [string, string] {
  return ['#cache\thit\t' + name, '#cache\tmiss\t' + name]
}

/** Adds one to counter `key` (one of `counterKeys`). */
export function count(key: string): void {
  const d = sharedZone<number>(ZONE)
  if (!d) return
  try {
    d.incr(key, 1, 0)
  } catch (e) { /* not a number zone, or full: the ratio is only informative */ }
}
