/**
 * `tresty dev`'s watchdog, a process of its own: it reads pids on stdin (one per line) and, when
 * stdin closes — the dev process ended, even by SIGKILL, so the kernel closed the pipe — stops
 * each of them and their children (nginx's workers): SIGTERM, then SIGKILL after a grace period.
 * On a clean stop the dev process stops everything itself and the pids are gone by then.
 *
 *   spawn(node, ['watchdog.ts'], { stdio: ['pipe', …], detached: true }); child.stdin.write(`${pid}\n`)
 */
import { childPids } from './nginx-process.ts'

const GRACE_MS = 3000

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function signal(pids: number[], sig: NodeJS.Signals) {
  for (const pid of pids) try { process.kill(pid, sig) } catch { /* already gone */ }
}

const guarded = new Set<number>()
let buffered = ''
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk: string) => {
  buffered += chunk
  const lines = buffered.split('\n')
  buffered = lines.pop() ?? ''
  for (const line of lines) {
    const pid = Number(line.trim())
    if (Number.isInteger(pid) && pid > 1) guarded.add(pid)
  }
})
// The terminal's Ctrl-C is for the dev process, which then stops everything itself.
process.on('SIGINT', () => undefined)
process.stdin.on('close', () => {
  // Children first read while their parents are alive (an nginx master's workers).
  const all: number[] = []
  for (const pid of guarded) if (alive(pid)) all.push(pid, ...childPids(pid))
  signal(all, 'SIGTERM')
  const until = Date.now() + GRACE_MS
  const check = setInterval(() => {
    const left = all.filter(alive)
    if (left.length === 0 || Date.now() > until) {
      signal(left, 'SIGKILL')
      clearInterval(check)
      process.exit(0)
    }
  }, 50)
})
