/**
 * What changes over https, through a real TLS listener (self-signed certificate made here):
 * session cookies are Secure by default, and secureHeaders() sends HSTS.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startApp, type TestServer } from '../support/nginx.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'

let s: TestServer
let tlsPort: number
const certDir = mkdtempSync(join(tmpdir(), 'tresty-tls-'))

beforeAll(async () => {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem')], { stdio: 'ignore' })
  tlsPort = await freePort()
  s = await startApp({
    app: 'test/apps/https-app.ts',
    server: `        listen 127.0.0.1:${tlsPort} ssl;
        ssl_certificate ${join(certDir, 'cert.pem')};
        ssl_certificate_key ${join(certDir, 'key.pem')};`,
  })
})
afterAll(async () => {
  s?.assertNoCrash()
  await s?.stop()
  rmSync(certDir, { recursive: true, force: true })
})

function httpsGet(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, any>; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: tlsPort, path, method, rejectUnauthorized: false }, (res) => {
      let body = ''
      res.on('data', (c) => { body += c })
      res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body }))
    })
    req.on('error', fail)
    req.end()
  })
}

it('marks session cookies Secure over https, not over http', async () => {
  const tls = await httpsGet('/login', 'POST')
  expect(tls.status).toBe(200)
  const lines: string[] = tls.headers['set-cookie']
  expect(lines).toHaveLength(2)
  for (const l of lines) expect(l).toMatch(/; Secure/)
  const plain = await s.fetch('/login', { method: 'POST' })
  for (const l of plain.headers.getSetCookie()) expect(l).not.toMatch(/Secure/)
})

it('sends HSTS over https only', async () => {
  expect((await httpsGet('/')).headers['strict-transport-security']).toBe('max-age=15552000; includeSubDomains')
  expect((await s.fetch('/')).headers.get('strict-transport-security')).toBeNull()
})
