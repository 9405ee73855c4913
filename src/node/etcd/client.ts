/**
 * An etcd v3 client over etcd's JSON gateway (what lua-resty-etcd does for Oresty): keys and
 * values travel base64-encoded in JSON, `POST /v3/kv/range|put|deleterange`, `/v3/lease/grant`,
 * and `/v3/watch`, a streamed response of one JSON object per event batch.
 *
 *   const etcd = etcdClient({ url: 'http://127.0.0.1:2379' })
 *   await etcd.put('/app/config/feature.x', 'on', { ttl: 60 })
 *   await etcd.get('/app/config/feature.x')          // { key, value, modRevision, … } | null
 *   await etcd.range('/app/config/', { prefix: true })
 *   const w = etcd.watch('/app/config/', { prefix: true }, (events, revision) => …)
 */

export interface EtcdOptions {
  /** Gateway base URL, e.g. `http://127.0.0.1:2379`. */
  url: string
  /** Milliseconds a unary call may take (default 2000). */
  timeoutMs?: number
}

export interface KeyValue {
  key: string
  value: string
  createRevision: number
  modRevision: number
  version: number
  /** Lease id ('' when none). */
  lease: string
}

export interface WatchEvent {
  type: 'PUT' | 'DELETE'
  kv: KeyValue
}

export interface Watcher {
  /** Resolves once etcd confirmed the watch (events after this are not missed). */
  ready: Promise<void>
  /** Resolves when the stream ends (stopped, or etcd went away): with the error, if any. */
  done: Promise<Error | null>
  stop(): void
}

export class EtcdError extends Error {
  constructor(message: string, readonly status?: number, readonly code?: number) {
    super(message)
    this.name = 'EtcdError'
  }
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')
const unb64 = (s: string | undefined) => (s ? Buffer.from(s, 'base64').toString('utf8') : '')

/** The range_end that makes a range cover every key starting with `prefix`. */
export function prefixEnd(prefix: string): string {
  const bytes = Buffer.from(prefix, 'utf8')
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] < 0xff) {
      const end = Buffer.from(bytes.subarray(0, i + 1))
      end[i]++
      return end.toString('base64')
    }
  }
  return Buffer.from([0]).toString('base64') // every key
}

function keyValue(kv: any): KeyValue {
  return {
    key: unb64(kv.key), value: unb64(kv.value),
    createRevision: Number(kv.create_revision || 0), modRevision: Number(kv.mod_revision || 0),
    version: Number(kv.version || 0), lease: kv.lease && kv.lease !== '0' ? String(kv.lease) : '',
  }
}

export interface EtcdClient {
  url: string
  get(key: string): Promise<KeyValue | null>
  /** Keys from `key` (with `prefix`: every key starting with it), with the store's revision. */
  range(key: string, o?: { prefix?: boolean; limit?: number }): Promise<{ kvs: KeyValue[]; revision: number }>
  /** `ttl` (seconds) grants a lease for this key; `lease` attaches an existing one. */
  put(key: string, value: string, o?: { lease?: string; ttl?: number }): Promise<{ revision: number; lease: string }>
  delete(key: string, o?: { prefix?: boolean }): Promise<number>
  grantLease(ttlSeconds: number): Promise<string>
  revokeLease(id: string): Promise<void>
  watch(key: string, o: { prefix?: boolean; startRevision?: number }, onEvents: (events: WatchEvent[], revision: number) => void): Watcher
  /** The server's version (GET /version), e.g. for `tresty check`. */
  version(): Promise<string>
}

