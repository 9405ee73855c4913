/** tresty/bus under Node: the same module nginx runs (no njs globals in it). */
import { describe, expect, it } from 'vitest'
import { channelChain, createBus, stop } from '../../src/shared/bus.ts'
import { HttpError } from '../../src/njs/http-error.ts'

const tick = () => new Promise((r) => setTimeout(r, 1))

describe('channels', () => {
  it('a channel is its own first link, then each parent', () => {
    expect(channelChain('data:store:user')).toEqual(['data:store:user', 'data:store', 'data'])
    expect(channelChain('data')).toEqual(['data'])
  })
  it('rejects empty channels and empty segments', () => {
    for (const bad of ['', ':a', 'a:', 'a::b', 42 as any, undefined as any]) {
      expect(() => channelChain(bad)).toThrow(/bad channel/)
      expect(() => createBus().subscribe(bad, () => 1)).toThrow(/bad channel/)
    }
  })
  it('publishing a bad channel rejects instead of throwing', async () => {
    await expect(createBus().publish('a::b')).rejects.toThrow(/bad channel/)
  })
  it('channel names that are Object.prototype keys are plain channels', async () => {
    const b = createBus()
    b.subscribe('__proto__', () => 'p')
    b.subscribe('constructor:x', () => 'c')
    expect(await b.publish('__proto__:y')).toEqual(['p'])
    expect(await b.publish('constructor:x')).toEqual(['c'])
    expect(await b.publish('hasOwnProperty')).toEqual([])
  })
})

describe('publish', () => {
  it('runs the channel, then its parents, never siblings or children, passing every argument', async () => {
    const b = createBus()
    const seen: any[] = []
    b.subscribe('data', (...args) => { seen.push(['data', args]); return 'd' })
    b.subscribe('data:store', (...args) => { seen.push(['store', args]); return 's' })
    b.subscribe('data:store:user', (...args) => { seen.push(['user', args]); return 'u' })
    b.subscribe('data:store:user:deep', () => 'child')
    b.subscribe('data:cache', () => 'sibling')
    expect(await b.publish('data:store:user', 1, 'two')).toEqual(['u', 's', 'd'])
    expect(seen).toEqual([['user', [1, 'two']], ['store', [1, 'two']], ['data', [1, 'two']]])
  })

  it('returning nothing (or null) collects nothing and goes on: the default differs from mediator_lua', async () => {
    const b = createBus()
    const calls: string[] = []
    b.subscribe('a', () => { calls.push('a'); return 'a' })
    b.subscribe('a:b', () => { calls.push('b') })
    b.subscribe('a:b:c', () => { calls.push('c'); return null })
    expect(await b.publish('a:b:c')).toEqual(['a'])
    expect(calls).toEqual(['c', 'b', 'a'])
  })

  it('stop(value) collects the value and halts this channel and the parents', async () => {
    const b = createBus()
    const calls: string[] = []
    b.subscribe('a', () => { calls.push('a'); return 'a' })
    b.subscribe('a:b', () => { calls.push('b1'); return stop('found') })
    b.subscribe('a:b', () => { calls.push('b2'); return 'b2' })
    expect(await b.publish('a:b')).toEqual(['found'])
    expect(calls).toEqual(['b1'])
    b.subscribe('a:b', () => stop(), { priority: 5 })
    expect(await b.publish('a:b')).toEqual([])
  })

  it('collects falsy results other than null/undefined', async () => {
    const b = createBus()
    b.subscribe('x', () => 0)
    b.subscribe('x', () => '')
    b.subscribe('x', () => false)
    b.subscribe('x', () => stop(0))
    expect(await b.publish('x')).toEqual([0, '', false, 0])
  })

  it('an object with a `stop` or `result` key is a plain result, not a stop', async () => {
    const b = createBus()
    b.subscribe('x', () => ({ result: 1, stop: true }))
    b.subscribe('x', () => 2)
    expect(await b.publish('x')).toEqual([{ result: 1, stop: true }, 2])
  })

  it('synchronous handlers have run when publish returns', () => {
    const b = createBus()
    let ran = false
    b.subscribe('log:info', () => { ran = true })
    void b.publish('log:info', 'hello')
    expect(ran).toBe(true)
  })

  it('awaits async handlers one after the other, in order, across levels', async () => {
    const b = createBus()
    const log: string[] = []
    b.subscribe('a', async () => { log.push('a>'); await tick(); log.push('a<'); return 'a' })
    b.subscribe('a:b', async () => { log.push('b1>'); await tick(); log.push('b1<'); return 'b1' })
    b.subscribe('a:b', () => { log.push('b2'); return 'b2' })
    expect(await b.publish('a:b')).toEqual(['b1', 'b2', 'a'])
    expect(log).toEqual(['b1>', 'b1<', 'b2', 'a>', 'a<'])
  })

  it('an async stop halts what follows', async () => {
    const b = createBus()
    let parent = false
    b.subscribe('a', () => { parent = true })
    b.subscribe('a:b', async () => { await tick(); return stop('late') })
    expect(await b.publish('a:b')).toEqual(['late'])
    expect(parent).toBe(false)
  })

  it('nothing subscribed: no error, no results', async () => {
    expect(await createBus().publish('nope:wat')).toEqual([])
  })
})

