/**
 * `tresty/testing`: start an app the way `tresty dev` does (build, sidecar with the tasks.ts
 * beside it, a Redis of its own unless TRESTY_REDIS_URL is set, nginx) on a free port, in a
 * temporary directory, for an app's own tests:
 *
 *   const server = await startTestApp('app.ts')
 *   const res = await fetch(server.url + '/hello/ada')
 *   await server.stop()
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestApp {
  url: string
  /** Where the config, logs (logs/error.log, logs/access.log) and bundle are. */
  prefix: string
  stop(): Promise<void>
}

export async function startTestApp(app: string, o: { workers?: number; keep?: boolean } = {}): Promise<TestApp> {
  const { startDevStack } = await import('../dev.ts')
  const { freePort } = await import('../runtime/nginx-process.ts')
  const prefix = mkdtempSync(join(tmpdir(), 'tresty-test-'))
  const stack = await startDevStack({ app, port: await freePort(), prefix, workers: o.workers ?? 1, quiet: true })
  return {
    url: stack.url,
    prefix,
    async stop() {
      await stack.stop()
      if (!o.keep) rmSync(prefix, { recursive: true, force: true })
    },
  }
}
