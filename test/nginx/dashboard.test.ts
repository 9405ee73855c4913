/**
 * The dev dashboard (docs/dashboard.md): the example app as `npm start` runs it (startDevStack),
 * the page driven in headless Chromium, and the places it must not be reachable from.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevStack, type DevStack } from '../../src/node/dev.ts'
import { findRuntime } from '../../src/node/runtime/find-nginx.ts'
import { renderConfig } from '../../src/node/runtime/nginx-conf.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'
import { startApp } from '../support/nginx.ts'
import type { DashboardData } from '../../src/shared/dashboard.ts'

const CHROMIUM = '/usr/bin/chromium'
let stack: DevStack
let prefix: string
const get = (path: string, init?: RequestInit) => fetch(stack.url + path, init)
const data = async () => (await (await get('/_tresty/dashboard/data.json')).json()) as DashboardData
const route = (d: DashboardData, method: string, path: string) => d.routes.find((r) => r.method === method && r.path === path)

/** A GET from a source address other than 127.0.0.1 (still on this host: 127.0.0.2). */
function getFrom(localAddress: string, port: number, path: string): Promise<number> {
  return new Promise((done, fail) => {
    request({ host: '127.0.0.1', port, path, localAddress }, (res) => { res.resume(); done(res.statusCode!) }).on('error', fail).end()
  })
}

beforeAll(async () => {
  prefix = mkdtempSync(join(tmpdir(), 'tresty-dashboard-'))
  stack = await startDevStack({ app: 'examples/app.ts', port: await freePort(), prefix, quiet: true })
})
afterAll(async () => {
  const log = stack?.nginx.errorLog() ?? ''
  await stack?.stop()
  if (!process.env.TRESTY_KEEP_TMP) rmSync(prefix, { recursive: true, force: true })
  expect(log).not.toMatch(/exited on signal/)
})