describe('priority', () => {
  it('higher runs first; equal priorities keep subscription order', async () => {
    const b = createBus()
    b.subscribe('p', () => 'default1')
    b.subscribe('p', () => 'low', { priority: -1 })
    b.subscribe('p', () => 'high', { priority: 10 })
    b.subscribe('p', () => 'default2')
    b.subscribe('p', () => 'mid', { priority: 5 })
    expect(await b.publish('p')).toEqual(['high', 'mid', 'default1', 'default2', 'low'])
  })
  it('orders within a channel only: a child\'s lowest still runs before a parent\'s highest', async () => {
    const b = createBus()
    b.subscribe('a', () => 'parent', { priority: 100 })
    b.subscribe('a:b', () => 'child', { priority: -100 })
    expect(await b.publish('a:b')).toEqual(['child', 'parent'])
  })
  it('setPriority moves a subscriber', async () => {
    const b = createBus()
    b.subscribe('p', () => 1)
    const two = b.subscribe('p', () => 2)
    two.setPriority(1)
    expect(await b.publish('p')).toEqual([2, 1])
    expect(two.priority).toBe(1)
    two.setPriority(-1)
    expect(await b.publish('p')).toEqual([1, 2])
  })
})

describe('predicate', () => {
  it('filters on the publish arguments and skips only that handler', async () => {
    const b = createBus()
    b.subscribe('a', () => 'a')
    b.subscribe('a:b', (kind) => `b:${kind}`, { predicate: (kind) => kind === 'yes' })
    expect(await b.publish('a:b', 'no')).toEqual(['a'])
    expect(await b.publish('a:b', 'yes')).toEqual(['b:yes', 'a'])
  })
  it('a predicate that is not a function is refused at subscribe', () => {
    expect(() => createBus().subscribe('a', () => 1, { predicate: true as any })).toThrow(/predicate/)
    expect(() => createBus().subscribe('a', 'nope' as any)).toThrow(/not a function/)
  })
})

describe('unsubscribe', () => {
  it('removes one handler, once', async () => {
    const b = createBus()
    const s1 = b.subscribe('a', () => 1)
    b.subscribe('a', () => 2)
    expect(s1.unsubscribe()).toBe(true)
    expect(s1.unsubscribe()).toBe(false)
    expect(await b.publish('a')).toEqual([2])
    expect(b.count('a')).toBe(1)
  })
  it('a handler removed during a publish does not run later in it', async () => {
    const b = createBus()
    let later: { unsubscribe(): boolean } | null = null
    b.subscribe('a', () => { later!.unsubscribe(); return 'first' })
    later = b.subscribe('a', () => 'second')
    expect(await b.publish('a')).toEqual(['first'])
  })
  it('a handler added to the same channel during a publish waits for the next one', async () => {
    const b = createBus()
    b.subscribe('a', () => { b.subscribe('a', () => 'added'); return 'first' })
    expect(await b.publish('a')).toEqual(['first'])
    expect(await b.publish('a')).toEqual(['first', 'added'])
  })
})

