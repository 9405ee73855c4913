/**
 * A bounded, seeded fuzz of malformed requests against the probe app (test/apps/security-app.ts)
 * through real nginx on the row TRESTY_RUNTIME names: bad methods, paths, %-encodings,
 * headers, bodies, content types and chunked framings (test/security/fuzz-cases.ts).
 *
 * Asserted: no 5xx from tresty except the documented ones (501 for a method nginx does not
 * know; 503 from the MongoDB route, as the probe's sidecar has no MongoDB); nginx's own error
 * pages (a 501 for an unknown Transfer-Encoding, 505 for a bad version) are nginx's; no worker crash;
 * no hang of a complete request; the server answers normally afterwards.
 *
 * FUZZ_SEED and FUZZ_COUNT replay or widen a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from 'node:net'
import { startProbe, type Probe } from '../support/security-probe.ts'
import { generator, type FuzzCase } from './fuzz-cases.ts'

const SEED = Number(process.env.FUZZ_SEED) || 20261203
const COUNT = Number(process.env.FUZZ_COUNT) || 3000
const WIDTH = 16

let p: Probe

beforeAll(async () => {
  p = await startProbe()
})
afterAll(async () => {
  await p?.stop()
})

interface Outcome { status: number; body: string; timedOut: boolean }

function send(port: number, c: FuzzCase): Promise<Outcome> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    let timedOut = false
    const timer = setTimeout(() => { timedOut = true; sock.destroy() }, 10_000)
    sock.on('data', (d) => chunks.push(d))
    sock.on('error', () => undefined)
    sock.on('close', () => {
      clearTimeout(timer)
      let text = Buffer.concat(chunks).toString('latin1')
      // Skip an interim 100 Continue.
      while (/^HTTP\/1\.[01] 1\d\d /.test(text) && text.indexOf('\r\n\r\n') >= 0) text = text.slice(text.indexOf('\r\n\r\n') + 4)
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text)
      const end = text.indexOf('\r\n\r\n')
      resolve({ status: m ? Number(m[1]) : 0, body: end < 0 ? '' : text.slice(end + 4), timedOut })
    })
    sock.write(c.bytes, () => { if (c.truncated) sock.end() })
  })
}

/** Is this 5xx one the docs allow? */
function documented(c: FuzzCase, o: Outcome): boolean {
  if (o.body.includes('<center>nginx</center>')) return true // nginx's own page, not tresty's
  // 501: a method nginx does not know (tresty), or a Transfer-Encoding it does not (nginx);
  // 505: an HTTP version nginx refuses. A HEAD answer has no body to tell whose it is.
  if (o.status === 501 || o.status === 505) return true
  if (o.status === 503) return o.body.includes('MongoDB is unavailable') && c.label.includes('/collections/')
  return false
}

describe(`fuzz: ${COUNT} malformed requests, seed ${SEED}`, () => {
  it('no undocumented 5xx, no hang, no crashed worker; the server answers afterwards', async () => {
    const next = generator(SEED)
    const cases = Array.from({ length: COUNT }, next)
    const failures: string[] = []
    const statuses: Record<number, number> = {}
    let at = 0
    await Promise.all(Array.from({ length: WIDTH }, async () => {
      while (at < cases.length) {
        const c = cases[at++]
        const o = await send(p.nginx.port, c)
        statuses[o.status] = (statuses[o.status] ?? 0) + 1
        if (o.timedOut && !c.truncated) failures.push(`hang: ${c.label}`)
        else if (o.status >= 500 && !documented(c, o)) failures.push(`${o.status} ${o.body.slice(0, 120)} ← ${c.label}`)
      }
    }))
    process.stdout.write(`fuzz (${p.nginx.runtime.description}): statuses ${JSON.stringify(statuses)}\n`)
    if (failures.length) process.stdout.write(`${failures.length} failures:\n${failures.slice(0, 30).join("\n")}\n`)
    expect(failures.slice(0, 20)).toEqual([])
    const log = p.nginx.errorLog()
    expect(log).not.toMatch(/exited on signal/)
    expect(log).not.toMatch(/unhandled error/)
    // Still serving, its metrics still valid UTF-8 (Prometheus rejects a whole scrape otherwise).
    expect(await (await p.nginx.fetch('/ping')).text()).toBe('pong')
    expect((await p.json('/kv/after-fuzz')).body).toEqual({ value: null })
    const metrics = new Uint8Array(await (await p.nginx.fetch('/metrics')).arrayBuffer())
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(metrics)).not.toThrow()
  })
})
