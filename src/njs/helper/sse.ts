/**
 * Server-Sent Events. The handler returns what `sse()` returns: an async iterator the core's
 * streaming sender pulls chunks from, while `producer` pushes events into it.
 *
 * @example
 *   app.get('/events', (q, r) => sse(q, r, (stream) => {
 *     let n = 0
 *     const tick = () => {
 *       if (stream.closed) return
 *       stream.send({ event: 'tick', id: String(++n), data: { n } })
 *       setTimeout(tick, 1000)
 *     }
 *     tick()
 *     stream.onClose(() => { ... })   // client gone, stream.close(), or an error
 *   }, { keepAlive: 15000, retry: 3000 }))
 */
import type { Request, Response } from '../types.ts'

export interface SseEvent {
  event?: string
  id?: string | number
  /** Reconnection time for the client, in ms. */
  retry?: number
  /** A string (several lines give several `data:` lines) or anything JSON can encode. */
  data?: unknown
}

export interface SseStream {
  /** Queues an event (a bare string is the data); false once the stream is closed. */
  send(event: SseEvent | string): boolean
  /** Queues a comment line (`: text`), ignored by clients. */
  comment(text: string): boolean
  /** Ends the stream: the response finishes once what is queued is sent. */
  close(): void
  /** Runs `fn` once when the stream ends for any reason (also the client going away). */
  onClose(fn: () => void): void
  readonly closed: boolean
}

export interface SseOptions {
  /** Sends `: ping` after this many ms without output (default 15000; 0 disables). Pings
   *  also reveal a client that went away. */
  keepAlive?: number
  /** Sent first as `retry: N`: the client's reconnection delay in ms. */
  retry?: number
}

export interface SseIterator {
  next(): Promise<IteratorResult<string, undefined>>
  return(): Promise<IteratorResult<string, undefined>>
}

// Regex literals where they are used: at module level they would cost every request on the njs engine.

function field(name: string, value: string | number): string {
  const s = String(value)
  if (/[\r\n]/.test(s)) throw new Error(`tresty: SSE ${name} must not contain a line break`)
  return name + ': ' + s + '\n'
}

/** One event in the wire format, ending with the blank line. */
export function formatEvent(ev: SseEvent | string): string {
  if (typeof ev === 'string') ev = { data: ev }
  let out = ''
  if (ev.event !== undefined && ev.event !== null) out += field('event', ev.event)
  if (ev.id !== undefined && ev.id !== null) out += field('id', ev.id)
  if (typeof ev.retry === 'number') out += 'retry: ' + Math.floor(ev.retry) + '\n'
  const d = ev.data
  if (d !== undefined || out === '') {
    const text = d === undefined || d === null ? '' : typeof d === 'string' ? d : JSON.stringify(d)
    const lines = text.split(/\r\n|\r|\n/)
    for (let i = 0; i < lines.length; i++) out += 'data: ' + lines[i] + '\n'
  }
  return out + '\n'
}

/** A comment block: `: line` per line, then the blank line. */
export function formatComment(text: string): string {
  const lines = String(text).split(/\r\n|\r|\n/)
  let out = ''
  for (let i = 0; i < lines.length; i++) out += ': ' + lines[i] + '\n'
  return out + '\n'
}

/**
 * Starts an event stream: sets the SSE headers on `r` and returns the async iterator to
 * return from the handler. `producer` runs when the sender first pulls (after the headers
 * went out); it may return a promise, and a throw or rejection is logged and closes the stream.
 */
export function sse(q: Request, r: Response, producer: (stream: SseStream) => void | Promise<void>,
  options?: SseOptions): SseIterator {
  r.headers['content-type'] = 'text/event-stream'
  r.headers['cache-control'] = 'no-cache'
  r.headers['x-accel-buffering'] = 'no'
  const keepAlive = options && typeof options.keepAlive === 'number' ? options.keepAlive : 15000
  const queue: string[] = []
  const closers: (() => void)[] = []
  let waiting: ((res: IteratorResult<string, undefined>) => void) | null = null
  let started = false
  let ended = false
  let busy = false // something was queued since the last keep-alive tick
  let timer: any = null

  if (options && typeof options.retry === 'number') queue.push('retry: ' + Math.floor(options.retry) + '\n\n')

  function push(chunk: string): boolean {
    if (ended) return false
    busy = true
    if (waiting) {
      const w = waiting
      waiting = null
      w({ value: chunk, done: false })
    } else {
      queue.push(chunk)
    }
    return true
  }

  function tick() {
    timer = null
    if (ended) return
    if (!busy) push(': ping\n\n')
    busy = false
    timer = setTimeout(tick, keepAlive)
  }

  function end() {
    if (ended) return
    ended = true
    if (timer !== null) { clearTimeout(timer); timer = null }
    if (waiting && queue.length === 0) {
      const w = waiting
      waiting = null
      w({ value: undefined, done: true })
    }
    for (let i = 0; i < closers.length; i++) {
      try { closers[i]() } catch (e) { log(e) }
    }
    closers.length = 0
  }

  function log(e: unknown) {
    // QuickJS stacks hold only the frames, njs stacks start with the message
    const head = String(e)
    const stack = e ? (e as Error).stack : undefined
    q.raw.error(`tresty: SSE stream: ${!stack ? head : stack.indexOf(head) === 0 ? stack : head + '\n' + stack}`)
  }

  const stream: SseStream = {
    send: (ev) => push(formatEvent(ev)),
    comment: (text) => push(formatComment(text)),
    close: end,
    onClose(fn) {
      if (ended) {
        try { fn() } catch (e) { log(e) }
      } else {
        closers.push(fn)
      }
    },
    get closed() { return ended },
  }

  function start() {
    started = true
    if (keepAlive > 0) timer = setTimeout(tick, keepAlive)
    try {
      const p = producer(stream)
      if (p && typeof (p as Promise<void>).then === 'function') {
        (p as Promise<void>).then(undefined, (e) => { log(e); end() })
      }
    } catch (e) {
      log(e)
      end()
    }
  }

  return {
    next() {
      if (!started) start()
      if (queue.length > 0) {
        // everything queued goes out in one r.send
        const chunk = queue.length === 1 ? queue[0] : queue.join('')
        queue.length = 0
        return Promise.resolve({ value: chunk, done: false })
      }
      if (ended) return Promise.resolve({ value: undefined, done: true })
      return new Promise((res) => { waiting = res })
    },
    return() {
      queue.length = 0
      end()
      return Promise.resolve({ value: undefined, done: true })
    },
  }
}