describe('dev dashboard', () => {
  it('answers the route table, zones, sidecar health and task counts as JSON', async () => {
    await (await get('/')).text()
    const d = await data()
    expect(d.errors).toEqual([])
    expect(d.routeMetrics).toBe(true)
    expect(route(d, 'GET', '/hello/:name')).toBeDefined()
    expect(route(d, 'POST', '/api/notes')).toBeDefined()
    expect(d.cache.zone!.capacity).toBeGreaterThan(0)
    expect(d.stats.zone!.capacity).toBeGreaterThan(0)
    expect(d.sidecar.ok).toBe(true)
    expect(d.tasks.counts).toMatchObject({ waiting: expect.any(Number), failed: expect.any(Number) })
  })

  it('counts requests per route, request times and cache hits', async () => {
    const before = route(await data(), 'GET', '/hello/:name')!.requests
    for (let i = 0; i < 3; i++) await (await get('/hello/ada')).text()
    await (await get('/words/dashboard')).text()
    await (await get('/words/dashboard')).text()
    await (await get('/no/such/path')).text()
    const d = await data()
    const hello = route(d, 'GET', '/hello/:name')!
    expect(hello.requests).toBe(before + 3)
    expect(hello.statuses['200']).toBeGreaterThanOrEqual(3)
    expect(hello.buckets.reduce((n, b) => n + b[1], 0)).toBeGreaterThanOrEqual(3)
    expect(hello.meanMs).not.toBeNull()
    expect(d.unrouted).toBeGreaterThanOrEqual(1)
    // The dashboard's own requests are not the app's traffic.
    expect((await data()).unrouted).toBe(d.unrouted)
    const words = d.cache.caches.find((c) => c.name === 'word-lengths')!
    expect(words.hits).toBeGreaterThanOrEqual(1)
    expect(words.misses).toBeGreaterThanOrEqual(1)
    expect(words.ratio).toBeGreaterThan(0)
    expect(d.cache.zone!.entries).toBeGreaterThan(0)
  })

  it('lists a failed task', async () => {
    // Straight to the sidecar: a payload the task cannot read (examples/tasks.ts reads payload.text).
    const res = await fetch(`http://127.0.0.1:${stack.sidecarPort}/tasks/enqueue`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-tresty-secret': stack.secret },
      body: JSON.stringify({ name: 'word-count', payload: null }),
    })
    expect(res.status).toBe(200)
    const { id } = (await res.json()) as { id: string }
    let failed
    for (let i = 0; i < 100 && !failed; i++) {
      failed = (await data()).tasks.failed?.find((f) => f.id === id)
      if (!failed) await new Promise((r) => setTimeout(r, 100))
    }
    expect(failed).toMatchObject({ id, name: 'word-count', reason: expect.stringMatching(/text/) })
  })

  it.skipIf(!existsSync(CHROMIUM))('shows the routes in headless Chromium and updates after traffic', async () => {
    const { chromium } = await import('playwright-core')
    const profile = mkdtempSync(join(prefix, 'chromium-'))
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    })
    try {
      const page = browser.pages()[0] ?? await browser.newPage()
      const outside: string[] = []
      page.on('request', (r) => { if (!r.url().startsWith(stack.url)) outside.push(r.url()) })
      const problems: string[] = []
      page.on('pageerror', (e) => problems.push(String(e)))
      page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()) })
      await page.goto(stack.url + '/_tresty/')
      expect(page.url()).toBe(stack.url + '/_tresty/dashboard/')
      await page.waitForSelector('body[data-polls]', { timeout: 15_000 }).catch((e) => { throw new Error(`${e}; page errors: ${problems.join('; ')}`) })
      const routes = await page.locator('#routes tbody tr').allInnerTexts()
      expect(routes.some((t) => t.includes('/hello/:name'))).toBe(true)
      expect(routes.some((t) => t.includes('/api/notes'))).toBe(true)
      const row = page.locator('#routes tbody tr', { hasText: '/hello/:name' })
      const count = async () => Number((await row.first().locator('td').nth(2).innerText()).trim())
      const before = await count()
      for (let i = 0; i < 5; i++) await (await get('/hello/chromium')).text()
      // The page polls once a second: the new count shows without a reload.
      await expect.poll(count, { timeout: 10_000, interval: 200 }).toBe(before + 5)
      expect(await page.locator('#sidecar').innerText()).toMatch(/healthy/)
      expect(await page.locator('#caches').innerText()).toMatch(/word-lengths/)
      expect(outside).toEqual([])
      expect(problems).toEqual([])
      // Kept after the run (the prefix is not): the screenshot is part of the test's output.
      const shot = join(mkdtempSync(join(tmpdir(), 'tresty-dashboard-screenshot-')), 'dashboard.png')
      await page.screenshot({ path: shot, fullPage: true })
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG')
      console.log(`dashboard screenshot: ${shot}`)
    } finally {
      await browser.close()
    }
  }, 90_000)

  it('refuses clients other than 127.0.0.1 and ::1', async () => {
    const port = Number(new URL(stack.url).port)
    for (const path of ['/_tresty/', '/_tresty/dashboard/', '/_tresty/dashboard/data.json', '/_tresty/dashboard/nginx.json', '/_tresty/dashboard/x/../data.json']) {
      expect(await getFrom('127.0.0.2', port, path), path).toBe(403)
      expect(await getFrom('127.0.0.1', port, path), path).not.toBe(403)
    }
  })

  it('answers nothing else under its prefix and only GET', async () => {
    expect((await get('/_tresty/dashboard/nope')).status).toBe(404)
    expect((await get('/_tresty/dashboard/data.json', { method: 'POST' })).status).toBe(405)
    // The app's router still refuses other /_tresty/ paths.
    expect((await get('/_tresty/dashboardx')).status).toBe(404)
  })
})

describe('without tresty dev', () => {
  it('a generated production config has no dashboard', () => {
    const p = mkdtempSync(join(tmpdir(), 'tresty-dashboard-prod-'))
    try {
      const text = renderConfig(findRuntime(), { prefix: p, port: 8080, jsDir: p, module: 'app.js' })
      expect(text).not.toMatch(/dashboard\.conf|tresty_dashboard/)
    } finally {
      rmSync(p, { recursive: true, force: true })
    }
  })
  it('an app served by a production config answers 404 for the dashboard paths', async () => {
    const app = await startApp({ app: 'examples/app.ts' })
    try {
      for (const path of ['/_tresty/', '/_tresty/dashboard/', '/_tresty/dashboard/data.json', '/_tresty/dashboard/nginx.json']) {
        expect((await app.fetch(path)).status, path).toBe(404)
      }
      app.assertNoCrash()
    } finally {
      await app.stop()
    }
  })
})
