/** The QuickJS context pool the generated config asks for (src/node/runtime/nginx-conf.ts, docs/quickjs.md). */
import { describe, expect, it } from 'vitest'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { qjsPoolSize, renderConfig } from '../../src/node/runtime/nginx-conf.ts'
import type { Runtime } from '../../src/node/runtime/find-nginx.ts'

describe('QuickJS context pool size', () => {
  it('is 512 for small apps and shrinks for big ones, never under 64', () => {
    expect(qjsPoolSize(0)).toBe(512)
    expect(qjsPoolSize(100)).toBe(512)
    expect(qjsPoolSize(10_000)).toBe(512)
    expect(qjsPoolSize(25_000)).toBe(512)
    expect(qjsPoolSize(30_000)).toBe(431)
    expect(qjsPoolSize(1_000_000)).toBe(64)
    for (let n = 0; n < 50_000; n += 500) expect(qjsPoolSize(n + 500)).toBeLessThanOrEqual(qjsPoolSize(n))
  })

  it('is what the generated config says, from the route table the build wrote', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'tresty-pool-'))
    try {
      mkdirSync(join(prefix, 'js'))
      writeFileSync(join(prefix, 'js/app.js'), 'export default {}')
      writeFileSync(join(prefix, 'js/app.routes.json'), JSON.stringify({ app: 0, rmethod: { values: ['GET'], at: new Array(30_000).fill(0) }, guards: [], logHooks: 0 }))
      const rt = { engine: 'qjs', command: ['nginx'], description: 'test' } as unknown as Runtime
      const conf = renderConfig(rt, { prefix, port: 1, jsDir: join(prefix, 'js'), module: 'app.js' })
      expect(conf).toContain(`js_context_reuse ${qjsPoolSize(30_000)};`)
      expect(qjsPoolSize(30_000)).toBeLessThan(512)
      expect(conf).toContain('js_context_reuse_max_size 64m;')
      expect(renderConfig({ ...rt, engine: 'njs' } as Runtime, { prefix, port: 1, jsDir: join(prefix, 'js'), module: 'app.js' })).not.toContain('js_context_reuse')
    } finally {
      rmSync(prefix, { recursive: true, force: true })
    }
  })
})
