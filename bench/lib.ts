/**
 * The measuring side of the bench: wrk runs (pinned to one core) and the CPU time an nginx
 * worker (pinned to the other) spent, read from /proc.
 */
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/** Clock ticks per second for /proc/PID/stat utime/stime (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100

export interface WrkResult {
  requests: number
  seconds: number
  rps: number
  /** Latency percentiles in microseconds. */
  p50: number
  p99: number
  /** Responses that were not 2xx/3xx, and socket errors (connect, read, write, timeout). */
  non2xx: number
  socketErrors: number
}

export interface WrkOptions {
  url: string
  seconds: number
  connections?: number
  /** The core wrk is pinned to. */
  cpu?: number
  /** A wrk Lua script (method, body, headers). */
  script?: string
}

function toMicros(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text.trim())
  if (!m) return NaN
  const n = Number(m[1])
  return m[2] === 'us' ? n : m[2] === 'ms' ? n * 1000 : n * 1e6
}

export function parseWrk(out: string): WrkResult {
  const done = /(\d+) requests in ([\d.]+)(ms|s|m)/.exec(out)
  if (!done) throw new Error(`wrk: no "requests in" line:\n${out}`)
  const seconds = Number(done[2]) * (done[3] === 'ms' ? 1e-3 : done[3] === 'm' ? 60 : 1)
  const pct = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(out)
    return m ? toMicros(m[1]) : NaN
  }
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out)
  return {
    requests: Number(done[1]),
    seconds,
    rps: Number(done[1]) / seconds,
    p50: pct('50'),
    p99: pct('99'),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: socket ? socket.slice(1).reduce((s, n) => s + Number(n), 0) : 0,
  }
}

export function runWrk(o: WrkOptions): Promise<WrkResult> {
  // --timeout: wrk's default (2 s) counts a slow answer (cold QuickJS contexts, 10,000 routes on
  // the njs engine under load) as an error, not as a request, and the CPU it cost goes uncounted.
  const args = ['-c', String(o.cpu ?? 1), 'wrk', '-t1', `-c${o.connections ?? 50}`, `-d${Math.max(1, Math.round(o.seconds))}s`, '--timeout', '30s', '--latency']
  if (o.script) args.push('-s', o.script)
  args.push(o.url)
  return new Promise((res, rej) => {
    const child = spawn('taskset', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d) => { out += d })
    child.stderr.on('data', (d) => { out += d })
    child.on('error', rej)
    child.on('exit', (code) => {
      if (code !== 0) return rej(new Error(`wrk exited with ${code}:\n${out}`))
      try { res(parseWrk(out)) } catch (e) { rej(e) }
    })
  })
}

/**
 * CPU time a process has used, in microseconds: the scheduler's own on-CPU time of each of its
 * threads (/proc/PID/task/TID/schedstat, nanoseconds), summed — Node and Go servers have
 * several threads. utime+stime (/proc/PID/stat) is the fallback: it is sampled at 100 Hz
 * ticks, which on a busy machine adds tens of percent of noise to a short run.
 */
export function cpuMicros(pid: number): number {
  try {
    let ns = 0
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try { ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) } catch { /* thread gone */ }
    }
    if (ns > 0) return ns / 1000
  } catch { /* no schedstat: ticks below */ }
  return statMicros(pid)
}

/** utime+stime of a process (all its threads), in microseconds, from /proc/PID/stat. */
export function statMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may hold spaces: fields are counted after its closing ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) * (1e6 / TICKS_PER_SECOND)
}

/** Busy and total jiffies of one CPU so far (/proc/stat), for how busy the server's core was. */
export function cpuCoreTimes(cpu: number): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${cpu} `))
  if (!line) return { busy: NaN, total: NaN }
  const v = line.trim().split(/\s+/).slice(1).map(Number)
  const idle = v[3] + (v[4] || 0)
  const total = v.reduce((a, b) => a + b, 0)
  return { busy: total - idle, total }
}

/** The pids of a process's children (the nginx master's workers). */
export function childPids(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim()
  return text ? text.split(/\s+/).map(Number) : []
}

export function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (!s.length) return NaN
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

export function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms))
}

/** What an nginx error log says went wrong: crashes and alerts, and errors other than clients wrk left mid-response. */
export function nginxProblems(log: string): string[] {
  const problems: string[] = []
  if (/exited on signal|\[alert\]|\[emerg\]/.test(log)) problems.push('nginx logged a crash or alert')
  // wrk stops with requests in flight: nginx then fails to send their responses. Expected.
  const errors = log.split('\n').filter((l) => /\[error\]/.test(l) && !/failed to send response/.test(l))
  if (errors.length) problems.push(`nginx logged ${errors.length} errors, first: ${errors[0].slice(0, 300)}`)
  return problems
}

/** The pid of an nginx master's only worker, once it is up (the master listens before it forks). */
export async function soleWorker(master: number): Promise<number> {
  let workers = childPids(master)
  for (let i = 0; i < 100 && workers.length !== 1; i++) {
    await sleep(50)
    workers = childPids(master)
  }
  if (workers.length !== 1) throw new Error(`expected one nginx worker, found ${workers.length}`)
  return workers[0]
}
