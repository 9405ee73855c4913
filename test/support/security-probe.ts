/**
 * The probe stack for test/security/: a redis-server, a sidecar (with the test secret) and a
 * real nginx running test/apps/security-app.ts with the shipped snippets, on the row
 * TRESTY_RUNTIME names.
 */
import { startApp, type StartOptions, type TestServer } from './nginx.ts'
import { startRedis, type TestRedis } from './redis.ts'
import { startTestSidecar } from './sidecar/sidecar.ts'
import { TEST_SECRET } from './sidecar/client.ts'
import { sidecarNginxConfig } from '../../src/node/sidecar/upstream-conf.ts'
import type { RunningSidecar } from '../../src/node/sidecar/sidecar.ts'

export interface Probe {
  nginx: TestServer
  sidecar: RunningSidecar
  redis: TestRedis
  /** fetch() and the body parsed as JSON when it is JSON. */
  json(path: string, init?: RequestInit): Promise<{ status: number; body: any; text: string; headers: Headers }>
  stop(): Promise<void>
}

export interface ProbeOptions extends Partial<StartOptions> {
  /** The secret nginx gets (default: the sidecar's). */
  nginxSecret?: string
}

export async function startProbe(o: ProbeOptions = {}): Promise<Probe> {
  const redis = await startRedis()
  let sidecar: RunningSidecar | null = null
  try {
    sidecar = await startTestSidecar({ redisUrl: redis.url, port: 0, workers: 0 })
    const tcp = sidecar.addresses.find((a) => 'port' in a) as { port: number }
    const socket = (sidecar.address as { socket: string }).socket
    const side = sidecarNginxConfig({ socket, tcpPort: tcp.port, timeoutMs: 2000 })
    const nginx = await startApp({
      app: 'test/apps/security-app.ts', workers: 2, ...o,
      http: `${side.http}\n${o.http ?? ''}`,
      server: `${side.server}\n${o.server ?? ''}`,
      main: `env TRESTY_SIDECAR_SECRET;\nenv TRESTY_TEST_MAX_SERIES;\n${o.main ?? ''}`,
      env: { TRESTY_SIDECAR_SECRET: o.nginxSecret ?? TEST_SECRET, ...o.env },
    })
    const running = sidecar
    return {
      nginx, sidecar: running, redis,
      async json(path, init) {
        const res = await nginx.fetch(path, init)
        const text = await res.text()
        let body: any = text
        try { body = JSON.parse(text) } catch { /* not JSON */ }
        return { status: res.status, body, text, headers: res.headers }
      },
      async stop() {
        await nginx.stop()
        await running.stop()
        await redis.stop()
      },
    }
  } catch (err) {
    await sidecar?.stop()
    await redis.stop()
    throw err
  }
}
