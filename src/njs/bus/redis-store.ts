/**
 * A `Store` on Redis through the sidecar: each record is a JSON string at
 * `<prefix><kind>:item:<id>`, and `<prefix><kind>:ids` is the set of ids (for `list`).
 * Uses only allowlisted commands (GET, SET, DEL, SADD, SREM, SMEMBERS, MGET).
 */
import { redis } from '../sidecar/redis.ts'
import type { Store } from './persistence.ts'

export interface RedisStoreOptions {
  /** Key prefix (default `tresty:data:`). */
  prefix?: string
}

function parse(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : null
}

export function redisStore(o?: RedisStoreOptions): Store {
  const prefix = (o && o.prefix) || 'tresty:data:'
  const item = (kind: string, id: string) => prefix + kind + ':item:' + id
  const ids = (kind: string) => prefix + kind + ':ids'
  return {
    get: (ctx, kind, id) => redis.call(ctx, 'GET', item(kind, id)).then(parse),
    save: (ctx, kind, id, value) => redis.pipeline(ctx, [['SET', item(kind, id), JSON.stringify(value)], ['SADD', ids(kind), id]]).then(() => value),
    delete: (ctx, kind, id) => redis.pipeline(ctx, [['DEL', item(kind, id)], ['SREM', ids(kind), id]]).then((res) => (res[0] as any).result === 1),
    list: (ctx, kind) => redis.call(ctx, 'SMEMBERS', ids(kind)).then((members) => {
      const list = (members as string[]).sort()
      if (list.length === 0) return []
      return redis.call(ctx, 'MGET', ...list.map((id) => item(kind, id))).then((values) => (values as unknown[]).map(parse).filter((v) => v !== null))
    }),
  }
}
