/**
 * Running a redis-server of our own: for tests (free port, temp dir, no persistence, removed on
 * stop) and for `tresty dev` when no Redis is configured (a dir under .tresty/, append-only file
 * on, so queued tasks survive a restart).
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, waitForPort } from './nginx-process.ts'

export interface RunningRedis {
  url: string
  port: number
  pid: number
  stop(): Promise<void>
}

export interface RedisOptions {
  port?: number
  /** Keep data here (append-only file). Without it: a temp dir, no persistence, removed on stop. */
  dir?: string
}

const REDIS_SERVER = process.env.TRESTY_REDIS_SERVER || '/usr/bin/redis-server'

export async function startRedis(o: RedisOptions = {}): Promise<RunningRedis> {
  const port = o.port ?? await freePort()
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'tresty-redis-'))
  if (o.dir) mkdirSync(o.dir, { recursive: true })
  const persistence = o.dir ? ['--appendonly', 'yes'] : ['--save', '', '--appendonly', 'no']
  const child = spawn(REDIS_SERVER, [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    ...persistence, '--daemonize', 'no', '--loglevel', 'warning',
  ], { stdio: ['ignore', 'ignore', 'inherit'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(o.dir ? 'SIGTERM' : 'SIGKILL')
    await exited
    if (!o.dir) rmSync(dir, { recursive: true, force: true })
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
  return { url: `redis://127.0.0.1:${port}`, port, pid: child.pid!, stop }
}
