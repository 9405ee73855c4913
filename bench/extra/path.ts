/**
 * Probes for the constant cost of tresty's request path (issue 12, part 4). Not core: name them,
 * e.g. `npm run bench -- --targets raw,pp-fns150,pp-lazy150 --rows njs-0.8`.
 *
 * - `pp-fns150` / `pp-lazy150`: the raw handler with 150 top-level function declarations, or
 *   the same 150 nested in a function never called: what a declaration costs per request on
 *   the njs engine (which re-runs a module's top level every time), and that nesting it in a
 *   function made on first use costs nothing until then.
 * - `pp-<piece>`: bench/apps/probe-path.ts; one piece of the routed path run 200× per request
 *   (`cold`: as on the njs engine, a fresh app's first match; `warm`: the app kept, as on QuickJS).
 *   One run costs (pp-<piece> − pp-none) / 200.
 */
import { registerTarget } from '../targets.ts'

const HELLO = '{"message":"Hello, World!","id":"42"}'

registerTarget({ name: 'pp-fns150', title: 'raw handler + 150 top-level functions', app: 'bench/apps/probe-fns150.ts', path: '/json/42', expect: { body: HELLO }, notTresty: true })
registerTarget({ name: 'pp-lazy150', title: 'raw handler + 150 functions in a function never called', app: 'bench/apps/probe-lazy150.ts', path: '/json/42', expect: { body: HELLO }, notTresty: true })

for (const piece of ['none', 'op-forin', 'op-arguments', 'op-call', 'op-instanceof', 'op-constructor', 'obj-literal', 'obj-new', 'obj-create', 'request', 'chain', 'send-text', 'send-json', 'router-new', 'router-match', 'pick', 'route-cold', 'route-warm', 'content-cold', 'content-warm']) {
  registerTarget({
    name: `pp-${piece}`, title: `probe-path: ${piece} ×200`, app: 'bench/apps/probe-path.ts', path: `/piece/${piece}`, expect: { body: 'ok' }, connections: 10,
  })
}
