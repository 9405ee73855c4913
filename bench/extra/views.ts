/**
 * Views and validation benches (issue 8), not core: `npm run bench -- --targets
 * views-base,views-import,view-tsx,view-dsl,validate-json,validate-query,slug`.
 * views-import vs views-base is what importing tresty/validate + html + helper and declaring
 * schemas at module load costs a request that uses none of it (njs engine: module top level
 * runs per request). The others are the cost of one render / one validation on top.
 */
import { registerTarget } from '../targets.ts'

const HELLO = '{"message":"Hello, World!","id":"42"}'
const ORDER = JSON.stringify({ customer: { name: ' Ann ', email: 'ann@example.com' }, items: [{ name: 'tea', qty: 2 }, { name: 'cake', qty: 1 }], coupon: 'ABCD12' })

registerTarget({ name: 'views-base', title: 'one tresty route, hello JSON (views baseline)', app: 'bench/apps/views-base.ts', path: '/json/42', expect: { body: HELLO } })
registerTarget({ name: 'views-import', title: 'same route; app imports validate/html/helper, declares schemas', app: 'bench/apps/views.ts', path: '/json/42', expect: { body: HELLO } })
registerTarget({ name: 'view-tsx', title: 'TSX login page (~1 KB HTML)', app: 'bench/apps/views.ts', path: '/page/tsx' })
registerTarget({ name: 'view-dsl', title: 'DSL page, 8-item list', app: 'bench/apps/views.ts', path: '/page/dsl' })
registerTarget({
  name: 'validate-json', title: 'validate() a JSON order body (nested object, array of 2)', app: 'bench/apps/views.ts', path: '/orders',
  method: 'POST', body: ORDER, headers: { 'content-type': 'application/json' },
})
registerTarget({ name: 'validate-query', title: 'validate() a query (string, integer, one-of)', app: 'bench/apps/views.ts', path: '/search?q=tea&page=2&sort=top' })
registerTarget({ name: 'slug', title: 'slug() of a 45-character Latin/Greek/Cyrillic title', app: 'bench/apps/views.ts', path: '/slug' })
