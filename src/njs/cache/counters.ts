/**
 * Tier-1 hits and misses per cache, for the dev dashboard's hit ratio: `#cache\thit\t<name>` and
 * `#cache\tmiss\t<name>` in the stats zone (tresty/stats' /metrics skips `#` keys). Two keys per
 * cache name, so the count of keys is bounded by the app's code, never by requests.
 */
const ZONE = 'tresty_stats'

export function countGet(name: string, hit: boolean): void {
  const d = ngx.shared[ZONE] as NgxSharedDict<number> | undefined
  if (!d) return
  try {
    d.incr((hit ? '#cache\thit\t' : '#cache\tmiss\t') + name, 1, 0)
  } catch (e) { /* not a number zone, or full: the ratio is only informative */ }
}
