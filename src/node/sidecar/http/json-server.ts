/**
 * The sidecar's HTTP server: one JSON endpoint per route, every failure answered as
 * `{error: {code, message}}` with its status, nothing thrown out of a request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { SidecarError } from '../errors.ts'
import { logError } from '../log.ts'
import { decodeObject, encode, readBody } from './body.ts'
import { matchRoute, type Route } from './router.ts'
import { secretCheck } from './auth.ts'

/** Every request must carry `secret` (see auth.ts) before anything else is looked at. */
export function createHttpServer(routes: Route[], payloadLimit: number, secret: string): Server {
  const authorize = secretCheck(secret)
  const server = createServer((req, res) => {
    handle(routes, payloadLimit, authorize, req, res).catch((err) => {
      logError('request failed after responding', err)
      res.destroy()
    })
  })
  // nginx keeps upstream connections open (keepalive 32, 60 s by default): outlive its timeout
  // so the sidecar never closes a connection nginx is about to reuse.
  server.keepAliveTimeout = 75_000
  server.headersTimeout = 76_000
  return server
}

async function handle(routes: Route[], limit: number, authorize: (req: IncomingMessage) => void, req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?')[0]
  try {
    authorize(req)
    const match = matchRoute(routes, req.method ?? 'GET', path)
    if (match.kind === 'none') throw new SidecarError('not_found', `no sidecar endpoint ${req.method} ${path}`)
    if (match.kind === 'wrong-method') {
      res.setHeader('allow', match.allow.join(', '))
      throw new SidecarError('method_not_allowed', `${path} accepts ${match.allow.join(', ')}`)
    }
    const { route, params } = match
    const body = route.method === 'POST' ? decodeObject(await readBody(req, limit), !!route.ejson) : {}
    const result = await route.handle({ body, params })
    send(res, 200, encode(result, !!route.ejson))
  } catch (err) {
    const error = err instanceof SidecarError ? err : internal(err)
    // An unread (too large) body would corrupt the next request on a kept-alive connection.
    if (error.code === 'payload_too_large' || error.code === 'unauthorized') res.setHeader('connection', 'close')
    send(res, error.status, JSON.stringify(error.toBody()))
  }
}

function internal(err: unknown): SidecarError {
  logError('unexpected error', err)
  if (err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`)
  return new SidecarError('internal', err instanceof Error ? err.message : String(err))
}

function send(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
}
