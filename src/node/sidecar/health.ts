/** `GET /health`: what the sidecar is connected to, for operators and for nginx-side checks. */
import type { Redis } from 'ioredis'
import { HEALTH_PATH, type HealthResponse } from '../../shared/sidecar-protocol.ts'
import { endpoint, type Route } from './http/router.ts'
import type { WorkerPool } from './tasks/pool.ts'
import type { SqlRegistry } from './sql/registry.ts'

export function healthRoute(redis: Redis, mongoConfigured: boolean, pool: WorkerPool | null, sql?: SqlRegistry): Route {
  return endpoint({
    method: 'GET', path: HEALTH_PATH,
    handle: async (): Promise<HealthResponse> => ({
      ok: redis.status === 'ready',
      redis: redis.status,
      mongo: mongoConfigured ? 'configured' : 'off',
      tasks: pool ? pool.tasks : [],
      workers: pool ? pool.pids().length : 0,
      sql: sql ? await sql.health() : undefined,
    }),
  })
}
