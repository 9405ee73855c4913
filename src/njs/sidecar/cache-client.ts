/**
 * What the tiered cache builds on: tier 2 in Redis shared by every host, deletes that reach every
 * host's tier 1 (through each sidecar's invalidation relay), and a cross-host lock.
 */
import { CACHE_DELETE_PATH, CACHE_GET_PATH, CACHE_SET_PATH, LOCK_ACQUIRE_PATH, LOCK_RELEASE_PATH, type CacheGetResponse, type CacheDeleteResponse } from '../../shared/sidecar-protocol.ts'
import { postJson } from './transport.ts'
import type { CallContext, CallOptions } from './transport.ts'

export const tier2 = {
  get(ctx: CallContext, cache: string, key: string, call?: CallOptions): Promise<CacheGetResponse> {
    return postJson(ctx, CACHE_GET_PATH, { cache, key }, call)
  },
  set(ctx: CallContext, cache: string, key: string, value: string, ttlMs: number, call?: CallOptions): Promise<void> {
    return postJson(ctx, CACHE_SET_PATH, { cache, key, value, ttlMs }, call).then(() => undefined)
  },
  /** Deletes keys from tier 2 and has every host's nginx drop them from tier 1. */
  delete(ctx: CallContext, cache: string, keys: string[], call?: CallOptions): Promise<CacheDeleteResponse> {
    return postJson(ctx, CACHE_DELETE_PATH, { cache, keys }, call)
  },
  /** Empties one cache in tier 2 and on every host. */
  purge(ctx: CallContext, cache: string, call?: CallOptions): Promise<CacheDeleteResponse> {
    return postJson(ctx, CACHE_DELETE_PATH, { cache, purge: true }, call)
  },
}

export const lock = {
  /** The token to release with, or null when another holder has the lock. */
  acquire(ctx: CallContext, key: string, ttlMs: number, call?: CallOptions): Promise<string | null> {
    return postJson(ctx, LOCK_ACQUIRE_PATH, { key, ttlMs }, call).then((res) => res.token)
  },
  /** False when the lock had expired or is someone else's now. */
  release(ctx: CallContext, key: string, token: string, call?: CallOptions): Promise<boolean> {
    return postJson(ctx, LOCK_RELEASE_PATH, { key, token }, call).then((res) => res.released)
  },
}
