/** src/node/etcd against a real etcd: get, put (lease/TTL), delete, prefix ranges, watch. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { etcdClient, EtcdError, type EtcdClient, type WatchEvent } from '../../src/node/etcd/index.ts'
import { startEtcd, type TestEtcd } from '../support/etcd.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'

let server: TestEtcd
let etcd: EtcdClient

beforeAll(async () => {
  server = await startEtcd()
  etcd = etcdClient({ url: server.url })
})
afterAll(async () => { await server?.destroy() })

const waitFor = async (cond: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('etcd v3 over the JSON gateway', () => {
  it('puts and gets, with revisions; a missing key is null', async () => {
    const put = await etcd.put('/t/a', 'héllo ✓')
    expect(put.revision).toBeGreaterThan(0)
    const got = await etcd.get('/t/a')
    expect(got).toMatchObject({ key: '/t/a', value: 'héllo ✓', modRevision: put.revision, version: 1, lease: '' })
    expect(await etcd.get('/t/missing')).toBeNull()
    expect(await etcd.version()).toMatch(/^3\./)
  })

  it('ranges by prefix without touching neighbours', async () => {
    await etcd.put('/p/one', '1')
    await etcd.put('/p/two', '2')
    await etcd.put('/p0', 'not in the prefix')
    await etcd.put('/q/x', 'other')
    const { kvs, revision } = await etcd.range('/p/', { prefix: true })
    expect(kvs.map((kv) => [kv.key, kv.value])).toEqual([['/p/one', '1'], ['/p/two', '2']])
    expect(revision).toBeGreaterThan(0)
  })

  it('deletes one key or a whole prefix', async () => {
    await etcd.put('/d/a', '1')
    await etcd.put('/d/b', '2')
    await etcd.put('/d2', 'stays')
    expect(await etcd.delete('/d/a')).toBe(1)
    expect(await etcd.delete('/d/', { prefix: true })).toBe(1)
    expect(await etcd.get('/d2')).not.toBeNull()
  })

  it('a put with ttl expires with its lease', async () => {
    const { lease } = await etcd.put('/ttl/k', 'v', { ttl: 1 })
    expect(lease).not.toBe('')
    expect((await etcd.get('/ttl/k'))!.lease).toBe(lease)
    const until = Date.now() + 10_000
    while ((await etcd.get('/ttl/k')) !== null) {
      if (Date.now() > until) throw new Error('the key outlived its 1 s lease')
      await new Promise((r) => setTimeout(r, 200))
    }
    await expect(etcd.grantLease(0)).rejects.toThrow(/positive/)
  })

  it('watches a prefix: puts and deletes in order, from a revision', async () => {
    const seen: WatchEvent[] = []
    const w = etcd.watch('/w/', { prefix: true }, (events) => seen.push(...events))
    await w.ready
    await etcd.put('/w/a', '1')
    await etcd.put('/w/b', '2')
    await etcd.put('/elsewhere', 'x')
    await etcd.delete('/w/a')
    await waitFor(() => seen.length >= 3)
    expect(seen.map((e) => [e.type, e.kv.key, e.kv.value])).toEqual([['PUT', '/w/a', '1'], ['PUT', '/w/b', '2'], ['DELETE', '/w/a', '']])
    w.stop()
    expect(await w.done).toBeNull()

    // From a past revision: the history is replayed.
    const from = seen[0].kv.modRevision
    const replay: WatchEvent[] = []
    const w2 = etcd.watch('/w/', { prefix: true, startRevision: from }, (events) => replay.push(...events))
    await waitFor(() => replay.length >= 3)
    expect(replay[0].kv.key).toBe('/w/a')
    w2.stop()
  })

  it('an unreachable etcd is a clear EtcdError, for calls and watches', async () => {
    const down = etcdClient({ url: `http://127.0.0.1:${await freePort()}`, timeoutMs: 500 })
    await expect(down.get('/x')).rejects.toBeInstanceOf(EtcdError)
    await expect(down.get('/x')).rejects.toThrow(/unreachable/)
    const w = down.watch('/x', {}, () => undefined)
    const err = await w.done
    expect(err?.message).toMatch(/unreachable/)
  })
})
