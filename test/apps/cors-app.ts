/** The app behind test/nginx/middleware.test.ts's second part: CORS by function and '*', HSTS behind a proxy. */
import { app, HttpError } from 'tresty'
import type { Request } from 'tresty'
import { cors } from 'tresty/middleware/cors'
import { secureHeaders } from 'tresty/middleware/secure-headers'

const a = app()
a.route('/fn').use(cors({ origin: (origin: string) => /^https:\/\/[a-z0-9-]+\.trusted\.example$/.test(origin), methods: ['GET', 'POST'], headers: ['Content-Type', 'X-Token'] }))
  .get('/x', () => 'fn')
  // In a group, a preflight reaches cors() only for a path that takes OPTIONS (app-wide cors() needs no such route).
  .options('/x', () => undefined)
  .post('/x', () => 'posted')
  .get('/err', () => { throw HttpError(400, 'bad thing') })
a.route('/star').use(cors({ origin: '*' })).get('/x', () => 'star')
a.route('/proxied').use(secureHeaders({ trustProxy: true, frameOptions: 'DENY', referrerPolicy: false }))
  .get('/x', (q: Request) => 'proxied')

export default a
