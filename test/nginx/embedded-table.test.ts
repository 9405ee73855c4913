/**
 * The route table embedded in the bundle (src/node/bundler/embed-table.ts): a fresh QuickJS
 * context (`js_context_reuse 0`: a new context per request) routes on it without building a
 * router; the njs engine uses it when a hand-written config has no js_preload_object; and a
 * corpus of apps (Losty's routing table, groups and patterns, a generated 60-route app)
 * answers the same whether built with it and compiled declarations, or without either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { startApp, repoRoot, type TestServer } from '../support/nginx.ts'
import { bundle, routeTableFile } from '../../src/node/bundler/bundle.ts'
import { findRuntime } from '../../src/node/runtime/find-nginx.ts'
import { writeConfig } from '../../src/node/runtime/nginx-conf.ts'
import { freePort, startNginx } from '../../src/node/runtime/nginx-process.ts'
import { EMBEDDED_TABLE_VAR } from '../../src/node/bundler/embed-table.ts'
import { literalApp } from '../../bench/apps/make-literal-apps.mjs'
import type { AppManifest } from '../../src/shared/manifest.ts'
import { linesArray } from '../../src/shared/lines.ts'
import { dictAt } from '../../src/shared/dict.ts'

const qjs = findRuntime().engine === 'qjs'
/** On QuickJS every request gets a fresh context: the path a reload or a dropped context takes. */
const FRESH = qjs ? '        js_context_reuse 0;' : ''

/** Builds and starts `app` with the given build switches (TRESTY_COMPILE_ROUTES, TRESTY_EMBED_ROUTES). */
async function startBuilt(app: string, env: Record<string, string>): Promise<TestServer> {
  const saved: Record<string, string | undefined> = {}
  for (const k in env) { saved[k] = process.env[k]; process.env[k] = env[k] }
  try {
    return await startApp({ app, server: FRESH, workers: 1 })
  } finally {
    for (const k in env) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k] }
  }
}

async function probe(s: TestServer): Promise<{ table: boolean; routerOnTable: boolean; routes: number }> {
  const res = await s.fetch('/probe/table')
  expect(res.status).toBe(200)
  return await res.json() as any
}

describe('the embedded route table', () => {
  const servers: TestServer[] = []
  afterAll(async () => { for (const s of servers) { s.assertNoCrash(); await s.stop() } })

  it('is in the bundle, once, and routes a fresh context without building a router', async () => {
    const s = await startBuilt('test/apps/embedded-table-app.ts', {})
    servers.push(s)
    const code = readFileSync(join(s.prefix, 'js/embedded-table-app.js'), 'utf8')
    expect(code.startsWith(`var ${EMBEDDED_TABLE_VAR} = '{`)).toBe(true)
    expect(code.split('"rpath":').length).toBe(2)
    for (let i = 0; i < 3; i++) expect(await probe(s)).toEqual({ table: true, routerOnTable: true, routes: 8 })
    expect(await (await s.fetch('/users/7')).json()).toEqual({ user: '7' })
    expect(await (await s.fetch('/caf%C3%A9/%F0%9F%98%80/5')).json()).toEqual({ emoji: '5' })
    expect(await (await s.fetch('/caf%C3%A9/zz')).json()).toEqual({ after: 'zz' })
    expect(await (await s.fetch('/caf%C3%A9/%EF%BC%81')).json()).toEqual({ bang: true })
    expect((await s.fetch('/users/x')).status).toBe(404)
    const wrong = await s.fetch('/users/7', { method: 'PUT' })
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'GET, HEAD, DELETE'])
  })

  it('built without it (TRESTY_EMBED_ROUTES=0), QuickJS builds the router from the declarations', async () => {
    const s = await startBuilt('test/apps/embedded-table-app.ts', { TRESTY_EMBED_ROUTES: '0' })
    servers.push(s)
    expect(readFileSync(join(s.prefix, 'js/embedded-table-app.js'), 'utf8')).not.toContain(`var ${EMBEDDED_TABLE_VAR} =`)
    // The njs engine still has the preloaded table.
    expect(await probe(s)).toEqual(qjs ? { table: false, routerOnTable: false, routes: 8 } : { table: true, routerOnTable: true, routes: 8 })
    expect(await (await s.fetch('/users/7')).json()).toEqual({ user: '7' })
  })

  it('is used on the njs engine when the config has no js_preload_object (a hand-written config)', async () => {
    const runtime = findRuntime()
    const prefix = mkdtempSync(join(tmpdir(), 'tresty-test-'))
    try {
      const built = await bundle(resolve(repoRoot, 'test/apps/embedded-table-app.ts'), join(prefix, 'js'))
      const port = await freePort()
      const conf = writeConfig(runtime, { prefix, port, jsDir: join(prefix, 'js'), module: built.file.split('/').pop()!, workers: 1 })
      writeFileSync(conf, readFileSync(conf, 'utf8').replace(/^\s*js_preload_object .*$/m, ''))
      expect(readFileSync(conf, 'utf8')).not.toContain('js_preload_object')
      const nginx = await startNginx(runtime, prefix, conf, port)
      try {
        const res = await fetch(`http://127.0.0.1:${port}/probe/table`)
        expect(await res.json()).toEqual({ table: true, routerOnTable: true, routes: 8 })
        expect(await (await fetch(`http://127.0.0.1:${port}/files/a.txt`)).json()).toEqual({ file: 'a.txt' })
        expect(await (await fetch(`http://127.0.0.1:${port}/caf%C3%A9/%F0%9F%98%80/5`)).json()).toEqual({ emoji: '5' })
        expect(await (await fetch(`http://127.0.0.1:${port}/caf%C3%A9/zz`)).json()).toEqual({ after: 'zz' })
        expect((await fetch(`http://127.0.0.1:${port}/caf%C3%A9/%F0%9F%98%81/5`)).status).toBe(404)
        expect(await (await fetch(`http://127.0.0.1:${port}/caf%C3%A9/%EF%BC%81`)).json()).toEqual({ bang: true })
        expect(nginx.errorLog()).not.toMatch(/exited on signal|\[alert\]/)
      } finally {
        await nginx.stop()
      }
    } finally {
      rmSync(prefix, { recursive: true, force: true })
    }
  })
})

