/**
 * A throwaway redis-server for one test file: free port, temp dir, no persistence, stopped (and
 * its dir removed) by `stop()`. `startRedis({port})` brings one back on the same port.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, waitForPort } from '../../src/node/runtime/server.ts'

export interface TestRedis {
  url: string
  port: number
  stop(): Promise<void>
}

const REDIS_SERVER = process.env.TRESTY_REDIS_SERVER || '/usr/bin/redis-server'

export async function startRedis(o: { port?: number } = {}): Promise<TestRedis> {
  const port = o.port ?? await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'tresty-redis-'))
  const child = spawn(REDIS_SERVER, [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning',
  ], { stdio: ['ignore', 'ignore', 'inherit'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await Promise.race([
      waitForPort(port, 10_000),
      exited.then(() => { throw new Error(`${REDIS_SERVER} exited at start (port ${port} taken?)`) }),
    ])
  } catch (err) {
    await stop()
    throw err
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop }
}
