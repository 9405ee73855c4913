/**
 * Routes declared in a loop (not core): `npm run bench -- --targets tresty,tresty-loop,tresty-10k,tresty-loop-10k`.
 * The build compiles only literal top-level declarations (docs/request-path.md); routes a loop
 * declares stay dynamic. On the njs engine the module's top level, the loop included, runs for
 * every request, so these show what that costs per route; on QuickJS only a fresh context pays it.
 */
import { registerTarget } from '../targets.ts'

const HELLO = '{"message":"Hello, World!","id":"42"}'

registerTarget({ name: 'tresty-loop', title: 'tresty: the 100-route app, routes declared in a loop', app: 'bench/apps/routes-loop-100.ts', path: '/json/42', expect: { body: HELLO } })
registerTarget({ name: 'tresty-loop-10k', title: 'tresty: the 10,000-route app, routes declared in a loop', app: 'bench/apps/routes-loop-10k.ts', path: '/json/42', expect: { body: HELLO } })
