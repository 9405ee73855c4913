/**
 * `cache(name, options)`: a two-tier cache after lua-resty-mlcache.
 *
 * Tier 1 is a `js_shared_dict_zone` every worker of this nginx shares; tier 2 (optional) is Redis
 * through the sidecar, shared by every host. A miss in both runs the loader once per cluster:
 * one request per nginx holds a lock in a number zone while the others poll tier 1, and one
 * nginx holds a Redis lock while the other hosts poll tier 2. The loader's null/undefined is
 * cached as a miss for `negTtl`; a loader error is not cached, and a stale value is served
 * instead for `staleTtl` when there is one (mlcache's resurrect_ttl).
 *
 * All times are milliseconds. There is no per-worker tier: njs keeps nothing between requests.
 *
 * On the njs engine the app's top level (where caches are declared) runs for every request, so
 * `cache()` only makes one small object over a shared prototype; the work is in the functions
 * below, which take that object as their first argument.
 */
import type { Request } from '../types.ts'
import { decode, encode, freshValue, NOT_FRESH, reencode, type Entry } from './envelope.ts'
import { localLock, sleep } from './local-lock.ts'
import { register } from './cache-zones.ts'
import type { Tier2 } from './tier2.ts'
import { count, counterKeys } from './counters.ts'
import { sharedZone } from '../utils/zones.ts'

export interface CacheOptions {
  /** String zone for tier 1 (declared with `timeout=` so per-key ttls work). Default `tresty_cache`. */
  zone?: string
  /** Lifetime of a value. Default 30 s; 0 leaves it to the zone's timeout. */
  ttl?: number
  /** Lifetime of a cached miss. Default: `ttl`. */
  negTtl?: number
  /** How long a stale value may be served when the loader fails. Default 0 (never). */
  staleTtl?: number
  /** A store shared by every host: `sidecarTier2` (Redis through the sidecar), or your own. */
  tier2?: Tier2 | null
  /** Number zone for the per-nginx loader locks. Default `tresty_locks`. */
  lockZone?: string
  /** How long a loader lock lives (a loader running longer lets a second one start). Default 30 s. */
  lockTimeout?: number
  /** How long a request waits for another one's loader before giving up. Default 5 s. */
  waitTimeout?: number
}

export interface GetOptions {
  ttl?: number
  negTtl?: number
}

export type Loader<T> = (key: string) => T | null | undefined | Promise<T | null | undefined>

export interface Peeked<T> {
  /** The value; undefined for a cached miss. */
  value: T | undefined
  miss: boolean
  stale: boolean
  /** Milliseconds until the entry goes stale (≤ 0 once it is), null when it never does. */
  ttl: number | null
}

export interface Cache<T = any> {
  readonly name: string
  /**
   * The value for `key`, from tier 1, tier 2 or `loader`. Returns the value itself on a tier-1 hit
   * and a promise otherwise: `await` works for both. A miss (cached or fresh) is `undefined`.
   */
  get(q: Request | null, key: string, opts: GetOptions | null | undefined, loader: Loader<T>): T | undefined | Promise<T | undefined>
  /** Tier 1 only, synchronous; undefined when tier 1 has nothing for `key`. */
  peek(key: string): Peeked<T> | undefined
  /** Writes `value` (null/undefined: a miss) to both tiers; other hosts drop their copy. */
  set(q: Request | null, key: string, value: T | null | undefined, opts?: GetOptions | null): Promise<void>
  /** Removes `key` from this host's tier 1, tier 2 and every other host's tier 1. */
  delete(q: Request | null, key: string): Promise<void>
  /** Removes every key of this cache, everywhere. */
  purge(q: Request | null): Promise<void>
}

/** What `cache()` returns, seen from the inside. */
interface State {
  name: string
  zone: string
  prefix: string
  ttl: number
  negTtl: number
  staleTtl: number
  waitTimeout: number
  lockTimeout: number
  lockZone: string
  tier2: Tier2 | null
  /** The hit and miss counters' keys (counters.ts). */
  counters: [string, string]
}

type Opts = GetOptions | null | undefined

function fail(message: string): Error {
  const e = new Error(message)
  e.name = 'CacheError'
  return e
}

function isFull(e: any): boolean {
  return !!e && e.name === 'SharedMemoryError'
}

function checkKey(key: string) {
  if (typeof key !== 'string' || key === '') throw new TypeError('tresty cache: a key must be a non-empty string')
}

function num(v: number | undefined, dflt: number): number {
  return typeof v === 'number' && v >= 0 ? v : dflt
}

function fresh(e: Entry | null, now: number): boolean {
  return !!e && (e.until === 0 || now < e.until)
}

function log(c: State, level: number, msg: string) {
  ngx.log(level, `tresty cache "${c.name}": ${msg}`)
}

