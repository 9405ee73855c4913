/**
 * A throwaway etcd (Debian's etcd-server) for one test file: free ports, a temp data dir,
 * stopped by PID. `start()` again brings it back on the same ports with the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../src/node/runtime/nginx-process.ts'

export interface TestEtcd {
  url: string
  port: number
  pid(): number | undefined
  /** Stops the server (SIGTERM, then SIGKILL); the data stays for `start()`. */
  stop(): Promise<void>
  start(): Promise<void>
  /** Stops it and removes the data. */
  destroy(): Promise<void>
}

export async function startEtcd(): Promise<TestEtcd> {
  const port = await freePort()
  const peer = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'tresty-etcd-'))
  const url = `http://127.0.0.1:${port}`
  let child: ChildProcess | null = null
  let log = ''

  async function start() {
    child = spawn('etcd', [
      '--name', 'test', '--data-dir', join(dir, 'data'),
      '--listen-client-urls', url, '--advertise-client-urls', url,
      '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
      '--initial-cluster', `test=http://127.0.0.1:${peer}`, '--log-level', 'error', '--logger', 'zap',
    ], { stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr!.on('data', (d) => { log += d })
    const until = Date.now() + 20_000
    for (;;) {
      if (child.exitCode !== null) throw new Error(`etcd exited at start:\n${log}`)
      try {
        const res = await fetch(url + '/health', { signal: AbortSignal.timeout(500) })
        if (res.ok && ((await res.json()) as any).health === 'true') return
      } catch { /* not up yet */ }
      if (Date.now() > until) throw new Error(`etcd did not become healthy on ${url}:\n${log}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  async function stop() {
    const c = child
    if (!c || c.exitCode !== null || c.signalCode !== null) return
    const exited = new Promise((r) => c.once('exit', r))
    c.kill('SIGTERM')
    const hard = setTimeout(() => c.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(hard)
  }

  await start()
  return {
    url, port, start, stop,
    pid: () => child?.pid,
    async destroy() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
