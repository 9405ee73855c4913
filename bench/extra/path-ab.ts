/**
 * A/B of two builds of the same app in one bench run (issue 12, part 4: before/after figures
 * that share rounds, load and machine). Not run unless named: set
 *
 *   TRESTY_AB=before=/tmp/ab/before,after=/tmp/ab/after
 *
 * where each folder holds bundles `tresty build` already wrote (e.g. `routes-100.js` built from
 * main's checkout, and the same app built from this branch). Each bundle becomes the target
 * `ab-<label>-<file>` (e.g. `ab-before-routes-100`): the bench builds it again (a bundle is a
 * valid entry: nothing left to alias or compile, and the route table it writes has the same
 * global name, since the file keeps its name), so its nginx config is the real one. Then
 *
 *   npm run bench -- --targets ab-before-routes-100,ab-after-routes-100,raw --rows njs-0.8
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { registerTarget } from '../targets.ts'

const HELLO = '{"message":"Hello, World!","id":"42"}'

/** Probes that are not tresty apps (no app made, or no routes): served without nginx/http.conf. */
const NOT_TRESTY = new Set(['probe-import', 'probe-app'])

for (const pair of (process.env.TRESTY_AB || '').split(',').filter(Boolean)) {
  const eq = pair.indexOf('=')
  const label = pair.slice(0, eq)
  const dir = pair.slice(eq + 1)
  if (eq <= 0 || !existsSync(dir)) throw new Error(`bench: TRESTY_AB: "${pair}" is not label=/existing/folder`)
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
    const base = file.slice(0, -3)
    if (base === 'probe-path') {
      // bench/apps/probe-path.ts: one target per piece named in TRESTY_AB_PIECES (e.g. none,route-cold)
      for (const piece of (process.env.TRESTY_AB_PIECES || 'none').split(',')) {
        registerTarget({
          name: `ab-${label}-pp-${piece}`, title: `probe-path ${piece} as built in ${dir}`, app: join(dir, file),
          path: `/piece/${piece}`, expect: { body: 'ok' }, connections: 10,
        })
      }
      continue
    }
    const pieces = base === 'probe-pieces'
    registerTarget({
      name: `ab-${label}-${base}`,
      title: `${base} as built in ${dir}`,
      app: join(dir, file),
      path: pieces ? '/piece/none' : '/json/42',
      expect: pieces ? { body: 'ok' } : { body: HELLO },
      notTresty: NOT_TRESTY.has(base),
    })
  }
}
