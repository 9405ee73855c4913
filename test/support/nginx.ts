/**
 * Starting a real nginx for a test: bundle a TypeScript app with the same build users get,
 * write a config under a temp prefix (own port, own logs), start nginx, stop it afterwards.
 * The runtime row comes from TRESTY_RUNTIME (the engine matrix sets it).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { bundle } from '../../src/node/bundler/bundle.ts'
import { findRuntime, type Runtime } from '../../src/node/runtime/find-nginx.ts'
import { writeConfig, type ConfigOptions } from '../../src/node/runtime/nginx-conf.ts'
import { freePort, startNginx, type RunningNginx } from '../../src/node/runtime/nginx-process.ts'

export interface TestServer {
  url: string
  port: number
  runtime: Runtime
  nginx: RunningNginx
  prefix: string
  /** fetch() relative to the server. */
  fetch(path: string, init?: RequestInit): Promise<globalThis.Response>
  errorLog(): string
  /** Throws if nginx logged a crashed worker. */
  assertNoCrash(): void
  stop(): Promise<void>
}

export interface StartOptions extends Partial<Pick<ConfigOptions, 'workers' | 'http' | 'server' | 'main' | 'accessLog' | 'statsInterval'>> {
  /** The app's entry file, relative to the repo root (e.g. `test/apps/core-app.ts`). */
  app: string
  env?: NodeJS.ProcessEnv
  port?: number
}

export const repoRoot = resolve(import.meta.dirname, '../..')

export async function startApp(o: StartOptions): Promise<TestServer> {
  const runtime = findRuntime()
  const prefix = mkdtempSync(join(tmpdir(), 'tresty-test-'))
  const built = await bundle(resolve(repoRoot, o.app), join(prefix, 'js'))
  const port = o.port ?? await freePort()
  const conf = writeConfig(runtime, {
    prefix, port, jsDir: join(prefix, 'js'), module: built.file.split('/').pop()!,
    workers: o.workers, http: o.http, server: o.server, main: o.main, accessLog: o.accessLog, statsInterval: o.statsInterval,
  })
  const nginx = await startNginx(runtime, prefix, conf, port, o.env)
  const url = `http://127.0.0.1:${port}`
  return {
    url, port, runtime, nginx, prefix,
    fetch: (path, init) => fetch(url + path, init),
    errorLog: () => nginx.errorLog(),
    assertNoCrash() {
      const log = nginx.errorLog()
      if (/exited on signal|\[alert\]|\[emerg\]/.test(log)) throw new Error(`nginx logged a crash:\n${log}`)
    },
    async stop() {
      await nginx.stop()
      if (!process.env.TRESTY_KEEP_TMP) rmSync(prefix, { recursive: true, force: true })
    },
  }
}
