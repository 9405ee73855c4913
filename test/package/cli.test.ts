/**
 * The user CLI for real: `tresty --help`, `tresty dev` rebuilding on save with a request loop
 * running (no request may fail across the reloads; a build error is printed and the last good
 * build keeps serving), `tresty start` (production: Redis from the environment, logs in
 * TRESTY_LOG_DIR, SIGTERM stops it), `tresty service` (the systemd unit).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../../src/node/runtime/nginx-process.ts'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { repoRoot } from '../support/nginx.ts'

const CLI = join(repoRoot, 'bin/tresty.mjs')
const dir = mkdtempSync(join(tmpdir(), 'tresty-cli-'))
const appSource = (word: string) => `import { app } from 'tresty'\nconst a = app()\na.get('/word', () => ({ word: '${word}' }))\nexport default a\n`

function cli(args: string[], env: Record<string, string> = {}): ChildProcess & { output(): string } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout!.on('data', (d) => { out += d })
  child.stderr!.on('data', (d) => { out += d })
  return Object.assign(child, { output: () => out })
}

/** GET on a connection of its own (no keep-alive). */
function getFresh(url: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let body = ''
      res.on('data', (d) => { body += d })
      res.on('end', () => done({ status: res.statusCode!, body }))
      res.on('error', fail)
    })
    req.on('error', fail)
    req.end()
  })
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 90_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((done) => setTimeout(done, 100))
  }
}

async function stopped(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  child.kill(signal)
  return exit
}

