/**
 * A throwaway MariaDB server for one test file: mariadb-install-db into a temp dir, mariadbd on
 * its own port and socket (`--user=root` when run as root, which mariadbd allows when asked),
 * user `tresty`/`secret` with all rights on database `tresty`. Stopped by PID.
 */
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { freePort, waitForPort } from '../../src/node/runtime/nginx-process.ts'

export interface TestMariadb {
  /** `mysql://tresty:secret@127.0.0.1:<port>/tresty` */
  url: string
  port: number
  socket: string
  user: string
  password: string
  database: string
  pid: number
  stop(): Promise<void>
}

export async function startMariadb(): Promise<TestMariadb> {
  const dir = mkdtempSync(join(tmpdir(), 'tresty-my-'))
  chmodSync(dir, 0o755)
  const data = join(dir, 'data')
  mkdirSync(data)
  const user = userInfo().uid === 0 ? ['--user=root'] : []
  const init = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, ...user, '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' })
  if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr || init.stdout}`)
  const port = await freePort()
  const socket = join(dir, 'mysqld.sock')
  const child = spawn('mariadbd', ['--no-defaults', `--datadir=${data}`, ...user, `--port=${port}`, '--bind-address=127.0.0.1',
    `--socket=${socket}`, `--pid-file=${join(dir, 'mysqld.pid')}`, '--skip-log-bin', '--innodb-flush-log-at-trx-commit=0',
    '--innodb-buffer-pool-size=32M', '--skip-name-resolve', `--log-error=${join(dir, 'error.log')}`, '--max-connections=100'],
  { stdio: ['ignore', 'ignore', 'ignore'] })
  const log = () => { try { return readFileSync(join(dir, 'error.log'), 'utf8') } catch { return '' } }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await Promise.race([
      waitForPort(port, 30_000),
      exited.then(() => { throw new Error(`mariadbd exited at start: ${log()}`) }),
    ])
    const mysql = await import('mysql2/promise')
    const root = await mysql.createConnection({ socketPath: socket, user: 'root' })
    await root.query('CREATE DATABASE tresty CHARACTER SET utf8mb4 COLLATE utf8mb4_bin')
    await root.query("CREATE USER 'tresty'@'%' IDENTIFIED BY 'secret'")
    await root.query("GRANT ALL ON *.* TO 'tresty'@'%'")
    await root.end()
  } catch (err) {
    await stop()
    throw err
  }
  return { url: `mysql://tresty:secret@127.0.0.1:${port}/tresty`, port, socket, user: 'tresty', password: 'secret', database: 'tresty', pid: child.pid!, stop }
}
