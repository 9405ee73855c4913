/**
 * Per-route metrics from the log phase, with no handler changes:
 *
 *   routeMetrics(a)
 *
 * counts `http_requests{method,route,status}` (with `_count`, `_delta`, `_avg` like any stat) and
 * observes `http_request_duration_seconds{method,route}` from `$request_time`. `route` is the
 * pattern that served the request (`/users/:id`), `-` when none did, so unknown paths cannot grow
 * the series count; `method` is one of the standard methods or `OTHER`, so invented methods
 * cannot either. The hook runs where nginx evaluates `$tresty_log` (nginx/log-hooks.conf).
 */
import type { App, LogRequest } from '../app.ts'
import { statsTick } from './metrics.ts'
import { escapeLabelValue, metricName } from './series.ts'
import { checkBuckets } from './settings.ts'
import { incrSeries, observeSeries } from './stat.ts'

export interface RouteMetricsOptions {
  /** Name prefix (default `http_`). */
  prefix?: string
  /** Histogram buckets for the request time, in seconds. */
  buckets?: number[]
}

export function routeMetrics(a: App, o?: RouteMetricsOptions): App {
  const prefix = metricName((o && o.prefix) || 'http_')
  const buckets = o && o.buckets ? checkBuckets(o.buckets) : undefined
  const requests = prefix + 'requests{method="'
  const duration = prefix + 'request_duration_seconds{method="'
  a.onLog((e: LogRequest) => {
    // Series ids built directly (label names known, in order): this runs for every request.
    const labels = methodLabel(e.method) + '",route="' + (e.route ? escapeLabelValue(e.route) : '-') + '"'
    incrSeries(requests + labels + ',status="' + e.status + '"}', 1)
    observeSeries(duration + labels + '}', e.time, buckets)
  })
  return statsTick(a)
}

/** The method as a label: a client can send any token as a method, and each would be a series. */
export function methodLabel(method: string): string {
  switch (method) {
    case 'GET': case 'HEAD': case 'POST': case 'PUT': case 'DELETE': case 'PATCH': case 'OPTIONS': case 'TRACE': case 'CONNECT':
      return method
    default:
      return 'OTHER'
  }
}