let redis: TestRedis
beforeAll(async () => { redis = await startRedis({ dir: join(dir, 'redis') }) })
afterAll(async () => {
  await redis?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('tresty --help', () => {
  it('lists the user commands, not the repository verbs, and each command has its help', () => {
    const top = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' })
    expect(top.status).toBe(0)
    for (const c of ['init', 'build', 'dev', 'start', 'service', 'sidecar', 'migrate', 'check']) expect(top.stdout).toMatch(new RegExp(`tresty ${c} `))
    expect(top.stdout).not.toMatch(/bench|matrix/)
    const build = spawnSync(process.execPath, [CLI, 'build', '--help'], { encoding: 'utf8' })
    expect(build.stdout).toMatch(/^usage: tresty build <app\.ts> \[outDir\]/)
    const unknown = spawnSync(process.execPath, [CLI, 'bench'], { encoding: 'utf8' })
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toMatch(/unknown command "bench"/)
  })
})

describe('tresty dev', () => {
  it('rebuilds on save and reloads nginx without dropping a request; a build error keeps the last build', async () => {
    const app = join(dir, 'dev-app')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(app)
    writeFileSync(join(app, 'app.ts'), appSource('one'))
    const port = await freePort()
    const dev = cli(['dev', join(app, 'app.ts')], { PORT: String(port), TRESTY_REDIS_URL: redis.url })
    const url = `http://127.0.0.1:${port}/word`
    try {
      await until('tresty dev to listen', () => /watching/.test(dev.output()))
      let running = true
      let ok = 0
      const failures: string[] = []
      const seen = new Set<string>()
      // Four clients in a loop for the whole test, a new connection per request: every request
      // must get an answer. (An idle keep-alive connection that an old worker closes at the
      // reload can race a client's next request on it — HTTP/1.1 clients retry those; docs/cli.md.)
      const loops = [1, 2, 3, 4].map(async () => {
        while (running) {
          try {
            const res = await getFresh(url)
            if (res.status !== 200) failures.push(`status ${res.status}`)
            else { ok++; seen.add(JSON.parse(res.body).word) }
          } catch (e) {
            failures.push(String(e))
          }
        }
      })
      await until('answers', () => ok > 20)
      writeFileSync(join(app, 'app.ts'), appSource('two'))
      await until('the rebuilt app', () => seen.has('two'))
      await until('the rebuild message', () => /rebuilt .*app\.js after .*app\.ts changed/.test(dev.output()))

      writeFileSync(join(app, 'app.ts'), appSource('three').replace('export default a', 'export default a +'))
      await until('the build error', () => /build failed, still serving the last good build/.test(dev.output()))
      const during = await (await fetch(url)).json()
      expect(during).toEqual({ word: 'two' })

      writeFileSync(join(app, 'app.ts'), appSource('four'))
      await until('the fixed app', () => seen.has('four'))
      running = false
      await Promise.all(loops)
      expect(failures).toEqual([])
      expect(ok).toBeGreaterThan(50)
      expect(dev.exitCode).toBe(null)
    } finally {
      const code = await stopped(dev, 'SIGINT')
      expect(code, `${dev.signalCode}\n${dev.output()}`).toBe(0)
    }
  }, 180_000)
})

describe('tresty start', () => {
  it('refuses to start without TRESTY_REDIS_URL (no Redis of its own in production)', async () => {
    writeFileSync(join(dir, 'app.ts'), appSource('prod'))
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()), TRESTY_PREFIX: join(dir, 'noredis') }
    delete env.TRESTY_REDIS_URL
    const res = spawnSync(process.execPath, [CLI, 'start', 'app.ts'], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 })
    expect(res.status).toBe(1)
    expect(res.stderr).toMatch(/set TRESTY_REDIS_URL/)
  }, 150_000)

  it('serves the app with its config from the environment, logs in TRESTY_LOG_DIR, stops on SIGTERM', async () => {
    writeFileSync(join(dir, 'app.ts'), appSource('prod'))
    const port = await freePort()
    const logs = join(dir, 'var-log')
    const start = cli(['start', 'app.ts'], { PORT: String(port), TRESTY_LISTEN: `127.0.0.1:${port}`, TRESTY_WORKERS: '1', TRESTY_REDIS_URL: redis.url, TRESTY_PREFIX: join(dir, 'prod'), TRESTY_LOG_DIR: logs })
    try {
      await until('tresty start to listen', () => /tresty: listening on/.test(start.output()))
      expect(start.output()).not.toMatch(/watching|redis-server of our own/)
      const res = await fetch(`http://127.0.0.1:${port}/word`)
      expect(await res.json()).toEqual({ word: 'prod' })
      await until('the access log line', () => existsSync(join(logs, 'access.log')) && /GET \/word/.test(readFileSync(join(logs, 'access.log'), 'utf8')))
      expect(existsSync(join(logs, 'error.log'))).toBe(true)
      expect(readFileSync(join(dir, 'prod/nginx.conf'), 'utf8')).toMatch(/worker_processes 1;/)
    } finally {
      const code = await stopped(start, 'SIGTERM')
      expect(code, `${start.signalCode}\n${start.output()}`).toBe(0)
    }
    await expect(fetch(`http://127.0.0.1:${port}/word`)).rejects.toThrow()
  }, 150_000)
})

describe('tresty service', () => {
  it('writes a systemd unit that runs tresty start', () => {
    const out = join(dir, 'my-app.service')
    const res = spawnSync(process.execPath, [CLI, 'service', 'app.ts', '--name', 'my-app', '--user', 'www-data', '--env', 'PORT=80', '--out', out], { cwd: dir, encoding: 'utf8' })
    expect(res.status, res.stderr).toBe(0)
    const unit = readFileSync(out, 'utf8')
    expect(unit).toContain(`ExecStart=${process.execPath} ${CLI} start ${join(dir, 'app.ts')}`)
    expect(unit).toMatch(/^User=www-data$/m)
    expect(unit).toMatch(/^Environment=PORT=80$/m)
    expect(unit).toMatch(/^Environment=TRESTY_LOG_DIR=\/var\/log\/my-app$/m)
    expect(unit).toMatch(/^Restart=on-failure$/m)
    expect(unit).toMatch(/^WantedBy=multi-user\.target$/m)
  })
})
