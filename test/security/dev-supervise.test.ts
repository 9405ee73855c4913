/**
 * `tresty dev` (`npm start`) supervises what it starts (issue 7, item 8), checked by pid on the
 * row TRESTY_RUNTIME names: a sidecar killed with SIGKILL is restarted (same secret: nginx's
 * calls work again) and its task workers do not linger; SIGKILL to nginx's master or to the dev
 * process itself leaves nothing behind — no nginx master or worker, redis-server, sidecar,
 * task worker or watchdog.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { childPids, freePort } from '../../src/node/runtime/nginx-process.ts'
import { eventually } from '../support/sidecar/client.ts'
import { repoRoot } from '../support/nginx.ts'

const CLI = resolve(repoRoot, 'bin/tresty.mjs')
const APP = resolve(repoRoot, 'examples/app.ts') // with examples/tasks.ts beside it: task workers too

interface Dev { child: ChildProcess; port: number; dir: string; output: () => string }

const cmdline = (pid: number) => {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ') } catch { return '' }
}
/** Running (a zombie, dead but not yet reaped by its parent, has an empty command line). */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return cmdline(pid) !== ''
  } catch {
    return false
  }
}
/** Every descendant of `pid`, with its command line. */
function tree(pid: number): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = []
  for (const c of childPids(pid)) out.push({ pid: c, cmd: cmdline(c) }, ...tree(c))
  return out
}
const find = (t: { pid: number; cmd: string }[], re: RegExp) => t.filter((p) => re.test(p.cmd)).map((p) => p.pid)

let dev: Dev | null = null
const started: number[] = []

async function startDev(): Promise<Dev> {
  // Inside the checkout: the build resolves its Babel plugins from the working directory.
  mkdirSync(join(repoRoot, '.tresty'), { recursive: true })
  const dir = mkdtempSync(join(repoRoot, '.tresty', 'test-dev-'))
  chmodSync(dir, 0o755) // nginx's workers (nobody) reach the socket inside
  const port = await freePort()
  let out = ''
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) }
  delete env.TRESTY_REDIS_URL
  delete env.TRESTY_SIDECAR_SECRET
  const child = spawn(process.execPath, [CLI, 'dev', APP], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (d) => { out += d })
  child.stderr!.on('data', (d) => { out += d })
  started.push(child.pid!)
  await eventually(async () => out.includes('tresty: listening on'), 90_000, `tresty dev to listen:\n${out}`)
  dev = { child, port, dir, output: () => out }
  const d = dev
  // nginx forks its workers after it listens; the sidecar's task workers start before it answers.
  await eventually(async () => { const p = pieces(d); return p.nginxWorkers.length === 2 && p.taskWorkers.length > 0 }, 20_000, 'every piece to run')
  return d
}

/** The pids of every piece, read from /proc under the dev process. */
function pieces(d: Dev) {
  const t = tree(d.child.pid!)
  // nginx run through the root's ld.so keeps that in its command line: go by its pid file.
  const nginxMaster = Number(readFileSync(join(d.dir, '.tresty/nginx.pid'), 'utf8').trim())
  return {
    all: t.map((p) => p.pid),
    nginxMaster,
    nginxWorkers: childPids(nginxMaster),
    redis: find(t, /redis-server/)[0],
    sidecar: find(t, /sidecar\/main\.ts/)[0],
    taskWorkers: find(t, /worker-process\.ts/),
    watchdog: find(t, /watchdog\.ts/)[0],
  }
}

afterEach(async () => {
  // Whatever a failed test left: by pid, never by name.
  if (dev) {
    const left = [dev.child.pid!, ...tree(dev.child.pid!).map((p) => p.pid)]
    for (const pid of left) try { process.kill(pid, 'SIGKILL') } catch { /* gone */ }
    rmSync(dev.dir, { recursive: true, force: true })
    dev = null
  }
})

/** A route that asks the sidecar (an unknown task id): 404 when the sidecar answers, 503 when not. */
const viaSidecar = async (d: Dev) => {
  const res = await fetch(`http://127.0.0.1:${d.port}/reports/999999`)
  await res.arrayBuffer()
  return res.status
}

describe('tresty dev supervision', { timeout: 120_000 }, () => {
  it('restarts a SIGKILLed sidecar (same secret), and its old task workers go', async () => {
    const d = await startDev()
    const before = pieces(d)
    expect(before.sidecar).toBeGreaterThan(0)
    expect(before.taskWorkers.length).toBeGreaterThan(0)
    await eventually(async () => (await viaSidecar(d)) === 404, 20_000, 'sidecar calls through nginx to work').catch((e) => {
      throw new Error(`${e.message}\n${d.output()}\n${readFileSync(join(d.dir, '.tresty/logs/error.log'), 'utf8').split('\n').filter((l) => !/\[(info|notice)\]/.test(l)).slice(-8).join('\n')}`)
    })
    process.kill(before.sidecar, 'SIGKILL')
    const after = await eventually(async () => {
      const p = pieces(d)
      return p.sidecar && p.sidecar !== before.sidecar && p.taskWorkers.length > 0 ? p : null
    }, 30_000, 'a new sidecar with task workers')
    await eventually(async () => (await viaSidecar(d)) === 404, 20_000, 'sidecar calls through nginx to work again')
    await eventually(async () => before.taskWorkers.every((pid) => !alive(pid)), 10_000, 'the old task workers to exit')
    expect(after.nginxMaster).toBe(before.nginxMaster)
    expect(d.output()).toMatch(/sidecar \d+ exited \(SIGKILL\); restarting in \d+ ms/)
  })

  it('SIGKILL to nginx\'s master: dev stops everything and exits, no orphan', async () => {
    const d = await startDev()
    const p = pieces(d)
    const everything = [p.nginxMaster, ...p.nginxWorkers, p.redis, p.sidecar, ...p.taskWorkers, p.watchdog]
    expect(everything.every((pid) => pid > 0), JSON.stringify(p)).toBe(true)
    const exited = new Promise<number | null>((r) => d.child.once('exit', (code) => r(code)))
    process.kill(p.nginxMaster, 'SIGKILL')
    expect(await exited).toBe(1)
    await eventually(async () => everything.every((pid) => !alive(pid)), 15_000,
      `every piece to exit (left: ${everything.filter(alive).map((pid) => `${pid} ${cmdline(pid)}`).join('; ')})`)
  })

  it('SIGKILL to the dev process: the watchdog and the sidecar\'s stdin take everything down, no orphan', async () => {
    const d = await startDev()
    const p = pieces(d)
    const everything = [p.nginxMaster, ...p.nginxWorkers, p.redis, p.sidecar, ...p.taskWorkers, p.watchdog]
    expect(everything.every((pid) => pid > 0), JSON.stringify(p)).toBe(true)
    process.kill(d.child.pid!, 'SIGKILL')
    await eventually(async () => everything.every((pid) => !alive(pid)), 15_000,
      `every piece to exit (left: ${everything.filter(alive).map((pid) => `${pid} ${cmdline(pid)}`).join('; ')})`)
  })
})