/** Sample values for a pattern segment: some match `\d+`, `[a-z]+`, `\d(\d)`, others do not. */
const SAMPLES = ['42', 'abc', 'a1', '7', 'x-y']

/**
 * Requests that exercise an app's routes, from its route table: each route's path with its
 * pattern segments filled from SAMPLES (hits and misses), under the route's method and
 * others (405s), with a trailing slash, plus paths and methods no route has.
 */
function requestsFor(table: AppManifest): [string, string][] {
  const out: [string, string][] = [['GET', '/'], ['GET', '/nowhere'], ['POST', '/nowhere/deeper'], ['PROPFIND', '/']]
  const seen = new Set<string>()
  const add = (m: string, p: string) => { if (!seen.has(m + ' ' + p)) { seen.add(m + ' ' + p); out.push([m, p]) } }
  linesArray(table.rpath).forEach((path, i) => {
    const full = path
    for (let v = 0; v < (full.includes('/:') ? SAMPLES.length : 1); v++) {
      const filled = full.split('/').map((seg, k) => seg.startsWith(':') ? SAMPLES[(v + k) % SAMPLES.length] : seg).join('/') || '/'
      const declared = dictAt(table.rmethod, i)!
      const method = declared === '*' ? 'PATCH' : declared
      add(method, filled)
      if (v === 0) { add('DELETE', filled); add('HEAD', filled); add('GET', filled === '/' ? '/' : filled + '/'); add('GET', filled + '/more') }
    }
  })
  return out
}

async function answer(s: TestServer, method: string, path: string) {
  const res = await s.fetch(path, {
    method, body: method === 'POST' || method === 'PUT' || method === 'PATCH' ? '{}' : undefined, headers: { 'content-type': 'application/json' },
  })
  const headers: Record<string, string> = {}
  res.headers.forEach((v, k) => { if (k === 'allow' || k === 'content-type' || k === 'location' || k.startsWith('x-')) headers[k] = v })
  return { status: res.status, body: await res.text(), headers }
}

/** The table of the app `s` serves, as the build wrote it (its paths as declared, full paths). */
function tableOf(s: TestServer, module: string): AppManifest {
  return JSON.parse(readFileSync(routeTableFile(join(s.prefix, 'js', module)), 'utf8'))
}

const literalDir = mkdtempSync(join(tmpdir(), 'tresty-literal-'))
const literal60 = join(literalDir, 'literal-60.ts')
writeFileSync(literal60, literalApp(60, resolve(repoRoot, 'bench/apps/routes.ts')))

afterAll(() => rmSync(literalDir, { recursive: true, force: true }))

const CORPUS: [string, string, (p: string) => boolean][] = [
  // Losty's documented routing table, and the rest of core-app (its guarded and log routes aside).
  ['Losty routing table (core-app)', 'test/apps/core-app.ts', (p) => !p.startsWith('/log') && !p.startsWith('/private')],
  // (/lazy answers differently by design: a compiled handler expression is read at first match.)
  ['groups, use(), patterns, dynamic declarations', 'test/apps/compile-routes-app.ts', (p) => !p.startsWith('/lazy')],
  ['a generated 60-route app', literal60, () => true],
]

describe.each(CORPUS)('same routing with and without the embedded table: %s', (_name, app, keep) => {
  let servers: TestServer[] = []
  beforeAll(async () => {
    // compiled + embedded (the default build) · neither · uncompiled but embedded
    servers = [
      await startBuilt(app, {}),
      await startBuilt(app, { TRESTY_COMPILE_ROUTES: '0', TRESTY_EMBED_ROUTES: '0' }),
      await startBuilt(app, { TRESTY_COMPILE_ROUTES: '0' }),
    ]
  }, 180_000)
  afterAll(async () => { for (const s of servers) { s.assertNoCrash(); await s.stop() } })

  it('answers every request alike, twice', { timeout: 180_000 }, async () => {
    const module = app.split('/').pop()!.replace(/\.ts$/, '.js')
    const requests = requestsFor(tableOf(servers[0], module)).filter(([, p]) => keep(p))
    expect(requests.length).toBeGreaterThan(20)
    let found = 0
    for (let round = 0; round < 2; round++) {
      for (const [method, path] of requests) {
        const [a, b, c] = await Promise.all(servers.map((s) => answer(s, method, path)))
        expect({ method, path, ...a }).toEqual({ method, path, ...b })
        expect({ method, path, ...c }).toEqual({ method, path, ...b })
        if (a.status < 300) found++
      }
    }
    // Not only 404s: most routes were served.
    expect(found).toBeGreaterThan(requests.length / 4)
  })
})
