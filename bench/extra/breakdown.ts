/**
 * Per-request breakdown (issue 12, part 4): apps that stop after each stage of tresty's request
 * path, all through the public API, so the same probes measure the code before and after a
 * rebuild. `npm run bench -- --breakdown` runs them with `raw` and `tresty` on each row; a
 * piece's cost is the difference of two probes' server CPU µs per request (see report.ts).
 */
import { registerTarget } from '../targets.ts'

const HELLO = '{"message":"Hello, World!","id":"42"}'

const probe = (name: string, title: string, app: string, notTresty = false) => registerTarget({
  name, title, app: `bench/apps/${app}.ts`, path: '/json/42', expect: { body: HELLO }, group: 'breakdown', notTresty,
})

probe('bd-import', 'raw handler, tresty imported (bundle top level)', 'probe-import', true)
probe('bd-app', 'raw handler, an empty app() made', 'probe-app', true)
probe('bd-mw-text', 'app, no routes, one middleware answering a string', 'probe-mw-text')
probe('bd-mw-json', 'app, no routes, one middleware answering an object (JSON)', 'probe-mw-json')
probe('bd-1route', 'app, one route GET /json/:id, no middleware', 'probe-1route')
probe('bd-100', '100 routes, no middleware', 'probe-100')
probe('bd-headers', '100 routes + 2 middlewares, handler sets 3 headers', 'probe-headers')
probe('bd-log', '100 routes + 2 middlewares, one onLog hook (log phase)', 'probe-log')
