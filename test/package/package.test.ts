/**
 * tresty as a user gets it: `npm pack`, then the tarball installed into fresh projects.
 *
 * - dev half: `tresty init` scaffolds an app depending on the tarball (`file:`), `npm install`,
 *   and the app's own `npm test` passes at once (tsc on the shipped .d.ts, `tresty/testing`
 *   building the app from ITS directory, nginx, the sidecar running its task); an app using
 *   many entries type-checks under a `tsc --init` tsconfig; `tresty build` from the project;
 *   the scaffold's nginx.conf passes `nginx -t`.
 * - production half: `npm install --omit=dev`; with rollup and Babel deleted from
 *   node_modules, `tresty sidecar` still starts and answers (the CLI loads them lazily).
 *
 * Offline where it can be (`--prefer-offline` from the npm cache). Slow: minutes, not seconds.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findRuntime } from '../../src/node/runtime/find-nginx.ts'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { repoRoot } from '../support/nginx.ts'

const SLOW = 300_000
/** npm's variables from an outer `npm test` (npm_config_*) must not steer the inner installs. */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)))

/** Runs a command to its end without blocking the event loop (vitest's worker must keep answering). */
function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, env: { ...cleanEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => { stdout += d })
    child.stderr.on('data', (d) => { stderr += d })
    child.once('error', fail)
    child.once('exit', (code) => {
      if (code === 0) done({ stdout, stderr })
      else fail(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${code}:\n${stdout}\n${stderr}`))
    })
  })
}

const work = mkdtempSync(join(tmpdir(), 'tresty-package-'))
let tarball = ''

beforeAll(async () => {
  const packed = await run('npm', ['pack', '--pack-destination', work, '--json', repoRoot], work)
  tarball = join(work, JSON.parse(packed.stdout)[0].filename)
}, SLOW)
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('the packed tarball', () => {
  it('ships the sources, the snippets and the .d.ts, not tests or benches', async () => {
    const list = (await run('tar', ['tzf', tarball], work)).stdout.split('\n')
    expect(list).toContain('package/bin/tresty.mjs')
    expect(list).toContain('package/src/njs/index.ts')
    expect(list).toContain('package/nginx/http.conf')
    expect(list).toContain('package/dist/types/njs/index.d.ts')
    expect(list).toContain('package/dist/types/node/sidecar/index.d.ts')
    expect(list.filter((f) => /^package\/(test|bench|examples|docker|\.ci)\//.test(f))).toEqual([])
  })
})

describe('a new app (tresty init, dev install)', () => {
  const app = join(work, 'my-app')

  it('scaffolds, installs, and passes its own tests', async () => {
    await run(process.execPath, [join(repoRoot, 'bin/tresty.mjs'), 'init', app, '--tresty', `file:${tarball}`], work)
    const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], app)
    // allowScripts in the scaffold covers esbuild and msgpackr-extract (both work without).
    expect(install.stderr).not.toMatch(/not yet covered by allowScripts/)
    const test = await run('npm', ['test'], app)
    expect(test.stdout).toMatch(/# pass 3/)
    expect(test.stdout).toMatch(/# fail 0/)
  }, SLOW)

  it('refuses to scaffold over existing files', () => {
    const res = spawnSync(process.execPath, [join(app, 'node_modules/tresty/bin/tresty.mjs'), 'init', app], { cwd: app, env: cleanEnv, encoding: 'utf8' })
    expect(res.status).toBe(1)
    expect(res.stderr).toMatch(/already has package\.json/)
  })

  it('type-checks an app using many entries under a `tsc --init` tsconfig', async () => {
    const plain = join(app, 'plain')
    mkdirSync(plain)
    await run(join(app, 'node_modules/.bin/tsc'), ['--init'], plain)
    writeFileSync(join(plain, 'app.ts'), `
import { app, HttpError } from 'tresty'
import type { Request, Response } from 'tresty'
import { cache } from 'tresty/cache'
import { stat } from 'tresty/stats'
import { tasks } from 'tresty/sidecar'
import { cors } from 'tresty/middleware/cors'
import { escapeHtml, raw } from 'tresty/html'
import { slug } from 'tresty/helper/slug'
import type { TaskContext } from 'tresty/node'

const a = app()
a.use(cors({ origin: ['https://app.example'] }))
a.get('/a/:id', (q: Request, r: Response) => {
  if (!q.params.id) throw HttpError(400, 'id')
  r.headers['X-Slug'] = slug(q.params.id)
  stat.incr('hits', 1)
  return raw('<p>' + escapeHtml(q.params.id) + '</p>')
})
a.get('/t', (q: Request) => tasks.status(q, 'x'))
export const use: [typeof cache, TaskContext | null] = [cache, null]
export default a
`)
    const res = await run(join(app, 'node_modules/.bin/tsc'), ['--noEmit', '-p', plain], plain)
    expect(res.stdout + res.stderr).toBe('')
  }, SLOW)

  it('`tresty build` bundles tresty/cache, tresty/stats and tresty/sidecar from the installed package', async () => {
    // The parts are folders (src/njs/<part>/index.ts): the build's alias must find them in node_modules/tresty.
    const built = await run(join(app, 'node_modules/.bin/tresty'), ['build', 'plain/app.ts', 'plain/build'], app)
    expect(built.stdout).toMatch(/built .*plain\/build\/app\.js/)
    const js = readFileSync(join(app, 'plain/build/app.js'), 'utf8')
    expect(js).toContain("'tresty_cache'")
    expect(js).toContain("'tresty_stats'")
    expect(js).toContain("'/tasks/'")
  }, SLOW)

  it('`tresty build` works from the project directory, and the scaffold nginx.conf passes nginx -t', async () => {
    const built = await run(join(app, 'node_modules/.bin/tresty'), ['build', 'app.ts', 'build'], app)
    expect(built.stdout).toMatch(/built .*build\/app\.js/)
    expect(readFileSync(join(app, 'build/app.js'), 'utf8')).toMatch(/export \{|export default/)
    const rt = findRuntime()
    mkdirSync(join(app, 'logs'), { recursive: true })
    const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path logs;`).join(' ')
    let conf = readFileSync(join(app, 'nginx.conf'), 'utf8')
      .replace(/load_module [^\n]*/, rt.jsModule ? `load_module ${rt.jsModule};` : '')
      .replace('http {', `http {\n    ${temps}`)
    if (rt.engine !== 'qjs') conf = conf.replace(/js_engine qjs;[^\n]*/, '').replace(/js_context_reuse_max_size[^\n]*/, '')
    writeFileSync(join(app, 'nginx.test.conf'), conf)
    const res = spawnSync(rt.command[0], [...rt.command.slice(1), '-t', '-p', app, '-c', join(app, 'nginx.test.conf'), '-e', join(app, 'logs/error.log')], { encoding: 'utf8' })
    expect(res.stderr, res.stderr).toMatch(/syntax is ok/)
    expect(res.status, res.stderr).toBe(0)
  }, SLOW)
})

