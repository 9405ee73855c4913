/**
 * Lusty's event bus (mediator_lua semantics, TypeScript shapes): namespaced channels with parent
 * propagation, priorities, predicates, and handlers that can stop the rest of a publish.
 *
 * In src/shared because both sides run this very bus: nginx (`tresty/bus`) and Node
 * (`remoteBus` in `tresty/node`). Nothing here needs njs or Node globals.
 * No Map/Set (the njs engine has none): channels live in an object keyed by `'c:' + channel`
 * (a prefix, so a channel named `__proto__` is just a channel).
 */
/** What `stop(result)` returns: collected like any result, then propagation ends. */
export interface Stop<T = unknown> {
  __trestyBusStop: true
  result: T
}

/**
 * A handler gets every publish argument. It returns:
 *   - nothing (`undefined`/`null`): nothing is collected, propagation goes on;
 *   - a value: collected into `publish`'s results, propagation goes on;
 *   - `stop(value?)`: the value (if any) is collected, and no further handler runs —
 *     not the rest of this channel, not the parent channels;
 *   - a promise of one of these: awaited before the next handler runs.
 * (mediator_lua/Lusty differ on the first case: there a handler that returns nothing stops.)
 */
export type BusHandler = (...args: any[]) => any

export interface SubscribeOptions {
  /** Higher runs first within the channel (default 0); equal priorities run in subscription order. */
  priority?: number
  /** Synchronous filter over the publish arguments; false skips this handler only. */
  predicate?: (...args: any[]) => boolean
}

export interface Subscription {
  readonly channel: string
  readonly priority: number
  /** Removes the handler; true the first time. Safe during a publish (the handler is skipped from then on). */
  unsubscribe(): boolean
  /** Moves the handler within its channel: after every handler of equal or higher priority. */
  setPriority(priority: number): void
}

export interface BusError extends Error {
  name: 'BusError'
  isBusError: true
  /** The channel whose subscriber threw or rejected. */
  channel: string
  /** The channel that was published (the same, or a child of it). */
  published: string
  cause: unknown
}

/** A `{ events }` map whose targets are functions: what the build makes of a config map. */
export type WireTarget = BusHandler | { handler: BusHandler; priority?: number }
export interface Wiring {
  events: { [channel: string]: WireTarget | WireTarget[] }
}

export interface Bus {
  subscribe(channel: string, handler: BusHandler, options?: SubscribeOptions): Subscription
  /**
   * Runs the subscribers of `channel`, then of each parent (`a:b:c` → `a:b` → `a`), and resolves
   * to the collected results. Synchronous handlers run before `publish` returns; the first
   * promise a handler returns is awaited before the next one runs. A throwing or rejecting
   * handler stops the publish, which rejects (see `BusError`).
   */
  publish(channel: string, ...args: any[]): Promise<any[]>
  /** `publish` for synchronous contexts (js_set, log phase): throws if a handler returns a promise. */
  publishSync(channel: string, ...args: any[]): any[]
  /** Subscribes every entry of a wiring (a config map the build resolved to functions). */
  wire(wiring: Wiring): Subscription[]
  /** Handlers subscribed on exactly `channel`, or on all channels when omitted. */
  count(channel?: string): number
}

interface Subscriber extends Subscription {
  channel: string
  priority: number
  handler: BusHandler
  predicate: ((...args: any[]) => boolean) | undefined
  removed: boolean
  owner: BusState
}

interface BusState extends Bus {
  channels: { [key: string]: Subscriber[] }
}

const STOP = '__trestyBusStop'

/** Ends propagation after this handler; `result` (if not null/undefined) is collected. */
export function stop<T>(result?: T): Stop<T> {
  return { __trestyBusStop: true, result: result as T }
}

function isStop(v: any): v is Stop {
  return v !== null && typeof v === 'object' && v[STOP] === true
}

function checkChannel(channel: string) {
  if (typeof channel !== 'string' || channel === '' || channel.charAt(0) === ':' || channel.charAt(channel.length - 1) === ':' || channel.indexOf('::') !== -1) {
    throw new TypeError(`bus: bad channel ${JSON.stringify(channel)} (non-empty segments separated by ":")`)
  }
}

/** `a:b:c` → ['a:b:c', 'a:b', 'a']; throws on an empty channel or empty segment. */
export function channelChain(channel: string): string[] {
  checkChannel(channel)
  const chain = [channel]
  let at = channel.lastIndexOf(':')
  while (at > 0) {
    channel = channel.slice(0, at)
    chain.push(channel)
    at = channel.lastIndexOf(':')
  }
  return chain
}

function insert(list: Subscriber[], sub: Subscriber) {
  let i = list.length
  while (i > 0 && list[i - 1].priority < sub.priority) i--
  if (i === list.length) list.push(sub) // the usual case; splice costs more on the njs engine
  else list.splice(i, 0, sub)
}

function detach(sub: Subscriber): boolean {
  const list = sub.owner.channels['c:' + sub.channel]
  const i = list ? list.indexOf(sub) : -1
  if (i === -1) return false
  list.splice(i, 1)
  return true
}