export function etcdClient(o: EtcdOptions): EtcdClient {
  const base = o.url.replace(/\/+$/, '')
  const timeoutMs = o.timeoutMs ?? 2000

  async function call(path: string, body: object): Promise<any> {
    let res: Awaited<ReturnType<typeof fetch>>
    try {
      res = await fetch(base + path, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (e) {
      throw new EtcdError(`etcd at ${base} unreachable: ${(e as Error).message}${(e as any).cause ? ` (${(e as any).cause.code ?? (e as any).cause.message})` : ''}`)
    }
    const text = await res.text()
    let parsed: any = null
    try { parsed = JSON.parse(text) } catch { /* reported below */ }
    if (!res.ok || !parsed) throw new EtcdError(`etcd ${path}: HTTP ${res.status} ${parsed?.error ?? parsed?.message ?? text.slice(0, 200)}`, res.status, parsed?.code)
    return parsed
  }

  const client: EtcdClient = {
    url: base,
    async get(key) {
      const r = await call('/v3/kv/range', { key: b64(key) })
      return r.kvs?.length ? keyValue(r.kvs[0]) : null
    },
    async range(key, ro = {}) {
      const body: any = { key: b64(key) }
      if (ro.prefix) body.range_end = prefixEnd(key)
      if (ro.limit) body.limit = ro.limit
      const r = await call('/v3/kv/range', body)
      return { kvs: (r.kvs ?? []).map(keyValue), revision: Number(r.header?.revision ?? 0) }
    },
    async put(key, value, po = {}) {
      const lease = po.lease ?? (po.ttl ? await client.grantLease(po.ttl) : '')
      const body: any = { key: b64(key), value: b64(value) }
      if (lease) body.lease = lease
      const r = await call('/v3/kv/put', body)
      return { revision: Number(r.header?.revision ?? 0), lease }
    },
    async delete(key, dopt = {}) {
      const body: any = { key: b64(key) }
      if (dopt.prefix) body.range_end = prefixEnd(key)
      const r = await call('/v3/kv/deleterange', body)
      return Number(r.deleted ?? 0)
    },
    async grantLease(ttl) {
      if (!Number.isInteger(ttl) || ttl <= 0) throw new EtcdError(`lease TTL must be a positive whole number of seconds, got ${ttl}`)
      const r = await call('/v3/lease/grant', { TTL: String(ttl) })
      if (r.error) throw new EtcdError(`lease grant: ${r.error}`)
      return String(r.ID)
    },
    async revokeLease(id) {
      await call('/v3/lease/revoke', { ID: id })
    },
    async version() {
      const res = await fetch(base + '/version', { signal: AbortSignal.timeout(timeoutMs) })
      const v = (await res.json()) as { etcdserver?: string }
      return v.etcdserver ?? 'unknown'
    },
    watch(key, wo, onEvents) {
      return startWatch(base, key, wo, onEvents)
    },
  }
  return client
}

function startWatch(base: string, key: string, o: { prefix?: boolean; startRevision?: number },
  onEvents: (events: WatchEvent[], revision: number) => void): Watcher {
  const abort = new AbortController()
  let confirm!: () => void
  let fail!: (e: Error) => void
  const ready = new Promise<void>((res, rej) => { confirm = res; fail = rej })
  ready.catch(() => undefined)
  const create: any = { key: b64(key) }
  if (o.prefix) create.range_end = prefixEnd(key)
  if (o.startRevision) create.start_revision = String(o.startRevision)

  const done = (async (): Promise<Error | null> => {
    try {
      const res = await fetch(base + '/v3/watch', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ create_request: create }), signal: abort.signal,
      })
      if (!res.ok || !res.body) throw new EtcdError(`etcd watch: HTTP ${res.status}`, res.status)
      const decoder = new TextDecoder()
      let buffered = ''
      for await (const chunk of res.body as any as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk as any, { stream: true })
        let nl: number
        // The gateway writes one JSON object per line.
        while ((nl = buffered.indexOf('\n')) !== -1) {
          const line = buffered.slice(0, nl).trim()
          buffered = buffered.slice(nl + 1)
          if (!line) continue
          const msg = JSON.parse(line)
          if (msg.error) throw new EtcdError(`etcd watch: ${msg.error.message ?? JSON.stringify(msg.error)}`, msg.error.http_code, msg.error.grpc_code)
          const r = msg.result ?? {}
          if (r.created) confirm()
          if (r.compact_revision && r.compact_revision !== '0') throw new EtcdError(`etcd watch: revision ${o.startRevision} was compacted (now ${r.compact_revision})`)
          if (r.canceled) throw new EtcdError(`etcd watch canceled: ${r.cancel_reason ?? ''}`)
          if (r.events?.length) {
            onEvents(r.events.map((e: any) => ({ type: e.type === 'DELETE' ? 'DELETE' : 'PUT', kv: keyValue(e.kv) })), Number(r.header?.revision ?? 0))
          }
        }
      }
      if (abort.signal.aborted) return null
      throw new EtcdError('etcd watch: the stream ended')
    } catch (e) {
      if (abort.signal.aborted) { fail(new EtcdError('watch stopped')); return null }
      const err = e instanceof EtcdError ? e : new EtcdError(`etcd at ${base} unreachable: ${(e as Error).message}`)
      fail(err)
      return err
    }
  })()
  return { ready, done, stop: () => abort.abort() }
}
