/**
 * tresty's own endpoints (issue 7, item 4) answer only through the nginx location that
 * protects them: any other spelling of `/_tresty/...` reaches the public `location /`, where
 * the app's router refuses it with a 404 — whatever routes the app declared there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'
import { rawRequest } from '../support/raw-http.ts'

let s: TestServer
beforeAll(async () => { s = await startApp({ app: 'test/apps/security-app.ts' }) })
afterAll(async () => { s?.assertNoCrash(); await s?.stop() })

function post(target: string, secret?: string) {
  const body = '{"cache":"c","keys":["k"]}'
  return rawRequest(s.port, [`POST ${target} HTTP/1.1`, 'Host: localhost', 'Connection: close', 'Content-Type: application/json',
    `Content-Length: ${body.length}`, ...(secret ? [`X-Tresty-Secret: ${secret}`] : []), '', body].join('\r\n'))
}

describe('internal endpoints', () => {
  it('are not served through the public router, whatever the spelling', async () => {
    for (const target of ['/_tresty/cache/invalidate/', '/_tresty/cache/invalidate/.', '/_tresty/cache/./invalidate/',
      '/_tresty//cache/invalidate/', '/x/../_tresty/cache/invalidate/', '/%5Ftresty/cache/invalidate/', '/_tresty/cache/invalidate/x/..']) {
      const res = await post(target, 'test-secret')
      expect([target, res.status]).toEqual([target, 404])
    }
    expect((await s.fetch('/_tresty/other')).status).toBe(404)
    expect((await s.fetch('/_tresty/access')).status).toBe(404)
    expect((await s.fetch('/_tresty/sidecar/health')).status).toBe(404)
  })

  it('are served through their protected location (which still checks the secret)', async () => {
    // `//_tresty/…` is normalised by nginx to the exact location: allow/deny and the secret apply.
    expect((await post('/_tresty/cache/invalidate')).status).toBe(403)
    expect((await post('//_tresty/cache/invalidate')).status).toBe(403)
    expect((await post('/_tresty/cache/invalidate', 'wrong')).status).toBe(403)
  })
})
