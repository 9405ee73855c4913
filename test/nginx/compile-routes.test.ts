/**
 * Routes the build compiled (src/node/bundler/compile-routes.ts) answer exactly like the same
 * app built without the pass (TRESTY_COMPILE_ROUTES=0), through a real nginx: Losty's routing
 * table (test/apps/core-app.ts) and an app of groups, prefixes, use(), patterns, 404/405/501.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'

async function startBoth(app: string): Promise<[TestServer, TestServer]> {
  const compiled = await startApp({ app })
  process.env.TRESTY_COMPILE_ROUTES = '0'
  try {
    return [compiled, await startApp({ app })]
  } finally {
    delete process.env.TRESTY_COMPILE_ROUTES
  }
}

async function answer(s: TestServer, method: string, path: string) {
  const res = await s.fetch(path, { method, body: method === 'POST' || method === 'PUT' || method === 'PATCH' ? '{}' : undefined, headers: { 'content-type': 'application/json' } })
  return {
    status: res.status, body: await res.text(), allow: res.headers.get('allow'),
    app: res.headers.get('x-app'), api: res.headers.get('x-api'), mw: res.headers.get('x-mw'),
  }
}

/** Every request on both servers, twice (the second is served by a route matched before). */
async function sameAnswers(servers: [TestServer, TestServer], requests: [string, string][]) {
  for (let round = 0; round < 2; round++) {
    for (const [method, path] of requests) {
      const c = await answer(servers[0], method, path)
      const u = await answer(servers[1], method, path)
      expect({ method, path, ...c }).toEqual({ method, path, ...u })
    }
  }
}

describe('compiled routes: Losty routing table (core-app)', () => {
  let servers: [TestServer, TestServer]
  beforeAll(async () => { servers = await startBoth('test/apps/core-app.ts') }, 120_000)
  afterAll(async () => {
    for (const s of servers ?? []) { s.assertNoCrash(); await s.stop() }
  })

  it('answers like the uncompiled build', async () => {
    await sameAnswers(servers, [
      ['GET', '/'], ['GET', '/hello/world'], ['GET', '/page/near'], ['GET', '/page/abc'], ['GET', '/page/123'],
      ['GET', '/page/a1'], ['GET', '/ab/12'], ['GET', '/num/42'], ['GET', '/num/forty'], ['GET', '/bt/x/other'],
      ['GET', '/bt/x/deep'], ['GET', '/methods'], ['POST', '/methods'], ['PUT', '/methods'], ['DELETE', '/any'],
      ['GET', '/chain/args'], ['GET', '/chain/upstream'], ['GET', '/chain/async'], ['GET', '/items'], ['GET', '/items/3'],
      ['GET', '/nowhere'], ['POST', '/nowhere'], ['GET', '/err/http'], ['GET', '/res/status'],
    ])
  })
})

describe('compiled routes: groups, use(), patterns, dynamic declarations', () => {
  let servers: [TestServer, TestServer]
  beforeAll(async () => { servers = await startBoth('test/apps/compile-routes-app.ts') }, 120_000)
  afterAll(async () => {
    for (const s of servers ?? []) { s.assertNoCrash(); await s.stop() }
  })

  it('answers like the uncompiled build', async () => {
    await sameAnswers(servers, [
      ['GET', '/'], ['GET', '/users'], ['POST', '/users'], ['GET', '/users/7'], ['DELETE', '/users/7'], ['GET', '/users/bob'],
      ['PUT', '/users/7/name'], ['PATCH', '/users/7'], ['OPTIONS', '/users'], ['HEAD', '/head-only'], ['GET', '/head-only'],
      ['GET', '/any/1'], ['DELETE', '/any/2'], ['PUT', '/users'], ['DELETE', '/users/bob'], ['GET', '/users/7/name'],
      ['GET', '/api'], ['GET', '/api/'], ['GET', '/api/items'], ['GET', '/api/items/9'], ['POST', '/api/items/9'], ['DELETE', '/api/items'],
      ['GET', '/api/v2/ping'], ['GET', '/api/v2/chain'], ['GET', '/loop/0'], ['GET', '/loop/2'], ['GET', '/loop/3'],
      ['GET', '/computed'], ['GET', '/spread'], ['GET', '/after'], ['GET', '/page/abc'], ['GET', '/page/42'], ['GET', '/page/a1'],
      ['GET', '/missing'], ['GET', '/api/missing'], ['GET', '/users/7/../../api/items'], ['PROPFIND', '/users'],
    ])
  })

  it('serves what the app declares (not just the same 404s)', async () => {
    const user = await answer(servers[0], 'GET', '/users/7')
    expect(user.status).toBe(200)
    expect(JSON.parse(user.body)).toMatchObject({ name: 'user', params: { id: '7' } })
    expect(user.app).toBe('mw')
    const item = await answer(servers[0], 'GET', '/api/items/9')
    expect([item.status, JSON.parse(item.body).name, item.api]).toEqual([200, 'item', 'after-use'])
    expect((await answer(servers[0], 'GET', '/api/items')).api).toBeNull()
    expect(JSON.parse((await answer(servers[0], 'GET', '/api/v2/chain')).body)).toEqual({ via: 'via' })
    expect(JSON.parse((await answer(servers[0], 'GET', '/loop/2')).body).name).toBe('loop2')
    const wrong = await answer(servers[0], 'PUT', '/users')
    expect([wrong.status, wrong.allow]).toEqual([405, expect.stringContaining('GET')])
    expect((await answer(servers[0], 'GET', '/missing')).status).toBe(404)
  })

  it('evaluates a compiled handler expression at first match, an uncompiled one at load', async () => {
    expect((await answer(servers[0], 'GET', '/lazy')).body).toBe('at first match')
    expect((await answer(servers[1], 'GET', '/lazy')).body).toBe('at load')
  })
})
