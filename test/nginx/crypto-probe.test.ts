/** What crypto the engine row offers: the session, CSRF and signed-URL code relies on every step here. */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'

let s: TestServer
beforeAll(async () => { s = await startApp({ app: 'test/apps/crypto-probe-app.ts' }) })
afterAll(async () => { s?.assertNoCrash(); await s?.stop() })

it('has sync HMAC, Web Crypto HKDF/PBKDF2, AES-GCM and HMAC', async () => {
  const res = await s.fetch('/probe')
  const body = await res.json() as Record<string, string>
  if (process.env.TRESTY_PROBE_PRINT) console.log(s.runtime, body)
  for (const k of Object.keys(body)) expect(`${k}: ${body[k]}`).toBe(`${k}: ok`)
  expect(Object.keys(body).length).toBe(18)
})
