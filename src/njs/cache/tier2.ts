/**
 * Tier 2: what a cache needs from a store shared by every host (Redis behind the sidecar), and
 * the cross-host lock for single flight. Values are the same envelopes tier 1 keeps.
 */
import type { Request } from '../types.ts'

export interface Tier2Entry {
  value: string
  /** Remaining lifetime in ms, or null when the store has none. */
  ttlMs: number | null
}

export interface Tier2 {
  get(q: Request, cache: string, key: string): Promise<Tier2Entry | null>
  set(q: Request, cache: string, key: string, value: string, ttlMs: number): Promise<void>
  /** Deletes `keys` (every key of the cache when null) and tells every host to drop them from tier 1. */
  invalidate(q: Request, cache: string, keys: string[] | null): Promise<void>
  /** A token when the lock was taken, null when someone else holds it. */
  lock(q: Request, key: string, ttlMs: number): Promise<string | null>
  unlock(q: Request, key: string, token: string): Promise<void>
}
