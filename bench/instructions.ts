/**
 * `npm run bench -- --instructions`: user-space instructions per request, counted by
 * valgrind's callgrind in a real nginx — a figure the machine's load does not move (wrk's CPU
 * µs per request move ±10–35% between runs on this shared machine; these move < 1%, except
 * where njs samples the heap, below). For A/B work on the request path.
 *
 * Per row and target: nginx (the target's own config, one worker) runs under callgrind twice,
 * once for `few` and once for `many` keep-alive requests on one connection; the difference of
 * the two runs' totals over the difference of requests is what one more request costs, start-up
 * and shut-down cancelling out. Kernel work (sockets, writev) is not counted: it is the same
 * for every target, which is why these ratios are larger than the CPU ratios.
 *
 * QuickJS: about one request in 256 njs walks the context's whole heap (`JS_ComputeMemoryUsage`,
 * for js_context_reuse_max_size), so an app with a large heap (10,000 routes) shows that walk
 * spread over the requests, and with ±1,000 requests a few % of noise from the sampling.
 *
 * Needs valgrind (`apt-get install valgrind`).
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { request, Agent } from 'node:http'
import { join } from 'node:path'
import { waitForPort } from '../src/node/runtime/nginx-process.ts'
import type { Runtime } from '../src/node/runtime/find-nginx.ts'
import type { BenchTarget } from './targets.ts'

export interface Counted { title: string; instructions: number; few: number; many: number }

/** run.ts's prepareTarget: the target built and configured, not started. */
type Prepare = (t: BenchTarget, rt: Runtime, row: string) => Promise<{ prefix: string; conf: string; port: number; cleanup(): Promise<void> }>

/** `n` requests, one after the other, on one keep-alive connection; the last body. */
async function requests(url: string, n: number, t: BenchTarget): Promise<string> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  let body = ''
  try {
    for (let i = 0; i < n; i++) {
      body = await new Promise<string>((resolve, reject) => {
        const req = request(url, { agent, method: t.method || 'GET', headers: t.headers }, (res) => {
          let b = ''
          res.setEncoding('utf8')
          res.on('data', (d) => { b += d })
          res.on('end', () => resolve(b))
        })
        req.on('error', reject)
        req.end(t.body)
      })
    }
  } finally {
    agent.destroy()
  }
  return body
}

/** The `totals:` line of the callgrind file `file`. */
function totals(file: string): number {
  const text = readFileSync(file, 'utf8')
  const m = /^totals:\s*(\d+)/m.exec(text) || /^summary:\s*(\d+)/m.exec(text)
  return m ? Number(m[1]) : 0
}

/**
 * Instructions for `n` requests to target `t` on a fresh nginx under callgrind: one process
 * (`master_process off`), so what it counted is written when it exits on SIGQUIT.
 */
async function run(t: BenchTarget, rt: Runtime, row: string, n: number, prepare: Prepare): Promise<number> {
  const p = await prepare(t, rt, row)
  const out = join(p.prefix, 'callgrind.out')
  try {
    writeFileSync(p.conf, readFileSync(p.conf, 'utf8').replace(/^master_process on;$/m, 'master_process off;'))
    const cmd = ['valgrind', '--tool=callgrind', `--callgrind-out-file=${out}`, ...rt.command, '-p', p.prefix, '-c', p.conf, '-e', join(p.prefix, 'logs/error.log')]
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr!.on('data', (d) => { stderr += d })
    const exited = new Promise<void>((res) => child.once('exit', () => res()))
    let body = ''
    try {
      await waitForPort(p.port, 60000)
      body = await requests(`http://127.0.0.1:${p.port}${t.path}`, n, t)
    } finally {
      child.kill('SIGQUIT')
      const hard = setTimeout(() => child.kill('SIGKILL'), 60000)
      await exited
      clearTimeout(hard)
    }
    if (t.expect?.body !== undefined && body !== t.expect.body) throw new Error(`bench: ${t.name}: unexpected body ${JSON.stringify(body.slice(0, 200))}`)
    const sum = existsSync(out) ? totals(out) : 0
    if (!sum) throw new Error(`bench: ${t.name}: callgrind wrote no totals (is valgrind installed?)\n${stderr.slice(-1000)}`)
    return sum
  } finally {
    await p.cleanup()
  }
}

export async function countInstructions(t: BenchTarget, rt: Runtime, row: string, prepare: Prepare, few = 20, many = 1020): Promise<Counted> {
  const a = await run(t, rt, row, few, prepare)
  const b = await run(t, rt, row, many, prepare)
  return { title: t.title, instructions: (b - a) / (many - few), few, many }
}