function dict(c: State): NgxSharedDict<string> {
  const d = sharedZone<string>(c.zone)
  if (!d) throw fail(`tresty cache "${c.name}": no js_shared_dict_zone "${c.zone}" is declared`)
  return d
}

function peekEntry(c: State, key: string): Entry | null {
  const raw = dict(c).get(c.prefix + key)
  return raw === undefined ? null : decode(raw as string)
}

/** Writes tier 1; a full zone is logged and reported as false, anything else thrown. */
function put(c: State, key: string, raw: string, timeout: number): boolean {
  try {
    if (timeout > 0) dict(c).set(c.prefix + key, raw, timeout)
    else dict(c).set(c.prefix + key, raw)
    return true
  } catch (e) {
    if (isFull(e)) {
      log(c, ngx.ERR, `zone "${c.zone}" is full, "${key}" is not cached (declare the zone with evict, or make it bigger)`)
      return false
    }
    if (/timeout/.test(String(e))) throw fail(`tresty cache "${c.name}": zone "${c.zone}" must be declared with timeout=… for per-key ttls`)
    throw e
  }
}

/** Lifetimes for `value`: [fresh-until (0: never), zone timeout]. */
function lifetimes(c: State, value: any, opts: Opts, now: number): [number, number] {
  const miss = value === undefined || value === null
  const life = miss ? num(opts ? opts.negTtl : undefined, c.negTtl) : num(opts ? opts.ttl : undefined, c.ttl)
  if (life === 0) return [0, 0]
  return [now + life, life + c.staleTtl]
}

/** Tier 2 keeps what has no ttl for a day: it has no zone timeout to fall back on. */
function tier2Ttl(life: number): number {
  return life || 24 * 3600 * 1000
}

/** Serves a stale entry instead of failing, and keeps it for another `staleTtl`. */
function resurrect(c: State, key: string, stale: Entry | null, err: any): any {
  if (!stale || c.staleTtl <= 0) throw err
  log(c, ngx.WARN, `serving a stale "${key}": ${err && err.message || err}`)
  put(c, key, reencode(stale, Date.now() + c.staleTtl), 2 * c.staleTtl)
  return stale.value
}

/** Tier 2's entry for `key` (copied into tier 1 when fresh); null when it has none or fails. */
async function fromTier2(c: State, t2: Tier2, q: Request, key: string): Promise<Entry | null> {
  let got
  try {
    got = await t2.get(q, c.name, key)
  } catch (e) {
    log(c, ngx.WARN, `tier 2 read failed, loading without it: ${e}`)
    return null
  }
  if (!got) return null
  const e = decode(got.value)
  if (!e) return null
  if (fresh(e, Date.now())) put(c, key, got.value, got.ttlMs || 0)
  return e
}

async function load<T>(c: State, q: Request | null, key: string, opts: Opts, loader: Loader<T>): Promise<T | undefined> {
  const value = await loader(key)
  const life = lifetimes(c, value, opts, Date.now())
  const raw = encode(value, life[0])
  put(c, key, raw, life[1])
  const t2 = q && c.tier2
  if (t2) {
    try {
      await t2.set(q!, c.name, key, raw, tier2Ttl(life[1]))
    } catch (e) {
      log(c, ngx.WARN, `tier 2 write failed: ${e}`)
    }
  }
  return value === null ? undefined : value as T | undefined
}

/** With this nginx's lock held: tier 2, then (under the cross-host lock) the loader. */
async function lead<T>(c: State, q: Request | null, key: string, opts: Opts, loader: Loader<T>): Promise<T | undefined> {
  const again = peekEntry(c, key)
  if (fresh(again, Date.now())) return again!.value
  const t2 = q && c.tier2
  if (!t2) return load(c, q, key, opts, loader)
  const e2 = await fromTier2(c, t2, q!, key)
  if (e2 && fresh(e2, Date.now())) return e2.value
  // Across hosts: one nginx loads, the others poll tier 2.
  const lockKey = c.prefix + key
  const deadline = Date.now() + c.waitTimeout
  let delay = 2
  for (;;) {
    let token: string | null
    try {
      token = await t2.lock(q!, lockKey, c.lockTimeout)
    } catch (e) {
      log(c, ngx.WARN, `cross-host lock failed, loading without it: ${e}`)
      return load(c, q, key, opts, loader)
    }
    if (token) {
      try {
        const e3 = await fromTier2(c, t2, q!, key)
        if (e3 && fresh(e3, Date.now())) return e3.value
        return await load(c, q, key, opts, loader)
      } finally {
        t2.unlock(q!, lockKey, token).then(undefined, (e: any) => log(c, ngx.WARN, `cross-host unlock failed: ${e}`))
      }
    }
    if (Date.now() > deadline) throw fail(`tresty cache "${c.name}": timed out waiting for another host to load "${key}"`)
    await sleep(delay)
    delay = Math.min(delay * 2, 50)
    const e4 = await fromTier2(c, t2, q!, key)
    if (e4 && fresh(e4, Date.now())) return e4.value
  }
}

