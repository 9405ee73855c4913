/** HttpError and the stackless one tresty answers unrouted requests with (phases/content.ts). */
import { describe, expect, it } from 'vitest'
import { bareHttpError, HttpError, isHttpError } from '../../src/njs/http-error.ts'

describe('HttpError', () => {
  it('is an Error with its status, message and headers', () => {
    const e = HttpError(405, 'no', { Allow: 'GET' })
    expect(e).toBeInstanceOf(Error)
    expect([e.name, e.status, e.message, e.headers, isHttpError(e)]).toEqual(['HttpError', 405, 'no', { Allow: 'GET' }, true])
    expect(typeof e.stack).toBe('string')
    expect(HttpError(404).message).toBe('Not Found')
  })

  it('has a twin without stack frames that reads the same everywhere else', () => {
    const e = bareHttpError(405, 'Method POST not allowed on /ok', { Allow: 'GET, HEAD' })
    expect(e).toBeInstanceOf(Error)
    expect(isHttpError(e)).toBe(true)
    expect([e.name, e.status, e.message, e.headers]).toEqual(['HttpError', 405, 'Method POST not allowed on /ok', { Allow: 'GET, HEAD' }])
    expect(String(e)).toBe('HttpError: Method POST not allowed on /ok')
    expect(String(e.stack)).not.toMatch(/\n\s+at /)
    expect(typeof HttpError(404).stack === 'string' && /\n\s+at /.test(HttpError(404).stack!)).toBe(true)
    // the engine's setting is back as it was
    expect((Error as any).stackTraceLimit).toBeGreaterThan(0)
    expect(bareHttpError(404, 'Not found: /x').headers).toBeUndefined()
  })
})
