/**
 * Worker memory under concurrent large bodies (issue 7, item 11): 400 concurrent 195 KB JSON
 * POSTs to an async route of the probe app, worker RSS (sum over nginx's workers) measured before,
 * at the peak and 3 s after — with nginx/body-limits.conf (at most 64 large-body requests at once,
 * 503 + Retry-After beyond) and without it.
 *
 *   npx tsx bench/memory.ts            # rows from TRESTY_RUNTIME, default njs-0.8
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startApp, type TestServer } from '../test/support/nginx.ts'
import { childPids } from '../src/node/runtime/nginx-process.ts'

const CONCURRENCY = Number(process.env.MEMORY_CONCURRENCY) || 400
const ROUNDS = 3

/** Sum of the workers' resident memory, in MiB. */
function workersRss(s: TestServer): number {
  let kb = 0
  for (const pid of childPids(s.nginx.process.pid!)) {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    if (m) kb += Number(m[1])
  }
  return Math.round(kb / 1024)
}

const body = JSON.stringify({ items: Array.from({ length: 2500 }, (_, i) => ({ id: i, name: `item-${i}`, tags: ['a', 'b', 'c'], score: i / 7 })) })

async function run(limited: boolean) {
  const s = await startApp({ app: 'test/apps/security-app.ts', workers: 2 })
  if (!limited) {
    // The same server without nginx/body-limits.conf (reloaded).
    const conf = join(s.prefix, 'nginx.conf')
    writeFileSync(conf, readFileSync(conf, 'utf8').replace(/\n\s*include \S+body-limits\.conf;/, ''))
    s.nginx.reload()
    await new Promise((r) => setTimeout(r, 2000))
  }
  const before = workersRss(s)
  let peak = before
  const sampler = setInterval(() => { peak = Math.max(peak, workersRss(s)) }, 50)
  const statuses: Record<number, number> = {}
  for (let round = 0; round < ROUNDS; round++) {
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      try {
        const res = await s.fetch('/json-async', { method: 'POST', headers: { 'content-type': 'application/json' }, body })
        await res.arrayBuffer()
        statuses[res.status] = (statuses[res.status] ?? 0) + 1
      } catch {
        statuses[0] = (statuses[0] ?? 0) + 1
      }
    }))
  }
  clearInterval(sampler)
  await new Promise((r) => setTimeout(r, 3000))
  const after = workersRss(s)
  const crashed = /exited on signal/.test(s.errorLog())
  await s.stop()
  return { limited, before, peak, after, statuses, crashed }
}

const row = process.env.TRESTY_RUNTIME || 'njs-0.8'
console.log(`${row}: ${ROUNDS} rounds of ${CONCURRENCY} concurrent ${(body.length / 1024).toFixed(0)} KB JSON POSTs to an async route, 2 workers`)
for (const limited of [false, true]) {
  const r = await run(limited)
  console.log(`  ${limited ? 'with body-limits.conf   ' : 'without body-limits.conf'}: workers RSS before ${r.before} MiB, peak ${r.peak} MiB, 3 s after ${r.after} MiB; statuses ${JSON.stringify(r.statuses)}${r.crashed ? ' (a worker crashed)' : ''}`)
}