/** A tier-1 miss (or stale entry): become this nginx's loader, or wait for the one there is. */
async function fill<T>(c: State, q: Request | null, key: string, opts: Opts, loader: Loader<T>, stale: Entry | null): Promise<T | undefined> {
  const lock = localLock(c.lockZone, 'c:' + c.prefix, c.lockTimeout, c.name)
  const deadline = Date.now() + c.waitTimeout
  let delay = 1
  for (;;) {
    const held = lock.acquire(key)
    if (held) {
      try {
        return await lead(c, q, key, opts, loader)
      } catch (e) {
        return resurrect(c, key, stale, e)
      } finally {
        lock.release(key, held)
      }
    }
    // Another request of this nginx is loading: poll tier 1 until it is there.
    await sleep(delay)
    delay = Math.min(delay * 2, 20)
    const e = peekEntry(c, key)
    if (fresh(e, Date.now())) return e!.value
    if (Date.now() > deadline) return resurrect(c, key, stale, fail(`tresty cache "${c.name}": timed out waiting for the loader of "${key}"`))
  }
}

async function invalidate(c: State, q: Request | null, keys: string[] | null): Promise<void> {
  if (!c.tier2) return
  if (!q) throw fail(`tresty cache "${c.name}": delete/purge/set with tier 2 needs the request`)
  await c.tier2.invalidate(q, c.name, keys)
}

const proto = {
  get(this: State, q: Request | null, key: string, opts: Opts, loader: Loader<any>): any {
    checkKey(key)
    const raw = dict(this).get(this.prefix + key)
    if (raw !== undefined) {
      const value = freshValue(raw as string)
      if (value !== NOT_FRESH) { count(this.counters[0]); return value }
    }
    count(this.counters[1])
    return fill(this, q, key, opts, loader, raw === undefined ? null : decode(raw as string))
  },
  peek(this: State, key: string): Peeked<any> | undefined {
    checkKey(key)
    const e = peekEntry(this, key)
    if (!e) return undefined
    const left = e.until ? e.until - Date.now() : null
    return { value: e.value, miss: e.miss, stale: left !== null && left <= 0, ttl: left }
  },
  async set(this: State, q: Request | null, key: string, value: any, opts?: Opts): Promise<void> {
    checkKey(key)
    const life = lifetimes(this, value, opts, Date.now())
    const raw = encode(value, life[0])
    const t2 = q && this.tier2
    if (t2) {
      // Other hosts drop their copy first, then tier 2 gets the new value.
      await invalidate(this, q, [key])
      await t2.set(q!, this.name, key, raw, tier2Ttl(life[1]))
    }
    if (!put(this, key, raw, life[1])) throw fail(`tresty cache "${this.name}": zone "${this.zone}" is full`)
  },
  async delete(this: State, q: Request | null, key: string): Promise<void> {
    checkKey(key)
    dict(this).delete(this.prefix + key)
    await invalidate(this, q, [key])
  },
  async purge(this: State, q: Request | null): Promise<void> {
    purgeLocal(this.zone, this.name)
    await invalidate(this, q, null)
  },
}

export function cache<T = any>(name: string, options?: CacheOptions): Cache<T> {
  if (typeof name !== 'string' || !/^[^:|\s]+$/.test(name)) throw new TypeError(`tresty cache: bad cache name "${name}" (no ":", "|" or spaces)`)
  const o = options || {}
  const c: State = Object.create(proto)
  c.name = name
  c.zone = o.zone || 'tresty_cache'
  c.prefix = name + ':'
  c.ttl = num(o.ttl, 30000)
  c.negTtl = num(o.negTtl, c.ttl)
  c.staleTtl = num(o.staleTtl, 0)
  c.waitTimeout = num(o.waitTimeout, 5000)
  c.lockTimeout = num(o.lockTimeout, 30000)
  c.lockZone = o.lockZone || 'tresty_locks'
  c.tier2 = o.tier2 || null
  c.counters = counterKeys(name)
  register(name, c.zone)
  return c as unknown as Cache<T>
}

/** Deletes every tier-1 key of cache `name` in `zone`; returns how many. */
export function purgeLocal(zone: string, name: string): number {
  const d = ngx.shared[zone]
  if (!d) return 0
  const prefix = name + ':'
  const keys = d.keys(d.size() + 1024)
  let n = 0
  for (let i = 0; i < keys.length; i++) {
    if (keys[i].indexOf(prefix) === 0 && d.delete(keys[i])) n++
  }
  return n
}
