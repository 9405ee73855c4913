/** `import { stat, metrics, routeMetrics } from 'tresty/stats'` — see stats/index.ts. */
export * from './stats/index.ts'
