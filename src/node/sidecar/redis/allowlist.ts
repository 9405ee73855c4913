/** Which Redis commands the `redis/*` endpoints pass on. */
import { SidecarError } from '../errors.ts'

/**
 * Refused even under `*`: they block the shared connection, change its state for every caller
 * (subscriber mode, transactions, database), or administer the server.
 */
const NEVER = new Set([
  'SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE', 'UNSUBSCRIBE', 'PUNSUBSCRIBE', 'SUNSUBSCRIBE', 'MONITOR',
  'MULTI', 'EXEC', 'DISCARD', 'WATCH', 'UNWATCH', 'SELECT', 'SWAPDB', 'QUIT', 'RESET', 'AUTH', 'HELLO',
  'CLIENT', 'BLPOP', 'BRPOP', 'BLMOVE', 'BRPOPLPUSH', 'BLMPOP', 'BZPOPMIN', 'BZPOPMAX', 'BZMPOP',
  'XREAD', 'XREADGROUP', 'WAIT', 'WAITAOF', 'SHUTDOWN', 'DEBUG', 'CONFIG', 'FLUSHALL', 'FLUSHDB',
  'REPLICAOF', 'SLAVEOF', 'FAILOVER', 'MIGRATE', 'SYNC', 'PSYNC',
])

export type Allowlist = (command: unknown) => string

/** Returns a checker that gives back the upper-cased command or throws 400/403. */
export function allowlist(commands: string[]): Allowlist {
  const all = commands.includes('*')
  const allowed = new Set(commands.map((c) => c.toUpperCase()))
  return (command) => {
    if (typeof command !== 'string' || !/^[A-Za-z][A-Za-z0-9_.|-]*$/.test(command))
      throw new SidecarError('bad_request', `not a Redis command name: ${JSON.stringify(command)}`)
    const name = command.toUpperCase()
    if (NEVER.has(name) || !(all || allowed.has(name)))
      throw new SidecarError('command_not_allowed', `Redis command ${name} is not allowed${NEVER.has(name) ? ' through the sidecar' : ' (see redisCommands / TRESTY_REDIS_COMMANDS)'}`)
    return name
  }
}
