/**
 * The etcd → nginx mirror: read the prefix, send nginx a full snapshot, then watch from the
 * next revision and send each batch. When etcd goes away the values in nginx stay as they are;
 * the mirror reports the error (log, nginx's status key, GET /config/status) and starts over
 * (snapshot + watch) once etcd answers again. A snapshot is re-sent every `resendMs` as well,
 * so an nginx that restarted (empty zone) is filled again without waiting for a change.
 */
import { etcdClient, type EtcdClient, type WatchEvent, type Watcher } from '../../etcd/client.ts'
import { SECRET_HEADER } from '../../../shared/sidecar-protocol.ts'
import type { ConfigSyncMessage, MirrorStatus } from '../../../shared/live-config.ts'
import { logError, logInfo } from '../log.ts'

export interface MirrorOptions {
  etcdUrl: string
  /** etcd key prefix; a key's name in nginx is the rest of it (`/app/config/feature.x` → `feature.x`). */
  prefix: string
  /** Full URL of nginx's sync location. */
  target: string
  secret: string
  timeoutMs: number
  /** Pause before starting over after an error (doubles up to 5 s). */
  retryMs?: number
  resendMs?: number
}

export interface MirrorState extends MirrorStatus {
  configured: true
  etcdUrl: string
  prefix: string
  keys: number
  /** Whether nginx accepted the last message. */
  nginxOk: boolean
  nginxError?: string
}

export interface Mirror {
  /** Resolves after the first snapshot reached nginx (or failed: see state()). */
  ready: Promise<void>
  state(): MirrorState
  /** The mirrored values, for Node-side code. */
  values(): Record<string, string>
  stop(): Promise<void>
}

export function startMirror(o: MirrorOptions): Mirror {
  const etcd: EtcdClient = etcdClient({ url: o.etcdUrl, timeoutMs: o.timeoutMs })
  const values: Record<string, string> = {}
  const status: MirrorStatus = { ok: false, error: 'not synced yet', revision: 0, at: 0 }
  let nginxOk = false
  let nginxError: string | undefined
  let watcher: Watcher | null = null
  let stopped = false
  let wake: (() => void) | null = null
  let firstDone!: () => void
  const ready = new Promise<void>((r) => { firstDone = r })

  const name = (key: string) => key.slice(o.prefix.length)

  async function push(m: Omit<ConfigSyncMessage, 'status'>): Promise<void> {
    const message: ConfigSyncMessage = { ...m, status: { ...status } }
    const fail = (why: string) => Object.assign(new Error(`nginx ${o.target}: ${why}`), { nginx: true })
    let res: Awaited<ReturnType<typeof fetch>>
    try {
      res = await fetch(o.target, {
        method: 'POST', headers: { 'content-type': 'application/json', [SECRET_HEADER]: o.secret },
        body: JSON.stringify(message), signal: AbortSignal.timeout(o.timeoutMs * 2),
      })
    } catch (e) {
      throw fail(`unreachable (${(e as any).cause?.code ?? (e as Error).message})`)
    }
    const text = await res.text()
    if (!res.ok) throw fail(`answered ${res.status}: ${text.slice(0, 200)}`)
    if (!nginxOk) logInfo(`live config: nginx at ${o.target} in sync (${Object.keys(values).length} values, revision ${status.revision})`)
    nginxOk = true
    nginxError = undefined
  }

  function snapshot() {
    return push({ full: true, set: { ...values } })
  }

  function sleep(ms: number) {
    return new Promise<void>((r) => {
      const t = setTimeout(r, ms)
      wake = () => { clearTimeout(t); r() }
    })
  }

  async function cycle(): Promise<void> {
    const { kvs, revision } = await etcd.range(o.prefix, { prefix: true })
    for (const k of Object.keys(values)) delete values[k]
    for (const kv of kvs) values[name(kv.key)] = kv.value
    Object.assign(status, { ok: true, error: undefined, revision, at: Date.now() })
    await snapshot()
    firstDone()
    // stop() may have come while this cycle waited: a watch made now would never end.
    if (stopped) return
    let failedPush: Error | null = null
    watcher = etcd.watch(o.prefix, { prefix: true, startRevision: revision + 1 }, (events: WatchEvent[], rev: number) => {
      const set: Record<string, string> = {}
      const del: string[] = []
      for (const e of events) {
        const n = name(e.kv.key)
        if (e.type === 'DELETE') { delete values[n]; delete set[n]; del.push(n) } else { values[n] = e.kv.value; set[n] = e.kv.value }
      }
      Object.assign(status, { ok: true, error: undefined, revision: Math.max(rev, status.revision), at: Date.now() })
      push({ set, del }).catch((err) => {
        // A lost batch would leave nginx behind: end the watch, start over with a snapshot.
        failedPush = err
        watcher?.stop()
      })
    })
    const resend = setInterval(() => {
      status.at = Date.now()
      snapshot().catch((err) => { nginxOk = false; nginxError = err.message })
    }, o.resendMs ?? 30_000)
    const err = await watcher.done.finally(() => clearInterval(resend))
    if (failedPush) throw failedPush
    if (err) throw err
  }

  const loop = (async () => {
    let pause = o.retryMs ?? 200
    while (!stopped) {
      try {
        await cycle()
        pause = o.retryMs ?? 200
      } catch (e) {
        if (stopped) break
        const message = (e as Error).message
        if ((e as { nginx?: boolean }).nginx) {
          if (nginxError !== message) logError(`live config: cannot update nginx`, e)
          nginxOk = false
          nginxError = message
        } else {
          if (status.ok || status.error !== message) logError(`live config: etcd ${o.etcdUrl} (serving the last known values)`, e)
          Object.assign(status, { ok: false, error: message })
          // Tell nginx (values untouched), so handlers and `tresty check` see it.
          await push({}).catch((err) => { nginxOk = false; nginxError = err.message })
        }
        firstDone()
        await sleep(pause)
        pause = Math.min(pause * 2, 5000)
      }
    }
  })()

  return {
    ready,
    state: () => ({ configured: true, etcdUrl: o.etcdUrl, prefix: o.prefix, keys: Object.keys(values).length, nginxOk, nginxError, ...status }),
    values: () => ({ ...values }),
    async stop() {
      stopped = true
      watcher?.stop()
      wake?.()
      await loop
    },
  }
}
