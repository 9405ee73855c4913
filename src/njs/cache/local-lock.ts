/**
 * The per-nginx loader lock: `add` in a number zone (atomic across workers) with a timeout, so a
 * request that dies holding it only blocks the key until the timeout. The value is a random
 * token: a holder whose lock expired and was taken by another request leaves that one alone.
 */
import { sharedZone } from '../utils/zones.ts'

export interface LocalLock {
  /** The token when taken, 0 when another request holds it. A full lock zone lets everyone through. */
  acquire(key: string): number
  release(key: string, token: number): void
}

export function localLock(zone: string, prefix: string, timeout: number, owner: string): LocalLock {
  const dict = () => {
    const d = sharedZone<number>(zone)
    if (!d) throw new Error(`tresty cache "${owner}": no js_shared_dict_zone "${zone}" (type=number) for locks is declared`)
    return d
  }
  return {
    acquire(key) {
      const token = 1 + Math.floor(Math.random() * 2147483646)
      try {
        return (timeout > 0 ? dict().add(prefix + key, token, timeout) : dict().add(prefix + key, token)) ? token : 0
      } catch (e: any) {
        if (!e || e.name !== 'SharedMemoryError') throw e
        ngx.log(ngx.ERR, `tresty cache "${owner}": lock zone "${zone}" is full, loading "${key}" without a lock`)
        return -1
      }
    },
    release(key, token) {
      if (token <= 0) return
      const d = dict()
      if (d.get(prefix + key) === token) d.delete(prefix + key)
    },
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => { setTimeout(done, ms) })
}
