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
  // njs 0.8.9 cannot deriveKey an HMAC key ("not implemented"); tresty derives its keys with
  // the synchronous HMAC instead, so every row does the same thing.
  const old = /njs 0\.8\./.test(s.runtime.description)
  for (const k of Object.keys(body)) {
    if (old && k === 'deriveKey HKDF→HMAC') expect(body[k]).toMatch(/not implemented deriveKey: "HMAC"/)
    else expect(`${k}: ${body[k]}`).toBe(`${k}: ok`)
  }
  expect(Object.keys(body).length).toBe(20)
})
