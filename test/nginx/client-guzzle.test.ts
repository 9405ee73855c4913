/**
 * Guzzle's own cases for the options tresty/client shares with it, replayed through nginx
 * against recording servers: shared/corpora/guzzle-options.json (Guzzle 7.8.1 tests, docs and
 * source; see that folder's README). Runs only where the corpus is present (beside the checkout);
 * the behaviour adopted from it is also written out in client.test.ts.
 *
 * Left out on purpose: `timeout` cases (Guzzle counts seconds, tresty/client milliseconds, as
 * Oresty does), cases on a pre-built request object (`send`), https origins (no TLS server here),
 * and facts about Guzzle's configuration objects.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot, startApp, type TestServer } from '../support/nginx.ts'
import { startRecordingServer, type Recorded, type RecordingServer, type ScriptedResponse } from '../support/recording-server.ts'

const corpusFile = [resolve(repoRoot, '../shared/corpora/guzzle-options.json'), resolve(repoRoot, '../../shared/corpora/guzzle-options.json')].find(existsSync)
const cases: any[] = corpusFile ? JSON.parse(readFileSync(corpusFile, 'utf8')).cases : []

let s: TestServer
const script: ScriptedResponse[] = []
/** Every request any of the servers got, in arrival order. */
const log: Recorded[] = []
/** One recording server per origin a case names (http://example.com, http://test.com, …). */
const origins: Record<string, RecordingServer> = {}

async function serverFor(origin: string): Promise<RecordingServer> {
  return (origins[origin] ??= await startRecordingServer(0, script, log))
}

function splitUrl(u: string): { origin: string; rest: string; userinfo: string } | null {
  const m = /^http:\/\/(?:([^@/?#]*)@)?([^/?#:]+)(?::(\d+))?(.*)$/.exec(u)
  if (!m) return null
  return { origin: `${m[2]}:${m[3] ?? '80'}`, rest: m[4], userinfo: m[1] ? m[1] + '@' : '' }
}

/** A case's absolute URL on the server standing in for its origin. */
async function mapUrl(u: string): Promise<string> {
  const p = splitUrl(u)
  if (!p) return u
  return (await serverFor(p.origin)).url.replace('://', '://' + p.userinfo) + p.rest
}

function unphp(v: any): any {
  if (Array.isArray(v)) return v.map(unphp)
  if (v && typeof v === 'object') {
    if (v.$php === 'new stdClass') return {}
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unphp(x)]))
  }
  return v
}

async function call(spec: Record<string, unknown>): Promise<any> {
  const res = await s.fetch('/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`/call answered ${res.status}: ${text}`)
  return JSON.parse(text)
}

const exceptionName = (cls: string) => cls.split('\\').pop()!
const join = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v))

function usable(c: any): string | null {
  const i = c.input ?? {}
  if (c.option === 'timeout') return 'timeout is in seconds in Guzzle, milliseconds here'
  if (i.send) return 'needs a pre-built request object'
  if (JSON.stringify(i).includes('https://')) return 'https origin'
  const e = c.expected ?? {}
  if (e.allow_redirects || e.client_config || e.curl || e.meaning) return 'a statement about Guzzle configuration'
  return null
}

beforeAll(async () => {
  if (!cases.length) return
  s = await startApp({ app: 'test/apps/client-app.ts' })
})
afterAll(async () => {
  s?.assertNoCrash()
  await s?.stop()
  for (const srv of Object.values(origins)) await srv.close()
})

