/**
 * Environment configs: the build selects TRESTY_ENV's section over the defaults and puts it in
 * the bundle; secrets are read in nginx at run time and never appear in the built file. The
 * Node side (loadAppConfig) gives the same values.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startApp, repoRoot, type TestServer } from '../support/nginx.ts'
import { loadAppConfig } from '../../src/node/config/app-config.ts'
import { bundle } from '../../src/node/bundler/bundle.ts'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'

const SECRET = 'pa55-w0rd-never-in-the-bundle'
let s: TestServer | undefined

afterEach(async () => {
  s?.assertNoCrash()
  await s?.stop()
  s = undefined
  delete process.env.TRESTY_ENV
  delete process.env.TRESTY_TEST_DB_PASSWORD
})

async function startFor(env: string | undefined) {
  if (env) process.env.TRESTY_ENV = env
  // The secret is in the build's environment too: it still must not reach the bundle.
  process.env.TRESTY_TEST_DB_PASSWORD = SECRET
  s = await startApp({
    app: 'test/apps/env-app.ts',
    main: 'env TRESTY_TEST_DB_PASSWORD;',
    env: { TRESTY_TEST_DB_PASSWORD: SECRET },
  })
  const built = readdirSync(join(s.prefix, 'js')).map((f) => readFileSync(join(s!.prefix, 'js', f), 'utf8')).join('\n')
  return { built, settings: (await (await s.fetch('/settings')).json()) as any }
}

describe('app config per environment', () => {
  it('development by default: the defaults, the secret from nginx\'s environment, not in the bundle', async () => {
    const { built, settings } = await startFor(undefined)
    expect(settings.environment).toBe('development')
    expect(settings.settings).toEqual({
      name: 'env-app', pageSize: 20, features: { search: false, beta: false }, upstreams: ['http://a', 'http://b'],
      db: { host: '127.0.0.1', password: SECRET },
    })
    expect(built).not.toContain(SECRET)
    expect(built).toContain('TRESTY_TEST_DB_PASSWORD')
  })

  it('production: its section merged over the defaults (objects by key, arrays replaced)', async () => {
    const { built, settings } = await startFor('production')
    expect(settings.environment).toBe('production')
    expect(settings.settings).toMatchObject({ pageSize: 50, features: { search: true, beta: false }, upstreams: ['http://prod'], db: { password: SECRET } })
    expect(built).not.toContain(SECRET)
    expect(await (await s!.fetch('/page-size')).json()).toBe(50)
  })

  it('test: its own values; the Node side loads the same config', async () => {
    const { settings } = await startFor('test')
    expect(settings.settings).toMatchObject({ pageSize: 5, features: { search: false, beta: true } })
    const node = await loadAppConfig(join(repoRoot, 'test/apps/env-app.ts'), { env: { TRESTY_ENV: 'test', TRESTY_TEST_DB_PASSWORD: 'node-side' } })
    expect(node).toEqual({ ...settings.settings, db: { host: '127.0.0.1', password: 'node-side' }, apiKey: undefined })
  })

  it('an unknown TRESTY_ENV fails the build, naming the choices', async () => {
    process.env.TRESTY_ENV = 'staging'
    const out = mkdtempSync(join(tmpdir(), 'tresty-env-'))
    try {
      await expect(bundle(join(repoRoot, 'test/apps/env-app.ts'), out)).rejects.toThrow(/TRESTY_ENV must be one of development, test, production; got "staging"/)
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  })
})
