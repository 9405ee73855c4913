/** The config of test/apps/env-app.ts: per-environment values and two secrets. */
import { defineConfig, secret } from '../../src/shared/app-config.ts'

export default defineConfig({
  defaults: {
    name: 'env-app',
    pageSize: 20,
    features: { search: false, beta: false },
    upstreams: ['http://a', 'http://b'],
    db: { host: '127.0.0.1', password: secret('TRESTY_TEST_DB_PASSWORD') },
    apiKey: secret('TRESTY_TEST_UNSET_KEY'),
  },
  test: { pageSize: 5, features: { beta: true } },
  production: { pageSize: 50, features: { search: true }, upstreams: ['http://prod'] },
})
