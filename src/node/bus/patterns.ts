/** Which Redis pub/sub patterns carry a set of tresty/bus namespaces. */
import { BUS_REDIS_PREFIX } from '../../shared/bus-protocol.ts'
import { channelChain } from '../../shared/bus.ts'

/** Redis glob characters in a channel name match themselves. */
function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => '\\' + c)
}

/**
 * `['notes']` → `tresty:bus:notes` and `tresty:bus:notes:*` (the namespace and everything under
 * it); no namespaces → every bus channel. A namespace under another one listed is dropped, so
 * no message arrives twice.
 */
export function busPatterns(namespaces?: string[]): string[] {
  if (!namespaces || namespaces.length === 0) return [BUS_REDIS_PREFIX + '*']
  for (const ns of namespaces) channelChain(ns)
  const kept = namespaces.filter((ns, i) =>
    namespaces.indexOf(ns) === i && !namespaces.some((other) => other !== ns && ns.startsWith(other + ':')))
  return kept.flatMap((ns) => [BUS_REDIS_PREFIX + escapeGlob(ns), BUS_REDIS_PREFIX + escapeGlob(ns) + ':*'])
}

/** The bus channel of a Redis channel, or null when it is not a bus channel. */
export function busChannelOf(redisChannel: string): string | null {
  return redisChannel.startsWith(BUS_REDIS_PREFIX) ? redisChannel.slice(BUS_REDIS_PREFIX.length) : null
}

/** A Redis message body back to its payload (null when it is not an envelope). */
export function payloadOf(message: string): { payload: unknown } | null {
  try {
    const m = JSON.parse(message)
    return m && typeof m === 'object' && 'payload' in m ? { payload: m.payload } : null
  } catch {
    return null
  }
}
