/**
 * Cache and stats benches (issue 4): a tier-1 cache hit through tresty/cache next to the same
 * shared-dict read written by hand, and a /metrics scrape of 10,000 series (its CPU µs per
 * request is the cost of one scrape; the target is under 50 ms).
 */
import { registerComparison, registerTarget } from '../targets.ts'

const HELLO = '{"message":"Hello, World!","id":"42"}'

registerTarget({
  name: 'cache-hit-raw', title: 'raw njs: the same JSON read from a shared dict by hand', core: true,
  app: 'bench/apps/cache-hit-raw.ts', path: '/cache/42', expect: { body: HELLO }, notTresty: true,
  http: '    js_shared_dict_zone zone=tresty_cache:16m timeout=1d evict;',
})
registerTarget({
  name: 'cache-hit', title: 'tresty/cache tier-1 hit (loader ran once, at warm-up)', core: true,
  app: 'bench/apps/cache-hit.ts', path: '/cache/42', expect: { body: HELLO },
})
registerComparison({
  name: 'cache hit/raw dict read', of: 'cache-hit', to: 'cache-hit-raw', metric: 'cpuPerRequest', max: 1.15,
  what: 'a cache-hit route ≤ 1.15× the raw njs shared-dict read (CPU/request)',
})
registerComparison({
  name: 'cache hit/raw njs', of: 'cache-hit', to: 'raw', metric: 'cpuPerRequest', max: 1.15,
  what: 'a cache-hit route ≤ 1.15× the raw njs JSON handler (CPU/request)',
})

registerTarget({
  name: 'metrics-10k', title: '/metrics scrape of 10,000 series (µs/req = one scrape; target < 50,000)', core: true,
  app: 'bench/apps/metrics-10k.ts', path: '/metrics', connections: 1,
  setup: async () => ({
    async warm(target: string) {
      const url = new URL(target).origin
      for (const from of [0, 2500, 5000, 7500]) {
        const res = await fetch(`${url}/fill/${from}/2500`)
        if (!res.ok) throw new Error(`metrics-10k warm-up: /fill/${from} → ${res.status}`)
      }
      for (let i = 0; i < 2; i++) await fetch(`${url}/tick`)
    },
  }),
})
