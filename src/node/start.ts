/**
 * `tresty start`: the app in production — the same stack as `tresty dev` (build, supervised
 * sidecar, nginx; dev.ts) with its configuration from the environment, no Redis of its own,
 * no watching. One process to supervise (systemd: `tresty service`); SIGTERM stops it all.
 *
 *   PORT (8080)  TRESTY_LISTEN (0.0.0.0:PORT)  TRESTY_PREFIX (.tresty)  TRESTY_LOG_DIR (<prefix>/logs)
 *   TRESTY_WORKERS (CPU count)  TRESTY_REDIS_URL (required)  TRESTY_SIDECAR_SECRET (random if unset)
 *   and every sidecar variable (src/node/sidecar/README.md).
 */
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { runDev } from './dev.ts'

export function startOptions(app: string, env: NodeJS.ProcessEnv = process.env) {
  const port = Number(env.PORT) || 8080
  const prefix = resolve(env.TRESTY_PREFIX || '.tresty')
  return {
    app, port, prefix, production: true, watch: false,
    workers: Number(env.TRESTY_WORKERS) || availableParallelism(),
    config: { listen: env.TRESTY_LISTEN || `0.0.0.0:${port}`, logDir: resolve(env.TRESTY_LOG_DIR || `${prefix}/logs`) },
  }
}

export async function runStart(app: string): Promise<void> {
  await runDev(startOptions(app))
}
