/** Starting and stopping an nginx master in the foreground, for `tresty dev` and tests. */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { join } from 'node:path'
import type { Runtime } from './find-nginx.ts'

export interface RunningNginx {
  process: ChildProcess
  prefix: string
  /** nginx's error log so far (tests append it to failures and scan it for crashes). */
  errorLog(): string
  /** Graceful stop (SIGQUIT), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>
  /** Re-read the config and bundle (SIGHUP). */
  reload(): void
}

/** The pids of a process's children (Linux /proc), e.g. an nginx master's workers. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
  } catch {
    return []
  }
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => res(port))
    })
  })
}

export function waitForPort(port: number, timeoutMs = 10_000, host = '127.0.0.1'): Promise<void> {
  const until = Date.now() + timeoutMs
  return new Promise((res, rej) => {
    const attempt = () => {
      const sock = connect(port, host)
      sock.once('connect', () => { sock.destroy(); res() })
      sock.once('error', () => {
        sock.destroy()
        if (Date.now() > until) rej(new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`))
        else setTimeout(attempt, 25)
      })
    }
    attempt()
  })
}

export async function startNginx(rt: Runtime, prefix: string, conf: string, port: number, env: NodeJS.ProcessEnv = {}): Promise<RunningNginx> {
  const args = [...rt.command.slice(1), '-p', prefix, '-c', conf, '-e', join(prefix, 'logs/error.log')]
  const child = spawn(rt.command[0], args, { stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, ...env }, detached: true })
  let stderr = ''
  child.stderr!.on('data', (d) => { stderr += d })
  const errorLog = () => {
    const f = join(prefix, 'logs/error.log')
    return (existsSync(f) ? readFileSync(f, 'utf8') : '') + stderr
  }
  const exited = new Promise<void>((res) => child.once('exit', () => res()))
  // A master killed with SIGKILL leaves its workers running (and holding the port). They are
  // in its process group (detached: its own), so one signal to the group ends them.
  child.once('exit', () => {
    try { process.kill(-child.pid!, 'SIGKILL') } catch { /* none left */ }
  })
  try {
    await Promise.race([
      waitForPort(port),
      exited.then(() => { throw new Error(`nginx exited at start:\n${errorLog()}`) }),
    ])
  } catch (e) {
    child.kill('SIGKILL')
    throw e
  }
  return {
    process: child,
    prefix,
    errorLog,
    reload: () => { child.kill('SIGHUP') },
    async stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null) return
      // Graceful (SIGQUIT), then fast (SIGTERM); a SIGKILLed master would orphan its
      // workers, so those are killed by pid as the last resort.
      child.kill('SIGQUIT')
      const fast = setTimeout(() => child.kill('SIGTERM'), graceMs)
      const hard = setTimeout(() => {
        for (const pid of childPids(child.pid!)) try { process.kill(pid, 'SIGKILL') } catch { /* gone */ }
        child.kill('SIGKILL')
      }, graceMs * 2)
      await exited
      clearTimeout(fast)
      clearTimeout(hard)
    },
  }
}
