/**
 * Per-piece probe (`npm run bench -- --pieces`): GET /piece/NAME runs one piece of tresty's
 * request path RUNS times inside the request, against a stand-in for nginx's request object,
 * and the bench measures the server CPU µs per request of each (wrk, interleaved rounds, as
 * every target): (piece − `none`) / RUNS is what one run of the piece costs. CPU time, not a
 * clock read inside the request: on a loaded machine the clock counts other processes' time.
 *
 * This reaches into tresty's internals (request.ts, response.ts, compose.ts, send.ts,
 * app-state.ts's `findRoute`): it describes the request path on the commit measured, and changes
 * with those files (before the request-path rebuild, `match` was `a._router().match(…)`).
 * A piece that cannot run answers 501.
 */
import type { Handler, Request, Response } from 'tresty'
import { createRequest } from '../../src/njs/request.ts'
import { createResponse } from '../../src/njs/response.ts'
import { runChain } from '../../src/njs/compose.ts'
import { send } from '../../src/njs/send.ts'
import { findRoute } from '../../src/njs/app-state.ts'
import { benchApp } from './routes.ts'

const a: any = benchApp(100)
const logged: any = benchApp(1, { onLog: true })
const RUNS = 200

function fakeRaw(): any {
  return {
    method: 'GET', uri: '/json/42', headersOut: {}, headersIn: {}, variables: { status: '200', request_time: '0.000' }, args: {}, status: 0,
    return(status: number) { this.status = status },
    sendHeader() {}, send() {}, finish() {}, error() {}, log() {}, warn() {},
  }
}

const mw1: Handler = (q: Request) => { q.startedAt = Date.now(); return q.next() }
const mw2: Handler = (q: Request, r: Response) => { const out = q.next(); if (r.status >= 500) r.headers['Retry-After'] = '1'; return out }
const handler: Handler = (q: Request) => ({ message: 'Hello, World!', id: q.params.id })
const BODY = { message: 'Hello, World!', id: '42' }

/** One run of each piece. Each makes its own stand-in request object (`fake` is that alone). */
function piece(name: string): (() => void) | null {
  const raw = fakeRaw()
  const found = a.router.match('GET', '/json/42') as any
  switch (name) {
    case 'none': return () => {}
    case 'fake': return () => { fakeRaw() }
    case 'content': return () => { a.content(fakeRaw()) }
    case 'match': return found ? () => { findRoute(a, 'GET', '/json/42') } : null
    case 'request': return found ? () => { createRequest(fakeRaw(), 'GET', '/json/42', 1 << 20, found.match, found.params, found.route.path) } : null
    case 'response': return () => { createResponse(fakeRaw()) }
    case 'chain': {
      const q = createRequest(raw, 'GET', '/json/42', 1 << 20, found && found.match, found && found.params, found && found.route.path)
      return () => { runChain(q, createResponse(fakeRaw()), [mw1, mw2], [handler]) }
    }
    case 'send-json': return () => { send(createResponse(fakeRaw()), BODY) }
    case 'stringify': return () => { fakeRaw(); JSON.stringify(BODY) }
    case 'send-text': return () => { send(createResponse(fakeRaw()), '{"message":"Hello, World!","id":"42"}') }
    case 'send-headers': return () => {
      const r = createResponse(fakeRaw())
      r.headers['Cache-Control'] = 'no-store'; r.headers['X-Request-Id'] = '42'; r.headers.Vary = 'Accept'
      send(r, BODY)
    }
    case 'log': return () => { logged.log(fakeRaw()) }
    default: return null
  }
}

a.get('/piece/:name', (q: Request, r: Response) => {
  let fn: (() => void) | null = null
  try { fn = piece(q.params.name) } catch (e) { fn = null }
  if (!fn) { r.status = 501; return 'no such piece here' }
  for (let i = 0; i < RUNS; i++) fn()
  return 'ok'
})
export default a
