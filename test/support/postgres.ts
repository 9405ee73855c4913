/**
 * A throwaway PostgreSQL server for one test file: initdb into a temp dir owned by `nobody`
 * (postgres refuses to run as root), its own port and socket dir, password auth over TCP
 * (user `tresty`, password `secret`), fsync off. Stopped by PID.
 */
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { existsSync, readdirSync } from 'node:fs'
import { freePort, waitForPort } from '../../src/node/runtime/nginx-process.ts'

// Debian's layout: /usr/lib/postgresql/<major>/bin (the newest installed major).
const BIN = process.env.TRESTY_PG_BIN || (() => {
  const root = '/usr/lib/postgresql'
  const majors = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a)) : []
  return majors.length ? join(root, majors[0], 'bin') : '/usr/lib/postgresql/15/bin'
})()

export interface TestPostgres {
  /** `postgres://tresty:secret@127.0.0.1:<port>/tresty` */
  url: string
  port: number
  user: string
  password: string
  database: string
  pid: number
  stop(): Promise<void>
}

export async function startPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'tresty-pg-'))
  chmodSync(dir, 0o755)
  const data = join(dir, 'data')
  mkdirSync(data)
  const pwfile = join(dir, 'pw')
  writeFileSync(pwfile, 'secret\n')
  // As root, hand the data dir to nobody and run the server as nobody.
  const asRoot = userInfo().uid === 0
  const run = (cmd: string, args: string[]) => asRoot ? ['/usr/sbin/runuser', ['-u', 'nobody', '--', cmd, ...args]] as const : [cmd, args] as const
  if (asRoot) { chownSync(data, 65534, 65534); chownSync(pwfile, 65534, 65534); chownSync(dir, 65534, 65534) }
  const [initCmd, initArgs] = run(join(BIN, 'initdb'), ['-D', data, '-U', 'tresty', '--pwfile', pwfile, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
  const init = spawnSync(initCmd, initArgs as string[], { encoding: 'utf8' })
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`)
  const port = await freePort()
  const [cmd, args] = run(join(BIN, 'postgres'), ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir,
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=60'])
  // The server's log goes to a file: a pipe nobody drains (a test blocked in spawnSync) would stall the server.
  const logFile = join(dir, 'server.log')
  const fd = openSync(logFile, 'a')
  const child = spawn(cmd, args as string[], { stdio: ['ignore', 'ignore', fd], detached: true })
  closeSync(fd)
  const log = () => { try { return readFileSync(logFile, 'utf8') } catch { return '' } }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // runuser forwards signals; SIGINT = fast shutdown.
      try { process.kill(-child.pid!, 'SIGINT') } catch { /* gone */ }
      const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL') } catch { /* gone */ } }, 5000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await Promise.race([
      waitForPort(port, 20_000),
      exited.then(() => { throw new Error(`postgres exited at start: ${log()}`) }),
    ])
    // The port opens a moment before connections are accepted.
    await waitReady(`postgres://tresty:secret@127.0.0.1:${port}/postgres`)
    const { default: pg } = await import('pg')
    const c = new pg.Client({ connectionString: `postgres://tresty:secret@127.0.0.1:${port}/postgres` })
    await c.connect()
    await c.query('CREATE DATABASE tresty')
    await c.end()
  } catch (err) {
    await stop()
    throw err
  }
  return { url: `postgres://tresty:secret@127.0.0.1:${port}/tresty`, port, user: 'tresty', password: 'secret', database: 'tresty', pid: child.pid!, stop }
}

async function waitReady(url: string) {
  const { default: pg } = await import('pg')
  for (let i = 0; ; i++) {
    const c = new pg.Client({ connectionString: url })
    try {
      await c.connect()
      await c.end()
      return
    } catch (err) {
      await c.end().catch(() => undefined)
      if (i > 100) throw err
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}
