/**
 * A/B of two builds in one bench run, served byte for byte (unlike path-ab.ts, which rebuilds
 * each bundle): fresh QuickJS contexts (cold.ts's method) and warm requests. Not run unless
 * named: set
 *
 *   TRESTY_COLD_AB=before=/tmp/ab/before,after=/tmp/ab/after
 *
 * where each folder holds bundles `tresty build` already wrote (e.g. routes-100.js and
 * routes-10k.js built from two commits). Each bundle becomes two targets: `cold-ab-<label>-<file>`
 * (QuickJS only, `js_context_reuse 0`: every request evaluates the whole bundle in a new context)
 * and `warm-ab-<label>-<file>` (every row, the generated config as is).
 * The bench builds the entry as usual (for its nginx config), then serves the prebuilt bundle
 * itself in its place, byte for byte: the embedded route table each commit wrote is what is
 * measured. Then
 *
 *   npm run bench -- --rows qjs-1.0 --targets cold-raw,cold-ab-before-routes-10k,cold-ab-after-routes-10k
 *
 * (On the njs engine the preloaded table is the one the bench's build of the bundle wrote, which
 * is the table of the app the bundle holds.)
 */
import { copyFileSync, existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { registerTarget } from '../targets.ts'

const HELLO = '{"message":"Hello, World!","id":"42"}'

for (const pair of (process.env.TRESTY_COLD_AB || '').split(',').filter(Boolean)) {
  const eq = pair.indexOf('=')
  const label = pair.slice(0, eq)
  const dir = pair.slice(eq + 1)
  if (eq <= 0 || !existsSync(dir)) throw new Error(`bench: TRESTY_COLD_AB: "${pair}" is not label=/existing/folder`)
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
    const bundle = join(dir, file)
    const base = file.slice(0, -3)
    const serveBundle = async (ctx: { prefix: string }) => {
      copyFileSync(bundle, join(ctx.prefix, 'js', file))
      return {}
    }
    registerTarget({
      name: `cold-ab-${label}-${base}`,
      title: `${file} as built in ${dir}, fresh context per request`,
      app: bundle,
      path: '/json/42',
      expect: { body: HELLO },
      rows: ['qjs-1.0'],
      group: 'cold',
      connections: 10,
      server: '        js_context_reuse 0;',
      setup: serveBundle,
    })
    registerTarget({
      name: `warm-ab-${label}-${base}`,
      title: `${file} as built in ${dir}`,
      app: bundle,
      path: '/json/42',
      expect: { body: HELLO },
      // the breakdown probes that make no app answer like `raw`, without tresty's config
      notTresty: base === 'probe-import' || base === 'probe-app',
      setup: serveBundle,
    })
  }
}
