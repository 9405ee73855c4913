/**
 * Peer: Fastify, the bench's route layout (100 routes by default), two onRequest hooks (one
 * hangs a value on the request, one looks at the reply when it is sent: Fastify's shape of
 * tresty's two middlewares), and a response schema on the measured route (Fastify's usual
 * fast path: fast-json-stringify).
 */
import Fastify from 'fastify'
import { peerArgs, routeLayout } from './routes.mjs'

const { port, routes } = peerArgs()
const app = Fastify({ logger: false })
app.addHook('onRequest', (req, reply, done) => { req.startedAt = Date.now(); done() })
app.addHook('onSend', (req, reply, payload, done) => {
  if (reply.statusCode >= 500) reply.header('Retry-After', '1')
  done(null, payload)
})
const handlers = {
  list: async () => ({ items: [] }),
  create: async (req, reply) => { reply.code(201); return req.body },
  one: async (req) => ({ id: req.params.id }),
  remove: async (req, reply) => { reply.code(204).send() },
}
const schema = { response: { 200: { type: 'object', properties: { message: { type: 'string' }, id: { type: 'string' } } } } }
for (const r of routeLayout(routes)) {
  const url = r.prefix + (r.digits ? r.path.replace(':id', ':id(^\\d+$)') : r.path)
  if (r.kind === 'json') app.route({ method: 'GET', url, schema, handler: async (req) => ({ message: 'Hello, World!', id: req.params.id }) })
  else app.route({ method: r.method, url, handler: handlers[r.kind] })
}
await app.listen({ port, host: '127.0.0.1' })
