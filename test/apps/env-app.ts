/** The app behind test/nginx/app-config.test.ts: answers its own config for the built environment. */
import { app } from 'tresty'
import { config } from 'tresty/config'
import type def from './env-app.config.ts'

const a = app()

a.get('/settings', () => ({ environment: config.environment(), settings: config.app<typeof def.defaults>() }))
a.get('/page-size', () => config.app<typeof def.defaults>().pageSize)

export default a
