/**
 * The README's example app as `npm start` runs it (startDevStack: nginx + the sidecar + a
 * redis-server of its own), on a free port and a temp prefix.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevStack, type DevStack } from '../../src/node/dev.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'

let stack: DevStack
let prefix: string
const s = {
  fetch: (path: string, init?: RequestInit) => fetch(stack.url + path, init),
}

beforeAll(async () => {
  prefix = mkdtempSync(join(tmpdir(), 'tresty-example-'))
  stack = await startDevStack({
    // No guard location of our own: the generated config wires the app's guards (docs/guards.md).
    app: 'examples/app.ts', port: await freePort(), prefix, quiet: true,
  })
})
afterAll(async () => {
  const log = stack?.nginx.errorLog() ?? ''
  await stack?.stop()
  rmSync(prefix, { recursive: true, force: true })
  expect(log).not.toMatch(/exited on signal/)
})

describe('examples/app.ts', () => {
  it('negotiates the home page', async () => {
    const j = await s.fetch('/')
    expect(((await j.json()) as any).name).toBe('tresty')
    expect(j.headers.get('x-response-time')).toMatch(/^\d+ms$/)
    const h = await s.fetch('/', { headers: { Accept: 'text/html' } })
    expect(await h.text()).toMatch(/<h1>tresty<\/h1>/)
  })
  it('routes named and captured segments', async () => {
    expect(await (await s.fetch('/hello/ada')).json()).toEqual({ hello: 'ada' })
    expect(await (await s.fetch('/posts/2026-11/launch')).json()).toEqual({ year: '2026', month: '11', slug: 'launch' })
  })
  it('runs a validating handler chain', async () => {
    const ok = await s.fetch('/api/notes', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":"hi"}' })
    expect(ok.status).toBe(201)
    expect(((await ok.json()) as any).text).toBe('hi')
    const bad = await s.fetch('/api/notes', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })
    expect(bad.status).toBe(422)
    expect(await (await s.fetch('/api/notes?page=3')).json()).toEqual({ notes: [], page: 3 })
  })
  it('parses forms and multipart uploads', async () => {
    const form = await s.fetch('/api/contact', { method: 'POST', body: new URLSearchParams({ name: 'Ann' }) })
    expect(await form.json()).toEqual({ thanks: 'Ann' })
    const fd = new FormData()
    fd.append('title', 'pic')
    fd.append('file', new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'image/png' }), 'a.png')
    const up = await s.fetch('/api/upload', { method: 'POST', body: fd })
    expect(await up.json()).toEqual({ fields: { title: 'pic' }, files: [{ name: 'a.png', size: 4, type: 'image/png' }] })
  })
  it('sets and deletes cookies', async () => {
    const first = await s.fetch('/visit', { method: 'POST' })
    const cookie = first.headers.get('set-cookie')!
    expect(cookie).toMatch(/^visits=1; .*Max-Age=3600/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    const second = await s.fetch('/visit', { method: 'POST', headers: { Cookie: 'visits=1' } })
    expect(await second.json()).toEqual({ visits: 2 })
    const del = await s.fetch('/visit', { method: 'DELETE' })
    expect(del.headers.get('set-cookie')).toMatch(/Max-Age=0/)
  })
  it('streams server-sent events', async () => {
    const res = await s.fetch('/events')
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const text = await res.text()
    expect(text).toMatch(/^retry: 2000\n/)
    expect(text.match(/event: tick\n/g)).toHaveLength(3)
    expect(text).toMatch(/id: 3\ndata: \{"n":3\}\n\n$/)
  })
  it('enqueues a task that a worker process runs', async () => {
    const res = await s.fetch('/reports', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":"nginx runs typescript now"}' })
    expect(res.status).toBe(202)
    const { id } = (await res.json()) as any
    expect(res.headers.get("location")).toMatch(new RegExp(`/reports/${id}$`))
    let status: any
    for (let i = 0; i < 100; i++) {
      status = await (await s.fetch(`/reports/${id}`)).json()
      if (status.state === 'completed') break
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(status.state).toBe('completed')
    expect(status.result).toEqual({ words: 4, longest: 'typescript' })
  })
  it('caches with a loader, negative caching and delete', async () => {
    const first = (await (await s.fetch('/words/nginx')).json()) as any
    expect(first).toMatchObject({ word: 'nginx', length: 5 })
    const again = (await (await s.fetch('/words/nginx')).json()) as any
    expect(again.loadedAt).toBe(first.loadedAt)
    expect((await s.fetch('/words/nothing')).status).toBe(404)
    expect(await (await s.fetch('/words/nginx', { method: 'DELETE' })).json()).toEqual({ deleted: 'nginx' })
    await new Promise((r) => setTimeout(r, 5))
    const fresh = (await (await s.fetch('/words/nginx')).json()) as any
    expect(fresh.loadedAt).toBeGreaterThan(first.loadedAt)
  })
  it('serves Prometheus metrics with per-route counts', async () => {
    const text = await (await s.fetch('/metrics')).text()
    expect(text).toMatch(/word_loads\{first="n"\} [1-9]/)
    expect(text).toMatch(/http_requests\{method="GET",route="\/words\/:word",status="200"\}/)
  })
  it('guards /admin in the access phase', async () => {
    expect((await s.fetch('/admin/stats')).status).toBe(401)
    expect((await s.fetch('/admin/stats', { headers: { Authorization: 'Bearer example-token' } })).status).toBe(200)
  })
  it('counts responses in the log phase', async () => {
    await s.fetch('/nope')
    await new Promise((r) => setTimeout(r, 50))
    const counts = (await (await s.fetch("/status-counts")).json()) as any
    expect(counts['404']).toBeGreaterThanOrEqual(1)
    expect(counts['200']).toBeGreaterThanOrEqual(1)
  })
})
