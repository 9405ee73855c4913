/**
 * examples/app.ts's bus part as `npm start` runs it (nginx + sidecar + its own redis-server):
 * notes/persistence.ts answers data:request:note:* (wired by notes/events.json) in Redis.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDevStack, type DevStack } from '../../src/node/dev.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'

let stack: DevStack
let prefix: string
const req = async (path: string, init?: RequestInit) => {
  const res = await fetch(stack.url + path, init)
  return { status: res.status, body: (await res.json()) as any }
}
const put = (path: string, body: string) => req(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body })

beforeAll(async () => {
  prefix = mkdtempSync(join(tmpdir(), 'tresty-bus-example-'))
  stack = await startDevStack({ app: 'examples/app.ts', port: await freePort(), prefix, quiet: true })
})
afterAll(async () => {
  const log = stack?.nginx.errorLog() ?? ''
  await stack?.stop()
  rmSync(prefix, { recursive: true, force: true })
  expect(log).not.toMatch(/exited on signal/)
})

describe('examples/app.ts: notes through the bus', () => {
  it('saves, reads, lists and deletes notes in Redis', async () => {
    const saved = await put('/bus/notes/n1', '{"text":"first"}')
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ id: 'n1', text: 'first' })
    await put('/bus/notes/n2', '{"text":"second ✓"}')
    expect((await req('/bus/notes/n1')).body).toEqual(saved.body)
    expect((await req('/bus/notes')).body.notes.map((n: any) => n.text)).toEqual(['first', 'second ✓'])
    expect((await req('/bus/notes/n1', { method: 'DELETE' })).body).toEqual({ deleted: true })
    expect((await req('/bus/notes/n1', { method: 'DELETE' })).body).toEqual({ deleted: false })
    expect((await req('/bus/notes/n1')).status).toBe(404)
    expect((await req('/bus/notes')).body.notes.map((n: any) => n.id)).toEqual(['n2'])
  })
  it('bad input is the client\'s error, not a 500', async () => {
    expect((await put('/bus/notes/n3', '{}')).status).toBe(422)
    expect((await put('/bus/notes/n3', 'nope')).status).toBe(400)
    expect((await req(`/bus/notes/${'x'.repeat(201)}`)).status).toBe(400)
    const hostile = encodeURIComponent('a b\r\nSET x y')
    expect((await put(`/bus/notes/${hostile}`, '{"text":"odd id"}')).status).toBe(200)
    expect((await req(`/bus/notes/${hostile}`)).body.text).toBe('odd id')
  })
})
