import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { formatComment, formatEvent, sse, type SseStream } from '../../src/njs/helper/sse.ts'

function setup(producer: (s: SseStream) => void | Promise<void>, options?: { keepAlive?: number; retry?: number }) {
  const logged: string[] = []
  const q = { raw: { error: (m: string) => { logged.push(m) } } } as any
  const r = { headers: {} as Record<string, string> } as any
  const it = sse(q, r, producer, options)
  return { it, r, logged }
}

beforeEach(() => { vi.useFakeTimers() })
afterEach(() => { vi.useRealTimers() })

describe('formatEvent', () => {
  it('writes event, id, retry and one data line per line', () => {
    expect(formatEvent({ event: 'up', id: 7, retry: 1500, data: 'a\nb\r\nc\rd' }))
      .toBe('event: up\nid: 7\nretry: 1500\ndata: a\ndata: b\ndata: c\ndata: d\n\n')
  })
  it('encodes objects as JSON; a bare string is the data', () => {
    expect(formatEvent({ data: { x: 'l1\nl2' } })).toBe('data: {"x":"l1\\nl2"}\n\n')
    expect(formatEvent('hi')).toBe('data: hi\n\n')
    expect(formatEvent({})).toBe('data: \n\n')
    expect(formatEvent({ id: '1' })).toBe('id: 1\n\n')
  })
  it('refuses line breaks in event and id', () => {
    expect(() => formatEvent({ event: 'a\nb', data: 'x' })).toThrow(/line break/)
    expect(() => formatEvent({ id: 'a\rb', data: 'x' })).toThrow(/line break/)
  })
  it('formats comments', () => {
    expect(formatComment('one\ntwo')).toBe(': one\n: two\n\n')
  })
})

describe('sse', () => {
  it('sets the headers and starts the producer on the first pull', async () => {
    const producer = vi.fn()
    const { it: iter, r } = setup(producer)
    expect(r.headers).toEqual({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' })
    expect(producer).not.toHaveBeenCalled()
    const p = iter.next()
    expect(producer).toHaveBeenCalledTimes(1)
    await iter.return()
    expect(await p).toEqual({ value: undefined, done: true })
  })

  it('delivers queued events in one chunk, then waits for the next', async () => {
    let s!: SseStream
    const { it: iter } = setup((stream) => {
      s = stream
      stream.send({ event: 'a', data: '1' })
      stream.comment('c')
    }, { retry: 3000 })
    expect(await iter.next()).toEqual({ value: 'retry: 3000\n\nevent: a\ndata: 1\n\n: c\n\n', done: false })
    const pending = iter.next()
    s.send({ data: 'later' })
    expect(await pending).toEqual({ value: 'data: later\n\n', done: false })
    s.close()
    expect(s.closed).toBe(true)
    expect(s.send('dropped')).toBe(false)
    expect(await iter.next()).toEqual({ value: undefined, done: true })
  })

  it('flushes what is queued before ending after close()', async () => {
    const { it: iter } = setup((stream) => { stream.send('last'); stream.close() })
    expect(await iter.next()).toEqual({ value: 'data: last\n\n', done: false })
    expect(await iter.next()).toEqual({ value: undefined, done: true })
  })

  it('pings after keepAlive ms of silence only, and stops the timer on close', async () => {
    let s!: SseStream
    const { it: iter } = setup((stream) => { s = stream }, { keepAlive: 1000 })
    const first = iter.next()
    vi.advanceTimersByTime(999)
    s.send('x')
    expect((await first).value).toBe('data: x\n\n')
    vi.advanceTimersByTime(1) // this tick saw output: no ping
    const second = iter.next()
    vi.advanceTimersByTime(1000)
    expect((await second).value).toBe(': ping\n\n')
    expect(vi.getTimerCount()).toBe(1)
    s.close()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('return() (client gone) closes the stream, runs onClose once, clears timers', async () => {
    const closed = vi.fn()
    let s!: SseStream
    const { it: iter } = setup((stream) => { s = stream; stream.onClose(closed); stream.onClose(closed) }, { keepAlive: 500 })
    const pending = iter.next()
    expect(vi.getTimerCount()).toBe(1)
    expect(await iter.return()).toEqual({ value: undefined, done: true })
    expect(await pending).toEqual({ value: undefined, done: true })
    expect(closed).toHaveBeenCalledTimes(2) // registered twice, each runs once
    expect(s.closed).toBe(true)
    expect(vi.getTimerCount()).toBe(0)
    s.close()
    await iter.return()
    expect(closed).toHaveBeenCalledTimes(2)
    const late = vi.fn()
    s.onClose(late)
    expect(late).toHaveBeenCalledTimes(1)
  })

  it('keepAlive 0 sets no timer', async () => {
    const { it: iter } = setup(() => {}, { keepAlive: 0 })
    void iter.next()
    expect(vi.getTimerCount()).toBe(0)
    await iter.return()
  })

  it('a throwing or rejecting producer is logged and ends the stream', async () => {
    const a = setup(() => { throw new Error('boom') })
    expect(await a.it.next()).toEqual({ value: undefined, done: true })
    expect(a.logged[0]).toMatch(/SSE stream: Error: boom/)
    const closed = vi.fn()
    const b = setup(async (s) => { s.onClose(closed); s.send('one'); await Promise.resolve(); throw new Error('later') })
    expect((await b.it.next()).value).toBe('data: one\n\n')
    expect(await b.it.next()).toEqual({ value: undefined, done: true })
    expect(b.logged[0]).toMatch(/later/)
    expect(closed).toHaveBeenCalledTimes(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('an onClose callback that throws is logged and does not stop the others', async () => {
    const second = vi.fn()
    const { it: iter, logged } = setup((s) => { s.onClose(() => { throw new Error('bad closer') }); s.onClose(second) })
    void iter.next()
    await iter.return()
    expect(second).toHaveBeenCalledTimes(1)
    expect(logged[0]).toMatch(/bad closer/)
  })
})
