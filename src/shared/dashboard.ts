/** The dev dashboard's JSON: what nginx answers (src/njs/dashboard) and what the page polls (src/node/dashboard). */

export interface ZoneUsage {
  /** Bytes of the zone, bytes free, and how many keys it holds. */
  capacity: number
  free: number
  entries: number
}

/** `GET /_tresty/dashboard/nginx.json` (loopback only). */
export interface DashboardNginxData {
  /** Every entry of `tresty_stats` (see src/njs/stats/keys.ts). */
  stats: [string, number][]
  statsZone: ZoneUsage | null
  cacheZone: ZoneUsage | null
}

export interface RouteRow {
  method: string
  path: string
  /** Requests counted by routeMetrics(a), by status. */
  requests: number
  statuses: Record<string, number>
  /** Request-time histogram: per bucket upper bound (seconds; 'Inf' last), observations (not cumulative). */
  buckets: [string, number][]
  /** Mean request time in milliseconds (null before the first request). */
  meanMs: number | null
}

export interface CacheRow {
  name: string
  hits: number
  misses: number
  /** hits / (hits + misses), null before the first get. */
  ratio: number | null
}

export interface FailedTask {
  id: string
  name: string
  reason: string
  attempts: number
  finishedAt: number | null
}

/** `GET /_tresty/dashboard/data.json`: everything the page shows. */
export interface DashboardData {
  at: number
  /** From routeMetrics(a): false when the app does not count its routes (then counts are all 0). */
  routeMetrics: boolean
  routes: RouteRow[]
  /** Requests no route served (404s, 405s): routeMetrics' `route="-"`. */
  unrouted: number
  cache: { zone: ZoneUsage | null; caches: CacheRow[] }
  stats: { zone: ZoneUsage | null; series: number; dropped: number }
  sidecar: { ok: boolean; health?: unknown; error?: string }
  tasks: { counts?: Record<string, number>; failed?: FailedTask[]; error?: string }
  /** Parts that could not be read (nginx not answering …). */
  errors: string[]
}