function unsubscribe(this: Subscriber): boolean {
  if (this.removed) return false
  this.removed = true
  return detach(this)
}

function setPriority(this: Subscriber, priority: number) {
  if (this.removed) return
  detach(this)
  this.priority = Number(priority) || 0
  insert(this.owner.channels['c:' + this.channel], this)
}

function subscribe(this: BusState, channel: string, handler: BusHandler, o?: SubscribeOptions): Subscription {
  checkChannel(channel)
  if (typeof handler !== 'function') throw new TypeError(`bus: the handler for "${channel}" is not a function`)
  if (o && o.predicate !== undefined && typeof o.predicate !== 'function') throw new TypeError(`bus: the predicate for "${channel}" is not a function`)
  const sub = {
    channel, handler, owner: this, removed: false,
    priority: (o && Number(o.priority)) || 0,
    predicate: o ? o.predicate : undefined,
    unsubscribe, setPriority,
  } as Subscriber
  const key = 'c:' + channel
  if (!this.channels[key]) this.channels[key] = []
  insert(this.channels[key], sub)
  return sub
}

function busError(e: any, channel: string, published: string): any {
  if (e && (e.isBusError === true || e.isHttpError === true)) {
    // An HttpError keeps its status and message (it may be a client's answer); it learns the
    // channel. A BusError from a nested publish already names the channel that failed.
    if (e.channel === undefined) e.channel = channel
    return e
  }
  const reason = e && e.message !== undefined ? e.message : String(e)
  const via = channel === published ? '' : ` (publishing "${published}")`
  const err = new Error(`bus: a subscriber of "${channel}" failed${via}: ${reason}`) as BusError
  err.name = 'BusError'
  err.isBusError = true
  err.channel = channel
  err.published = published
  err.cause = e
  return err
}

/** The publish loop: synchronous until a handler returns a promise, then continues in `then`. */
function run(bus: BusState, published: string, args: any[], sync: boolean): any[] | Promise<any[]> {
  const chain = channelChain(published)
  const results: any[] = []
  let level = -1
  let list: Subscriber[] = []
  let i = 0
  // Handles what a handler gave back; true when propagation stops.
  const take = (out: any): boolean => {
    if (isStop(out)) {
      if (out.result !== undefined && out.result !== null) results.push(out.result)
      return true
    }
    if (out !== undefined && out !== null) results.push(out)
    return false
  }
  const step = (): any[] | Promise<any[]> => {
    for (;;) {
      if (i >= list.length) {
        if (++level >= chain.length) return results
        // A copy: handlers may (un)subscribe while we walk; `removed` skips the ones gone since.
        const current = bus.channels['c:' + chain[level]]
        list = current ? current.slice() : []
        i = 0
        continue
      }
      const sub = list[i++]
      if (sub.removed) continue
      let out: any
      try {
        if (sub.predicate && !sub.predicate.apply(undefined, args)) continue
        out = sub.handler.apply(undefined, args)
      } catch (e) {
        throw busError(e, sub.channel, published)
      }
      if (out !== null && typeof out === 'object' && typeof out.then === 'function') {
        if (sync) throw busError(new Error('returned a promise to publishSync'), sub.channel, published)
        return (out as Promise<any>).then(
          (v) => (take(v) ? results : step()),
          (e) => { throw busError(e, sub.channel, published) },
        )
      }
      if (take(out)) return results
    }
  }
  return step()
}

function publish(this: BusState, channel: string, ...args: any[]): Promise<any[]> {
  try {
    return Promise.resolve(run(this, channel, args, false))
  } catch (e) {
    return Promise.reject(e)
  }
}

function publishSync(this: BusState, channel: string, ...args: any[]): any[] {
  return run(this, channel, args, true) as any[]
}

function wire(this: BusState, wiring: Wiring): Subscription[] {
  const subs: Subscription[] = []
  const events = wiring && wiring.events
  if (!events || typeof events !== 'object') throw new TypeError('bus: wire() needs { events: { channel: handler } }')
  const channels = Object.keys(events)
  for (let c = 0; c < channels.length; c++) {
    const targets = events[channels[c]]
    const list = Array.isArray(targets) ? targets : [targets]
    for (let t = 0; t < list.length; t++) {
      const target = list[t]
      if (typeof target === 'function') subs.push(this.subscribe(channels[c], target))
      else subs.push(this.subscribe(channels[c], target && target.handler, { priority: target && target.priority }))
    }
  }
  return subs
}

function count(this: BusState, channel?: string): number {
  if (channel !== undefined) {
    const list = this.channels['c:' + channel]
    return list ? list.length : 0
  }
  let n = 0
  const keys = Object.keys(this.channels)
  for (let k = 0; k < keys.length; k++) n += this.channels[keys[k]].length
  return n
}

/**
 * A new, empty bus. Cheap: one small object; the methods are shared functions. On the njs
 * engine a bus made at module load is made again for every request (with every subscription
 * the module's top level makes); on QuickJS it lives as long as the pooled context.
 */
export function createBus(): Bus {
  return { channels: {}, subscribe, publish, publishSync, wire, count } as BusState
}
