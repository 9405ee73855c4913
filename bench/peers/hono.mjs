/**
 * Peer: Hono on @hono/node-server, the bench's route layout (100 routes by default) and two
 * app-wide middlewares shaped like tresty's (one sets a value, one looks at the response
 * after `next()`).
 */
import { Hono } from 'hono'
import { serve } from '@hono/node-server'
import { peerArgs, routeLayout } from './routes.mjs'

const { port, routes } = peerArgs()
const app = new Hono()
app.use(async (c, next) => { c.set('startedAt', Date.now()); await next() })
app.use(async (c, next) => {
  await next()
  if (c.res.status >= 500) c.res.headers.set('Retry-After', '1')
})
const handlers = {
  list: (c) => c.json({ items: [] }),
  create: async (c) => c.json(await c.req.json(), 201),
  one: (c) => c.json({ id: c.req.param('id') }),
  remove: (c) => c.body(null, 204),
  json: (c) => c.json({ message: 'Hello, World!', id: c.req.param('id') }),
}
const groups = { '': app, '/api/v1': new Hono(), '/api/v2': new Hono() }
for (const r of routeLayout(routes)) {
  const path = r.digits ? r.path.replace(':id', ':id{[0-9]+}') : r.path
  groups[r.prefix].on(r.method, path, handlers[r.kind])
}
app.route('/api/v1', groups['/api/v1'])
app.route('/api/v2', groups['/api/v2'])
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' })
