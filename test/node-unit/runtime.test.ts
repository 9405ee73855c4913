/** Runtime selection: old njs is refused with a message that says what to install. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkRuntime, findRuntime, RuntimeError, type Runtime } from '../../src/node/runtime/find-nginx.ts'

const dir = mkdtempSync(join(tmpdir(), 'tresty-fake-nginx-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** An "nginx" whose `-t` answers like Debian 12's (njs 0.7.9) does for js_shared_dict_zone. */
function fakeNginx(stderr: string, status: number): Runtime {
  const bin = join(dir, `nginx-${status}-${stderr.length}`)
  writeFileSync(bin, `#!/bin/sh\necho '${stderr}' >&2\nexit ${status}\n`)
  chmodSync(bin, 0o755)
  return { row: 'custom', command: [bin], jsModule: null, engine: 'njs', description: bin }
}

describe('checkRuntime', () => {
  it('refuses an njs without js_shared_dict_zone (older than 0.8)', () => {
    const old = fakeNginx('nginx: [emerg] unknown directive "js_shared_dict_zone" in /x/nginx.conf:5', 1)
    expect(() => checkRuntime(old)).toThrow(RuntimeError)
    expect(() => checkRuntime(old)).toThrow(/older than 0\.8.*js_shared_dict_zone/)
  })
  it('says so when the js module is not loaded at all', () => {
    const bare = fakeNginx('nginx: [emerg] unknown directive "js_path" in /x/nginx.conf:5', 1)
    expect(() => checkRuntime(bare)).toThrow(/TRESTY_NJS_MODULE/)
  })
  it('accepts a runtime whose nginx -t passes', () => {
    const ok = fakeNginx('nginx: configuration file test is successful', 0)
    expect(checkRuntime(ok)).toBe(ok)
  })
})

describe('findRuntime', () => {
  it('names the rows when asked for an unknown one', () => {
    expect(() => findRuntime('njs-0.1')).toThrow(/unknown runtime row "njs-0.1" \(rows: njs-0.8, njs-1.0, qjs-1.0, system\)/)
  })
  it('finds a real nginx that passes the check for the default row', () => {
    const rt = findRuntime()
    expect(checkRuntime(rt)).toBe(rt)
  })
})
