/** The app behind test/nginx/live-config.test.ts: reads live config values from etcd's mirror. */
import { app } from 'tresty'
import type { Request } from 'tresty'
import { config, configSync } from 'tresty/config'

const a = app()

a.get('/config/:name', (q: Request) => ({ value: config.get(q.params.name, 'fallback'), pid: process.pid }))
a.get('/config-json/:name', (q: Request) => ({ value: config.json(q.params.name, null) }))
a.get('/config-all', () => config.all())
a.get('/config-status', () => ({ status: config.status() }))
a.post('/_tresty/config/sync', configSync())

export default a
