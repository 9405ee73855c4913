/** Telling a Redis error reply (the caller's fault) from Redis being unreachable. */
import { SidecarError } from '../errors.ts'

export function redisError(err: unknown, url: string): SidecarError {
  if (err instanceof SidecarError) return err
  const message = err instanceof Error ? err.message : String(err)
  if (err instanceof Error && err.name === 'ReplyError') return new SidecarError('redis_error', message)
  return new SidecarError('redis_unavailable', `Redis at ${url} is unavailable: ${message}`)
}

/** Runs a Redis operation, turning whatever it throws into the right `SidecarError`. */
export async function withRedis<T>(url: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op()
  } catch (err) {
    throw redisError(err, url)
  }
}
