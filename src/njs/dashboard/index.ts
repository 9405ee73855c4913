/**
 * The dev dashboard's nginx side (`tresty dev` only; see docs/dashboard.md and nginx/dashboard.conf).
 * Not part of the app bundle: `tresty dev` builds this file into its own module, imported only
 * inside the dashboard's loopback-only location, so the app's requests never load it.
 *
 * `data` answers what only nginx knows: every entry of the stats zone (tresty/stats series and
 * tresty/cache's hit/miss counters) and how full the cache zone is. The Node side parses it.
 */
import type { DashboardNginxData } from '../../shared/dashboard.ts'

function data(r: NginxHTTPRequest): void {
  const out: DashboardNginxData = { stats: [], statsZone: null, cacheZone: null }
  const s = ngx.shared.tresty_stats as NgxSharedDict<number> | undefined
  if (s) {
    out.stats = s.items(s.size() + 1024) as [string, number][]
    out.statsZone = { capacity: s.capacity, free: s.freeSpace(), entries: s.size() }
  }
  const c = ngx.shared.tresty_cache
  if (c) out.cacheZone = { capacity: c.capacity, free: c.freeSpace(), entries: c.size() }
  r.headersOut['Content-Type'] = 'application/json'
  r.headersOut['Cache-Control'] = 'no-store'
  r.return(200, JSON.stringify(out))
}

export default { data }