describe('errors: a throwing handler stops the publish, which rejects naming the channel', () => {
  it('sync throw', async () => {
    const b = createBus()
    let parent = false
    b.subscribe('data', () => { parent = true })
    b.subscribe('data:store', () => { throw new Error('disk full') })
    const err: any = await b.publish('data:store:user').catch((e) => e)
    expect(err.name).toBe('BusError')
    expect(err.message).toBe('bus: a subscriber of "data:store" failed (publishing "data:store:user"): disk full')
    expect(err.channel).toBe('data:store')
    expect(err.published).toBe('data:store:user')
    expect(err.cause.message).toBe('disk full')
    expect(parent).toBe(false)
  })
  it('async rejection, non-Error values', async () => {
    const b = createBus()
    b.subscribe('x', async () => { await tick(); throw 'plain string' })
    await expect(b.publish('x')).rejects.toMatchObject({ name: 'BusError', channel: 'x', message: 'bus: a subscriber of "x" failed: plain string' })
  })
  it('a throwing predicate counts as the handler failing', async () => {
    const b = createBus()
    b.subscribe('x', () => 1, { predicate: () => { throw new Error('bad predicate') } })
    await expect(b.publish('x')).rejects.toMatchObject({ channel: 'x' })
  })
  it('an HttpError keeps its status and message (it may be the client\'s answer) and learns the channel', async () => {
    const b = createBus()
    b.subscribe('http:request:get', () => { throw HttpError(404, 'no such note') })
    const err: any = await b.publish('http:request:get').catch((e) => e)
    expect(err.status).toBe(404)
    expect(err.message).toBe('no such note')
    expect(err.channel).toBe('http:request:get')
  })
  it('a nested publish\'s error keeps naming the inner channel', async () => {
    const b = createBus()
    b.subscribe('inner', () => { throw new Error('deep') })
    b.subscribe('outer', () => b.publish('inner'))
    await expect(b.publish('outer')).rejects.toMatchObject({ channel: 'inner' })
  })
})

describe('publishSync', () => {
  it('returns the results directly', () => {
    const b = createBus()
    b.subscribe('a', () => 'a')
    b.subscribe('a:b', () => 'b')
    expect(b.publishSync('a:b')).toEqual(['b', 'a'])
  })
  it('throws when a handler returns a promise', () => {
    const b = createBus()
    b.subscribe('a', async () => 1)
    expect(() => b.publishSync('a')).toThrow(/returned a promise to publishSync/)
  })
})

describe('wire', () => {
  it('subscribes every entry of a resolved config map, with optional priorities', async () => {
    const b = createBus()
    const subs = b.wire({ events: {
      'data:request:user:get': (id: string) => ({ id }),
      'data:request:user': [() => 'audit', { handler: () => 'first', priority: 1 }],
    } })
    expect(subs).toHaveLength(3)
    expect(await b.publish('data:request:user:get', '7')).toEqual([{ id: '7' }, 'first', 'audit'])
  })
  it('refuses a map without events or with a non-function target', () => {
    expect(() => createBus().wire({} as any)).toThrow(/events/)
    expect(() => createBus().wire({ events: { a: 'mod#fn' as any } })).toThrow(/not a function/)
  })
})

describe('count', () => {
  it('per channel and in total', () => {
    const b = createBus()
    b.subscribe('a', () => 1)
    b.subscribe('a:b', () => 1)
    b.subscribe('a:b', () => 1)
    expect(b.count('a:b')).toBe(2)
    expect(b.count('zzz')).toBe(0)
    expect(b.count()).toBe(3)
  })
})