describe('a production install (npm install --omit=dev)', () => {
  const prod = join(work, 'prod')
  let redis: TestRedis

  beforeAll(async () => { redis = await startRedis({ dir: join(work, 'redis') }) })
  afterAll(async () => { await redis?.stop() })

  it('runs `tresty sidecar` without build tools installed', async () => {
    mkdirSync(prod)
    writeFileSync(join(prod, 'package.json'), JSON.stringify({
      name: 'prod', private: true, type: 'module', dependencies: { tresty: `file:${tarball}` },
      allowScripts: { esbuild: false, 'msgpackr-extract': false },
    }))
    writeFileSync(join(prod, 'tasks.ts'), "import { defineTask } from 'tresty/node'\ndefineTask('ping', async () => 'pong')\n")
    await run('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], prod)
    expect(existsSync(join(prod, 'node_modules/vitest'))).toBe(false)
    // Proof that nothing on the sidecar's path loads them: they are gone.
    for (const m of ['rollup', '@rollup', '@babel', 'babel-preset-njs']) rmSync(join(prod, 'node_modules', m), { recursive: true, force: true })
    expect(readdirSync(join(prod, 'node_modules'))).not.toContain('rollup')

    const help = await run(join(prod, 'node_modules/.bin/tresty'), ['--help'], prod)
    expect(help.stdout).toMatch(/tresty sidecar/)
    expect(help.stdout).not.toMatch(/bench|matrix/)

    const socket = join(work, 'prod-sidecar.sock')
    const child = spawn(join(prod, 'node_modules/.bin/tresty'), ['sidecar'], {
      cwd: prod,
      env: { ...cleanEnv, TRESTY_SIDECAR_SOCKET: socket, TRESTY_SIDECAR_SECRET: 'prod-secret', TRESTY_REDIS_URL: redis.url, TRESTY_TASKS: join(prod, 'tasks.ts') },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (d) => { output += d })
    child.stderr.on('data', (d) => { output += d })
    try {
      for (let i = 0; i < 300 && !/listening on/.test(output); i++) await new Promise((done) => setTimeout(done, 100))
      expect(output).toMatch(/listening on unix:/)
      const health = await new Promise<{ status: number; body: string }>((done, fail) => {
        const req = request({ socketPath: socket, path: '/health', headers: { 'x-tresty-secret': 'prod-secret' } }, (res) => {
          let body = ''
          res.on('data', (d) => { body += d })
          res.on('end', () => done({ status: res.statusCode!, body }))
        })
        req.on('error', fail)
        req.end()
      })
      expect(health.status, health.body).toBe(200)
      expect(JSON.parse(health.body)).toMatchObject({ ok: true, tasks: ['ping'] })
    } finally {
      child.kill('SIGTERM')
      await new Promise((done) => child.once('exit', done))
    }
  }, SLOW)
})
