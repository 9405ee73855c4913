/** `tresty/stats`: counters and histograms in a shared number zone, and their `/metrics` page. */
export { stat, type Stat } from './stat.ts'
export { configureStats, type StatsOptions } from './settings.ts'
export { metrics, tick, statsTick, CONTENT_TYPE } from './metrics.ts'
export { routeMetrics, type RouteMetricsOptions } from './route-metrics.ts'
export { render } from './prometheus-text.ts'
export { escapeLabelValue, seriesId, type Labels } from './series.ts'