describe.skipIf(!cases.length)('Guzzle corpus (guzzle-options.json)', () => {
  const runnable = cases.filter((c) => !usable(c))
  it('has enough cases to be worth running', () => {
    expect(runnable.length).toBeGreaterThan(70)
  })

  for (const c of runnable) {
    it(`#${c.id} ${c.option}: ${c.source.split(':').slice(1).join(':')}`, async () => {
      const i = c.input
      const e = c.expected
      const options = unphp(i.options ?? {})
      const statuses: number[] = typeof i.redirect_status === 'number' ? [i.redirect_status]
        : typeof i.redirect_status === 'string' ? [301, 302, 303] : [0]
      for (const redirect of statuses) {
        const up = await serverFor('default:80')
        let url: string
        if (i.responses) {
          script.length = 0
          for (const r of i.responses) script.push({ status: r.status, headers: r.headers?.Location ? { Location: await mapUrl(r.headers.Location) } : {} })
          url = await mapUrl(i.uri)
        } else if (redirect) {
          url = `${up.url}/redirect/${redirect}?to=/echo/followed`
          options.body ??= 'x'.repeat(8)
        } else if (i.response_status) {
          url = `${up.url}/status/${i.response_status}?body=${encodeURIComponent(i.response_body ?? '')}`
        } else if (i.uri && /^\/redirect\/(\d+)$/.test(i.uri)) {
          url = `${up.url}/chain/${i.uri.split('/')[2]}`
        } else {
          const p = i.uri ? splitUrl(i.uri) : null
          url = `${up.url}/echo${p ? p.rest : i.uri ?? ''}`
        }
        const before = log.length
        const r = await call({ method: i.method ?? 'GET', url, options, client: i.client })
        script.length = 0
        const sent = log.slice(before)
        // The request the case describes: the last one sent, to any origin.
        const last = sent[sent.length - 1]
        const lastReq = last
        const where = `case #${c.id} (${redirect || ''}) → ${JSON.stringify(r).slice(0, 400)}`

        if ('throws' in e) {
          if (e.throws === null) expect(r.ok, where).toBe(true)
          else {
            expect(r.ok, where).toBe(false)
            expect(r.error.name, where).toBe(exceptionName(e.throws))
          }
        }
        if (e.message) expect(r.error.message, where).toBe(i.uri ? e.message.replace(i.uri, url) : e.message)
        if (e.message_starts_with) expect(r.error.message.startsWith(e.message_starts_with), where).toBe(true)
        // Guzzle names its own URL before this point; the rest of the message must match.
        if (e.message_contains) expect(r.error.message, where).toContain(e.message_contains.slice(e.message_contains.indexOf('` resulted in')))
        if (e.exception_response_status) expect(r.response.status, where).toBe(e.exception_response_status)
        if (e.status) expect(r.response.status, where).toBe(e.status)
        if (e.requests_sent) expect(sent.length, where).toBe(e.requests_sent)
        if (e.request_uri_query !== undefined) {
          const q = lastReq.url.indexOf('?')
          expect(q === -1 ? '' : lastReq.url.slice(q + 1), where).toBe(e.request_uri_query)
        }
        const heads = last?.headers ?? {}
        for (const [k, v] of Object.entries(e.headers ?? {})) expect(heads[k.toLowerCase()], where).toBe(join(v))
        for (const k of e.headers_absent ?? []) expect(heads[k.toLowerCase()], where).toBeUndefined()
        if (e.body !== undefined && e.body !== 'kept (rewound)') expect(last.body.toString(), where).toBe(e.body)
        if (e.last_request_uri) {
          const p = splitUrl(e.last_request_uri)!
          const srv = await serverFor(p.origin)
          expect(srv.requests[srv.requests.length - 1], where).toBe(last)
          expect(last.url, where).toBe(p.rest.startsWith('/') ? p.rest : '/' + p.rest)
        }
        for (const [k, v] of Object.entries(e.last_request_headers ?? {})) {
          expect(String(heads[k.toLowerCase()]).replace(/\/\?/, '?'), where).toBe(await mapUrl(String(v)))
        }
        for (const k of e.last_request_headers_absent ?? []) expect(heads[k.toLowerCase()], where).toBeUndefined()
        for (const [k, v] of Object.entries(e.response_headers ?? {})) {
          const mapped = await Promise.all((v as string[]).map((x) => (/^http/.test(x) ? mapUrl(x) : Promise.resolve(x))))
          expect(String(r.response.headers[k.toLowerCase()]).split(', ').map((x) => x.replace(/\/$/, '')), where).toEqual(mapped.map((x) => x.replace(/\/$/, '')))
        }
        if (e.follow_method) {
          expect(last.method, where).toBe(e.follow_method)
          if (e.follow_body_size === 0) expect(last.body.length, where).toBe(0)
          if (e.body === 'kept (rewound)') expect(last.body.length, where).toBeGreaterThan(0)
        }
        if (e.follow_request_has_Authorization !== undefined) expect(heads.authorization !== undefined, where).toBe(e.follow_request_has_Authorization)
        if (e.follow_request_has_Cookie !== undefined) expect(heads.cookie !== undefined, where).toBe(e.follow_request_has_Cookie)
      }
    })
  }
})
