/**
 * `tresty check`: every line passes with nginx, the sidecar, Redis, etcd and the live config
 * mirror up; each failure names the problem and the fix, and the command exits non-zero.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runChecks, formatResults, type CheckResult } from '../../src/node/check/index.ts'
import { startApp, repoRoot, type TestServer } from '../support/nginx.ts'
import { startEtcd, type TestEtcd } from '../support/etcd.ts'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import type { RunningSidecar } from '../../src/node/sidecar/sidecar.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'

const SECRET = 'check-secret'
let s: TestServer
let etcd: TestEtcd
let redis: TestRedis
let sidecar: RunningSidecar
let dir: string
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tresty-check-test-'))
  etcd = await startEtcd()
  redis = await startRedis()
  s = await startApp({
    app: 'test/apps/config-app.ts', main: 'env TRESTY_SIDECAR_SECRET;', env: { TRESTY_SIDECAR_SECRET: SECRET },
  })
  sidecar = await startTestSidecar({ redisUrl: redis.url, workers: 0, port: 0, nginxUrl: s.url, secret: SECRET, etcdUrl: etcd.url, etcdPrefix: '/check/' })
  const tcp = sidecar.addresses.find((a) => 'port' in a) as { port: number }
  env = {
    PATH: process.env.PATH, HOME: process.env.HOME, TRESTY_RUNTIME: process.env.TRESTY_RUNTIME,
    TRESTY_SIDECAR_PORT: String(tcp.port), TRESTY_REDIS_URL: redis.url, TRESTY_ETCD_URL: etcd.url,
    TRESTY_ETCD_PREFIX: '/check/', TRESTY_NGINX_URL: s.url, TRESTY_SIDECAR_SECRET: SECRET,
    TRESTY_TEST_DB_PASSWORD: 'x', TRESTY_TEST_UNSET_KEY: 'y', TRESTY_CONFIG: join(dir, 'none.json'),
  }
  await waitForMirror()
})
afterAll(async () => {
  await sidecar?.stop()
  await s?.stop()
  await etcd?.destroy()
  await redis?.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function waitForMirror() {
  const until = Date.now() + 15_000
  for (;;) {
    const r = await runChecks({ env, configFile: env.TRESTY_CONFIG })
    const line = r.find((x) => x.name === 'live config')
    if (line?.outcome === 'pass' || Date.now() > until) return
    await new Promise((res) => setTimeout(res, 200))
  }
}

const byName = (results: CheckResult[]) => Object.fromEntries(results.map((r) => [r.name, r]))

/** The CLI in a child process (asynchronously: the sidecar it asks runs in this process). */
function cli(args: string[], e: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/tresty.mjs'), 'check', ...args], { env: e, cwd: repoRoot })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => { stdout += d })
    child.stderr.on('data', (d) => { stderr += d })
    child.on('exit', (status) => resolve({ status, stdout, stderr }))
  })
}

describe('tresty check', () => {
  it('passes every line with everything up, and exits 0', async () => {
    const results = await runChecks({ app: join(repoRoot, 'test/apps/env-app.ts'), env, configFile: env.TRESTY_CONFIG })
    const text = formatResults(results)
    expect(results.filter((r) => r.outcome === 'fail'), text).toEqual([])
    const r = byName(results)
    for (const name of ['nginx', 'njs', 'engine', 'shared dict', 'sidecar', 'redis', 'etcd', 'live config', 'secrets']) expect(r[name]?.outcome, `${name}\n${text}`).toBe('pass')
    expect(r.njs.detail).toMatch(/njs (\d|≥)/)
    const run = await cli([join(repoRoot, 'test/apps/config-app.ts')], env)
    expect(run.status, run.stdout + run.stderr).toBe(0)
    expect(run.stdout).toMatch(/^PASS  zones .*tresty_config/m)
    expect(run.stdout).toMatch(/tresty check: all passed/)
  }, 120_000)  // two builds of the app and a CLI start: slow on a loaded machine

  it('fails, with the fix, for an unreachable sidecar, Redis, etcd and database; exit status 1', async () => {
    const gone = String(await freePort())
    const bad = {
      ...env, TRESTY_SIDECAR_PORT: gone, TRESTY_REDIS_URL: `redis://127.0.0.1:${gone}`, TRESTY_ETCD_URL: `http://127.0.0.1:${gone}`,
      TRESTY_DATABASE_URL: `postgres://u:p@127.0.0.1:${gone}/db`,
    }
    const r = byName(await runChecks({ env: bad, configFile: env.TRESTY_CONFIG }))
    expect(r.sidecar).toMatchObject({ outcome: 'fail', fix: expect.stringMatching(/tresty sidecar/) })
    expect(r.redis).toMatchObject({ outcome: 'fail', fix: expect.stringMatching(/redis-server/) })
    expect(r.etcd).toMatchObject({ outcome: 'fail', fix: expect.stringMatching(/etcd/) })
    expect(r.database).toMatchObject({ outcome: 'fail' })
    expect(r.database.detail).not.toContain(':p@')
    const run = await cli([], bad)
    expect(run.status).toBe(1)
    expect(run.stdout).toMatch(/^FAIL  sidecar .*\n\s+fix: /m)
  }, 120_000)

  it('a zone the app needs but the nginx config lacks, and unset secrets, fail', async () => {
    const conf = join(dir, 'nginx.conf')
    writeFileSync(conf, 'http {\n  js_shared_dict_zone zone=tresty_cache:1m;\n  # js_shared_dict_zone zone=tresty_config:1m;\n}\n')
    const r = byName(await runChecks({ app: join(repoRoot, 'test/apps/config-app.ts'), nginxConf: conf, env, configFile: env.TRESTY_CONFIG }))
    expect(r.zones).toMatchObject({ outcome: 'fail', fix: expect.stringContaining('js_shared_dict_zone zone=tresty_config:1m;') })
    const noSecrets = { ...env, TRESTY_TEST_DB_PASSWORD: undefined, TRESTY_TEST_UNSET_KEY: undefined }
    const r2 = byName(await runChecks({ app: join(repoRoot, 'test/apps/env-app.ts'), env: noSecrets, configFile: env.TRESTY_CONFIG }))
    expect(r2.secrets).toMatchObject({ outcome: 'fail', detail: 'not set: TRESTY_TEST_DB_PASSWORD, TRESTY_TEST_UNSET_KEY' })
  }, 120_000)

  it('etcd down: the etcd line and the live config line fail, showing the mirror\'s error', async () => {
    await etcd.stop()
    try {
      const until = Date.now() + 15_000
      let r: Record<string, CheckResult>
      do {
        r = byName(await runChecks({ env, configFile: env.TRESTY_CONFIG }))
      } while (r['live config']?.outcome !== 'fail' && Date.now() < until && !(await new Promise((res) => setTimeout(res, 200))))
      expect(r.etcd.outcome).toBe('fail')
      expect(r['live config']).toMatchObject({ outcome: 'fail', detail: expect.stringMatching(/etcd.*\(nginx serves revision \d+\)/) })
    } finally {
      await etcd.start()
    }
  })
})
