/**
 * Sidecar faults seen through real nginx: killed (503 fast), hanging (503 at the njs timeout),
 * back again (recovers) — while routes that do not use the sidecar keep answering under load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server, type Socket } from 'node:net'
import { chmodSync, rmSync } from 'node:fs'
import { startStack, type Stack } from '../support/sidecar/stack.ts'
import { eventually } from '../support/sidecar/client.ts'

const TIMEOUT_MS = 1000
let s: Stack

beforeAll(async () => {
  s = await startStack({ timeoutMs: TIMEOUT_MS })
})
afterAll(async () => {
  await s?.stop()
})

async function timed(path: string) {
  const started = performance.now()
  const res = await s.nginx.fetch(path)
  const text = await res.text()
  let body: any = text
  try { body = JSON.parse(text) } catch { /* keep text */ }
  return { status: res.status, body, ms: performance.now() - started }
}

/** A "sidecar" that accepts connections on the socket and never answers. */
async function hangingSidecar(socket: string): Promise<{ close(): Promise<void> }> {
  const held = new Set<Socket>()
  const server: Server = createServer((c) => { held.add(c); c.on('error', () => undefined) })
  rmSync(socket, { force: true })
  await new Promise<void>((r) => server.listen(socket, r))
  chmodSync(socket, 0o666)
  return {
    close: () => new Promise((r) => {
      for (const c of held) c.destroy()
      server.close(() => r())
      rmSync(socket, { force: true })
    }),
  }
}

describe('sidecar down or slow, through nginx', () => {
  it('killed sidecar: calls fail fast with 503 and a clear message, by subrequest and by ngx.fetch; the detail only in the log', async () => {
    expect((await timed('/kv/x')).status).toBe(200)
    await s.killSidecar()
    for (const path of ['/kv/x', '/rt/subrequest', '/rt/fetch', '/tasks/1']) {
      const res = await timed(path)
      expect(res.status, path).toBe(503)
      expect(res.body.error.message, path).toBe('the sidecar is unavailable')
      // Internal addresses stay out of client bodies (issue 7, item 6).
      expect(JSON.stringify(res.body), path).not.toMatch(new RegExp(`${s.tcpPort}|127\\.0\\.0\\.1|sock`))
      expect(res.ms, `${path} took ${res.ms.toFixed(0)} ms`).toBeLessThan(500)
    }
    expect((await timed('/ping')).body).toBe('pong')
    expect(s.nginx.errorLog()).toMatch(/tresty sidecar: sidecar_unavailable: "the tresty sidecar at http:\/\/127\.0\.0\.1:\d+ is unreachable/)
  })

  it('hanging sidecar: the call fails with 503 at the njs timeout, not nginx’s', async () => {
    const hang = await hangingSidecar(s.socket)
    try {
      const short = await timed('/short-timeout')
      expect(short.status).toBe(503)
      expect(short.body.error.message).toBe('the sidecar is unavailable')
      expect(s.nginx.errorLog()).toMatch(/did not answer .* within 300 ms/)
      expect(short.ms).toBeGreaterThanOrEqual(290)
      expect(short.ms).toBeLessThan(800)
      const dflt = await timed('/kv/x')
      expect(dflt.status).toBe(503)
      expect(s.nginx.errorLog()).toMatch(`within ${TIMEOUT_MS} ms`)
      expect(dflt.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 10)
      expect(dflt.ms).toBeLessThan(TIMEOUT_MS + 500)
      expect((await timed('/ping')).body).toBe('pong')
    } finally {
      await hang.close()
    }
  })

  it('restarted sidecar: calls recover on their own (nginx reconnects)', async () => {
    await s.startSidecar()
    const ok = await eventually(async () => (await timed('/kv/x')).status === 200, 5000, 'sidecar calls to recover')
    expect(ok).toBe(true)
  })

  it('load on a route without the sidecar: 0 failures while the sidecar is killed and restarted', async () => {
    let stop = false
    const counts = { ping: 0, pingFailed: 0, sidecarOk: 0, sidecar503: 0, sidecarOther: 0 }
    const pingLoop = async () => {
      while (!stop) {
        try {
          const res = await s.nginx.fetch('/ping')
          if (res.status === 200 && (await res.text()) === 'pong') counts.ping++
          else counts.pingFailed++
        } catch { counts.pingFailed++ }
      }
    }
    const sidecarLoop = async () => {
      while (!stop) {
        const res = await s.nginx.fetch('/kv/x')
        await res.arrayBuffer()
        if (res.status === 200) counts.sidecarOk++
        else if (res.status === 503) counts.sidecar503++
        else counts.sidecarOther++
      }
    }
    const loops = [...Array.from({ length: 8 }, pingLoop), sidecarLoop(), sidecarLoop()]
    await new Promise((r) => setTimeout(r, 500))
    await s.killSidecar()
    await new Promise((r) => setTimeout(r, 1000))
    await s.startSidecar()
    const okBefore = counts.sidecarOk
    await eventually(async () => counts.sidecarOk > okBefore + 10, 5000, 'sidecar calls to recover under load')
    stop = true
    await Promise.all(loops)
    process.stdout.write(`load while killing the sidecar: ${JSON.stringify(counts)}\n`)
    expect(counts.pingFailed).toBe(0)
    expect(counts.ping).toBeGreaterThan(500)
    expect(counts.sidecar503).toBeGreaterThan(0)
    expect(counts.sidecarOther).toBe(0)
  })
})
