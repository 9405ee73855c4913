/**
 * A client that resets mid-response (issue 7, item 10) is not an application error: no
 * `js exception`, no error-level line, at most an info line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect } from 'node:net'
import { startApp, type TestServer } from '../support/nginx.ts'

let s: TestServer
beforeAll(async () => { s = await startApp({ app: 'test/apps/security-app.ts' }) })
afterAll(async () => { s?.assertNoCrash(); await s?.stop() })

/** Sends a request, then resets the connection (RST) after `afterMs`. */
function abort(port: number, target: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1')
    sock.on('error', () => resolve())
    sock.on('close', () => resolve())
    sock.on('connect', () => {
      sock.write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\n\r\n`)
      setTimeout(() => sock.resetAndDestroy(), afterMs)
    })
  })
}

describe('client aborts', () => {
  it('leave no error-level lines in the log', async () => {
    const targets = ['/big', '/big-late', '/big-json-late']
    for (let round = 0; round < 10; round++) {
      const batch: Promise<void>[] = []
      for (let i = 0; i < 12; i++) batch.push(abort(s.port, targets[i % 3], (i * 7 + round * 3) % 40))
      await Promise.all(batch)
    }
    await new Promise((r) => setTimeout(r, 300))
    // The server is fine afterwards.
    expect((await s.fetch('/public')).status).toBe(200)
    const log = s.errorLog()
    expect(log).not.toMatch(/js exception/)
    expect(log).not.toMatch(/failed to send response/)
    expect(log).not.toMatch(/\[error\].*tresty/)
  }, 120_000)
})
