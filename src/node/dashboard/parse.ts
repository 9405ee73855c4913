/**
 * The stats zone's entries (see src/njs/stats/keys.ts) turned into the dashboard's rows: per-route
 * requests and request-time histograms from routeMetrics(a), and tresty/cache's hit/miss counters.
 */
import type { CacheRow, RouteRow } from '../../shared/dashboard.ts'

const REQUESTS = 'http_requests'
const DURATION = 'http_request_duration_seconds'

/** `name{a="x",b="y"}` → name and labels (values unescaped as series.ts escaped them). */
export function parseSeries(id: string): { name: string; labels: Record<string, string> } {
  const brace = id.indexOf('{')
  if (brace < 0) return { name: id, labels: {} }
  const labels: Record<string, string> = {}
  const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g
  for (let m = re.exec(id); m; m = re.exec(id)) {
    labels[m[1]] = m[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
  }
  return { name: id.slice(0, brace), labels }
}

export interface ParsedStats {
  routeMetrics: boolean
  /** By `METHOD path` (the route pattern as declared). */
  routes: Record<string, Omit<RouteRow, 'method' | 'path'>>
  caches: CacheRow[]
  series: number
  dropped: number
}

function bucketOrder(a: [string, number], b: [string, number]): number {
  return (a[0] === 'Inf' ? Infinity : parseFloat(a[0])) - (b[0] === 'Inf' ? Infinity : parseFloat(b[0]))
}

export function parseStats(items: [string, number][]): ParsedStats {
  const out: ParsedStats = { routeMetrics: false, routes: {}, caches: [], series: 0, dropped: 0 }
  const hSum: Record<string, number> = {}
  const hCount: Record<string, number> = {}
  const hBuckets: Record<string, [string, number][]> = {}
  const cache: Record<string, CacheRow> = {}
  const row = (key: string) => (out.routes[key] ??= { requests: 0, statuses: {}, buckets: [], meanMs: null })
  for (const [key, value] of items) {
    if (key === '#series') { out.series = value; continue }
    if (key === '#dropped') { out.dropped = value; continue }
    if (key.startsWith('#cache\t')) {
      const [, kind, name] = key.split('\t')
      const c = (cache[name] ??= { name, hits: 0, misses: 0, ratio: null })
      if (kind === 'hit') c.hits = value
      else if (kind === 'miss') c.misses = value
      continue
    }
    const kind = key.charAt(0)
    const rest = key.slice(1)
    const tab = rest.indexOf('\t')
    const { name, labels } = parseSeries(tab < 0 ? rest : rest.slice(0, tab))
    if (labels.route === undefined || labels.method === undefined) continue
    const route = `${labels.method} ${labels.route}`
    if (name === REQUESTS && kind === 'v') {
      out.routeMetrics = true
      const r = row(route)
      r.requests += value
      r.statuses[labels.status ?? '?'] = (r.statuses[labels.status ?? '?'] ?? 0) + value
    } else if (name === DURATION) {
      if (kind === 'n') hCount[route] = value
      else if (kind === 's') hSum[route] = value
      else if (kind === 'b') (hBuckets[route] ??= []).push([rest.slice(tab + 1), value])
    }
  }
  for (const route of Object.keys(hCount)) {
    const r = row(route)
    const buckets = (hBuckets[route] ?? []).sort(bucketOrder)
    // Buckets hold what fell into them; what is above the last bound is the rest of the count.
    const inBuckets = buckets.reduce((n, b) => n + b[1], 0)
    buckets.push(['Inf', Math.max(0, hCount[route] - inBuckets)])
    r.buckets = buckets
    r.meanMs = hCount[route] ? (1000 * (hSum[route] ?? 0)) / hCount[route] : null
  }
  for (const c of Object.values(cache)) {
    c.ratio = c.hits + c.misses ? c.hits / (c.hits + c.misses) : null
    out.caches.push(c)
  }
  out.caches.sort((a, b) => a.name.localeCompare(b.name))
  return out
}

/**
 * The route table (from the app manifest, in declaration order) joined with the counts. Counted
 * routes the manifest does not list (an app the build could not evaluate) are appended.
 */
export function routeRows(table: { rmethod: string[]; rpath: string[] } | null, parsed: ParsedStats): { routes: RouteRow[]; unrouted: number } {
  const routes: RouteRow[] = []
  const seen = new Set<string>()
  const empty = { requests: 0, statuses: {}, buckets: [], meanMs: null }
  const add = (method: string, path: string) => {
    // routeMetrics labels a route declared for any method ('*' in the table) with the request's method.
    const keys = method === '*' ? Object.keys(parsed.routes).filter((k) => k.slice(k.indexOf(' ') + 1) === path) : [`${method} ${path}`]
    if (!keys.length) keys.push(`${method} ${path}`)
    for (const key of keys) {
      if (seen.has(key)) continue
      seen.add(key)
      routes.push({ method: key.slice(0, key.indexOf(' ')), path, ...(parsed.routes[key] ?? empty) })
    }
  }
  if (table) for (let i = 0; i < table.rpath.length; i++) add(table.rmethod[i], table.rpath[i])
  let unrouted = 0
  for (const key of Object.keys(parsed.routes)) {
    const path = key.slice(key.indexOf(' ') + 1)
    if (path === '-') { unrouted += parsed.routes[key].requests; continue }
    if (!seen.has(key)) add(key.slice(0, key.indexOf(' ')), path)
  }
  return { routes, unrouted }
}
