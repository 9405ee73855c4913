/**
 * Per-piece probe of the routed request path as the njs engine runs it (bench/extra/path.ts):
 * GET /piece/NAME runs one piece RUNS times in one request, like probe-pieces.ts, but "cold"
 * pieces first forget what the app built on an earlier request (its router, the routes it
 * picked), so each run pays what every request pays on the njs engine, where the VM — and the
 * app with it — is made afresh per request. "warm" pieces are what QuickJS pays (its contexts
 * keep the app between requests). (piece − none) / RUNS is one run's cost.
 *
 * Reaches into tresty's internals (app-state.ts): it describes the commit measured.
 */
import type { Request, Response } from 'tresty'
import { findRoute } from '../../src/njs/app-state.ts'
import { createRouter } from '../../src/njs/router/router.ts'
import { createRequest } from '../../src/njs/request.ts'
import { createResponse } from '../../src/njs/response.ts'
import { runChain } from '../../src/njs/compose.ts'
import { send } from '../../src/njs/send.ts'
import { stamp, retryAfter } from './routes.ts'
import a from './routes-100.ts'

const RUNS = 200
const app: any = a
/** The build's route table as this request found it (njs engine), before anything is reset. */
const table = app._routeTable

function fakeRaw(): any {
  return {
    method: 'GET', uri: '/json/42', headersOut: {}, headersIn: {}, variables: {}, args: {}, status: 0,
    return(status: number) { this.status = status },
    sendHeader() {}, send() {}, finish() {}, error() {}, log() {}, warn() {},
  }
}

/** The app as a new VM has it: declarations recorded, nothing routed yet. */
function forget(): void {
  if (table) {
    app._router = null
    app._routeTable = table
  }
  app._picked = null
}

const handler = (q: Request) => ({ message: 'Hello, World!', id: q.params.id })
const BODY = { message: 'Hello, World!', id: '42' }
const EMPTY = {}
function countArgs(): number { return arguments.length }
/** Where results go, so the bundler keeps code whose result is otherwise unused (rollup drops pure calls). */
const sink: any[] = [null]
function plain(a?: any): any { sink[0] = a; return a }
// `name: function` (the njs engine's parser reads `get(`… in a literal as a getter)
const PROTO: any = { m1: function () { return 1 }, m2: function () { return 2 } }
function Made(this: any, raw: any, method: string, path: string, match: string[], params: any, route: string, limit: number) {
  this.raw = raw; this.method = method; this.path = path; this.match = match; this.params = params; this.route = route; this._limit = limit
}
Made.prototype = PROTO
const BYTES = new Uint8Array(0)

function piece(name: string): (() => void) | null {
  switch (name) {
    // single operations, for what the path is made of (each with the stand-in, like `none`)
    case 'op-forin': return () => { plain(fakeRaw()); for (const k in EMPTY) plain(k) }
    case 'op-arguments': return () => { plain(fakeRaw()); plain(countArgs()) }
    case 'op-call': return () => { plain(fakeRaw()); plain() }
    case 'op-instanceof': return () => { plain(fakeRaw()); plain(BODY instanceof Uint8Array || BODY instanceof ArrayBuffer) }
    case 'op-constructor': return () => { plain(fakeRaw()); plain(BODY.constructor === Object) }
    case 'obj-literal': return () => { const raw = fakeRaw(); plain({ __proto__: PROTO, raw, method: 'GET', path: '/json/42', match: BYTES, params: BODY, route: '/json/:id', _limit: 1 }) }
    case 'obj-new': return () => { const raw = fakeRaw(); plain(new (Made as any)(raw, 'GET', '/json/42', BYTES, BODY, '/json/:id', 1)) }
    case 'obj-create': return () => {
      const raw = fakeRaw(); const o = Object.create(PROTO)
      o.raw = raw; o.method = 'GET'; o.path = '/json/42'; o.match = BYTES; o.params = BODY; o.route = '/json/:id'; o._limit = 1
      plain(o)
    }
    // the steps of the routed path, each after the one before (chain includes q and r creation)
    case 'request': return () => { plain(createRequest(fakeRaw(), 'GET', '/json/42', 1 << 20, ['42'], { id: '42' }, '/json/:id')) }
    case 'chain': return () => {
      const raw = fakeRaw()
      runChain(createRequest(raw, 'GET', '/json/42', 1 << 20, ['42'], { id: '42' }, '/json/:id'), createResponse(raw), [stamp, retryAfter], [handler])
    }
    case 'send-text': return () => { send(createResponse(fakeRaw()), '{"message":"Hello, World!","id":"42"}') }
    case 'send-json': return () => { send(createResponse(fakeRaw()), BODY) }
    case 'none': return () => { plain(fakeRaw()) }
    // the cold route's parts (njs engine, with the build's table): a router on the table, its match, the route's pick
    case 'router-new': return table ? () => { plain(fakeRaw()); plain(createRouter(table, plain)) } : null
    case 'router-match': return table ? () => { plain(fakeRaw()); plain(createRouter(table, plain).match('GET', '/json/42')) } : null
    case 'pick': {
      // (a preloaded array has no indexOf)
      let k = 0
      while (table && k < table.rpath.length && table.rpath[k] !== '/json/:id') k++
      return table ? () => { plain(fakeRaw()); plain(app._declared[4](k)) } : null
    }
    case 'route-cold': return () => { plain(fakeRaw()); forget(); plain(findRoute(app, 'GET', '/json/42')) }
    case 'route-warm': return () => { plain(fakeRaw()); plain(findRoute(app, 'GET', '/json/42')) }
    case 'content-cold': return () => { const raw = fakeRaw(); forget(); app.content(raw) }
    case 'content-warm': return () => { app.content(fakeRaw()) }
    default: return null
  }
}

a.get('/piece/:name', (q: Request, r: Response) => {
  const fn = piece(q.params.name)
  if (!fn) { r.status = 501; return 'no such piece here' }
  for (let i = 0; i < RUNS; i++) fn()
  forget()
  return 'ok'
})
// Reachable from the export, so the bundler keeps every write to it (njs modules have a default export only).
app.probeSink = sink
export default a
