/** The build's config-map resolution (src/node/bundler/bus-events.ts): good maps bundle, bad ones fail naming the entry. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bundle } from '../../src/node/bundler/bundle.ts'

const dirs: string[] = []
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

const APP = `import { bus } from 'tresty/bus'
import events from 'tresty-events:./mod/events.json'
bus.wire(events)
export default { ok: true }
`
const HANDLERS = `export function getUser(id: string) { return { id } }\nexport const saveUser = (u: any) => u\n`

/** Writes an app whose map is `events`, builds it, and returns the build error's message (or the bundle). */
async function build(events: unknown, files: Record<string, string> = {}, configName = 'events.json'): Promise<{ error?: string; code?: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tresty-bus-events-'))
  dirs.push(dir)
  mkdirSync(join(dir, 'mod'))
  writeFileSync(join(dir, 'app.ts'), APP.replace('events.json', configName))
  writeFileSync(join(dir, 'mod', configName), typeof events === 'string' ? events : JSON.stringify(events))
  writeFileSync(join(dir, 'mod', 'users.ts'), HANDLERS)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  try {
    const out = await bundle(join(dir, 'app.ts'), join(dir, 'out'))
    return { code: readFileSync(out.file, 'utf8') }
  } catch (e) {
    return { error: (e as Error).message }
  }
}

describe('tresty-events: config maps', () => {
  it('resolves module#function to imports, with priorities and lists', async () => {
    const out = await build({ events: { 'data:request:user:get': 'users#getUser', 'data:request:user': ['./users#saveUser', { handler: 'users.ts#getUser', priority: 3 }] } })
    expect(out.error).toBeUndefined()
    expect(out.code).toMatch(/"data:request:user:get": \[getUser\]/)
    expect(out.code).toMatch(/"data:request:user": \[saveUser, \{\s*handler: getUser,\s*priority: 3\s*\}\]/)
    expect(out.code).not.toMatch(/users#getUser/)
  })
  it('reads a TypeScript config map too', async () => {
    const out = await build(`export default { events: { 'a:b': 'users#getUser' } }\n`, {}, 'events.ts')
    expect(out.error).toBeUndefined()
    expect(out.code).toMatch(/"a:b": \[getUser\]/)
  })
  it('fails on a missing module, naming the entry', async () => {
    const out = await build({ events: { 'data:request:user:get': 'users#getUser', 'data:request:post:get': 'posts#getPost' } })
    expect(out.error).toMatch(/events entry "data:request:post:get" → "posts#getPost": module "posts" not found/)
  })
  it('fails on a missing function, naming the entry and what the module exports', async () => {
    const out = await build({ events: { 'data:request:user:delete': 'users#deleteUser' } })
    expect(out.error).toMatch(/events entry "data:request:user:delete" → "users#deleteUser": module "users" has no export "deleteUser" \(it exports: getUser, saveUser\)/)
  })
  it('fails on malformed entries and maps', async () => {
    expect((await build({ events: { 'a': 'users' } })).error).toMatch(/events entry "a" → "users": expected "module#function"/)
    expect((await build({ events: { 'a': 'users#not-a-name' } })).error).toMatch(/expected "module#function"/)
    expect((await build({ events: { 'a': 42 } })).error).toMatch(/events entry "a": a target is/)
    expect((await build({ events: { 'a': [] } })).error).toMatch(/events entry "a" has no target/)
    expect((await build({ events: { 'a::b': 'users#getUser' } })).error).toMatch(/bad channel "a::b"/)
    expect((await build({ events: { 'a': { handler: 'users#getUser', priority: 'high' } } })).error).toMatch(/priority must be a number/)
    expect((await build({ handlers: {} })).error).toMatch(/a config map is \{ "events"/)
    expect((await build('{ not json')).error).toMatch(/cannot read the config map/)
  })
  it('fails when the config map itself is missing', async () => {
    const out = await build({ events: {} }, { 'app.ts': APP.replace('./mod/events.json', './mod/nope.json') })
    expect(out.error).toMatch(/config map "\.\/mod\/nope\.json" not found/)
  })
})
