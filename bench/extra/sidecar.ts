/**
 * Sidecar benches: one round trip from a handler to the Node sidecar and back, by subrequest
 * (unix socket upstream with keepalive) and by ngx.fetch (TCP), next to the same app's route that
 * does not call the sidecar; and enqueue throughput. For the round trip's own latency run
 *   npm run bench -- --targets sidecar-baseline,sidecar-subrequest,sidecar-fetch --connections 1
 * and subtract the baseline's p50/p99.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { registerTarget, type BenchContext, type TargetSetup } from '../targets.ts'
import { startRedis } from '../../test/support/redis.ts'
import { startSidecar } from '../../src/node/sidecar/sidecar.ts'
import { SIDECAR_LOCATIONS, sidecarUpstream } from '../../src/node/sidecar/upstream-conf.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'

const APP = 'test/apps/sidecar-app.ts'
const BENCH_SECRET = 'tresty-bench-sidecar-secret'

/** Redis and a sidecar (socket + TCP, no task workers: enqueue only), and the nginx config for them. */
function withSidecar(fetchKeepalive = false) {
  return async (_ctx: BenchContext): Promise<TargetSetup> => {
    const redis = await startRedis()
    const dir = mkdtempSync(join(tmpdir(), 'tresty-bench-sidecar-'))
    chmodSync(dir, 0o755) // nginx workers run as nobody
    const port = await freePort()
    const sidecar = await startSidecar({ redisUrl: redis.url, socket: join(dir, 'sidecar.sock'), port, workers: 0, secret: BENCH_SECRET }, { file: join(dir, 'none.json') })
    return {
      http: `${sidecarUpstream(sidecar.address)}
    js_var $tresty_sidecar_url http://127.0.0.1:${port};${fetchKeepalive ? '\n    js_fetch_keepalive 16;' : ''}`,
      server: `        include ${SIDECAR_LOCATIONS};`,
      main: 'env TRESTY_SIDECAR_SECRET;',
      env: { TRESTY_SIDECAR_SECRET: BENCH_SECRET },
      async stop() {
        await sidecar.stop()
        await redis.stop()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
}

registerTarget({
  name: 'sidecar-baseline', title: 'sidecar app, route without a sidecar call', core: true,
  app: APP, path: '/ping', expect: { body: 'pong' }, setup: withSidecar(),
})
registerTarget({
  name: 'sidecar-subrequest', title: 'one sidecar round trip by r.subrequest (unix socket upstream)', core: true,
  app: APP, path: '/rt/subrequest', expect: { body: 'ok' }, setup: withSidecar(),
})
registerTarget({
  name: 'sidecar-fetch', title: 'one sidecar round trip by ngx.fetch (TCP)', core: true,
  app: APP, path: '/rt/fetch', expect: { body: 'ok' }, setup: withSidecar(),
})
registerTarget({
  // js_fetch_keepalive exists from njs 0.9.2: not on the Debian 13 row.
  name: 'sidecar-fetch-keepalive', title: 'one sidecar round trip by ngx.fetch (TCP, js_fetch_keepalive)',
  rows: ['njs-1.0', 'qjs-1.0'], app: APP, path: '/rt/fetch', expect: { body: 'ok' }, setup: withSidecar(true),
})
registerTarget({
  name: 'sidecar-enqueue', title: 'tasks.enqueue through the sidecar into BullMQ', core: true,
  app: APP, path: '/tasks/add', method: 'POST', body: '{"payload":{"a":1,"b":2}}',
  headers: { 'Content-Type': 'application/json' }, setup: withSidecar(),
})
