/** Sidecar configuration: defaults < config file < environment < explicit overrides. */
import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_REDIS_COMMANDS, loadConfig } from '../../src/node/sidecar/sidecar-config.ts'

function configFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'tresty-config-'))
  const file = join(dir, 'tresty.config.json')
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
  return file
}

describe('sidecar config', () => {
  it('has working defaults with no file and no environment', () => {
    const c = loadConfig({ env: {}, file: '/nonexistent/tresty.config.json' })
    expect(c).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', payloadLimit: 1048576, workers: 1, concurrency: 4, queue: 'tresty-tasks' })
    expect(c.socket).toMatch(/tresty-sidecar\.sock$/)
    expect(c.port).toBeUndefined()
    // TCP, when configured, is loopback only: nothing off the host reaches the sidecar.
    expect(c.host).toBe('127.0.0.1')
    expect(c.redisCommands).toEqual(DEFAULT_REDIS_COMMANDS)
    expect(c.redisCommands).not.toContain('FLUSHALL')
  })

  it('reads the file’s sidecar section; a relative tasks module is relative to the file', () => {
    const file = configFile({ sidecar: { redisUrl: 'redis://file:1', tasksModule: './tasks.ts', concurrency: 2 } })
    const c = loadConfig({ env: {}, file })
    expect(c.redisUrl).toBe('redis://file:1')
    expect(c.tasksModule).toBe(join(file, '..', 'tasks.ts'))
    expect(c.concurrency).toBe(2)
  })

  it('environment beats the file; overrides beat both', () => {
    const file = configFile({ sidecar: { redisUrl: 'redis://file:1', payloadLimit: 10 } })
    const env = {
      TRESTY_REDIS_URL: 'redis://env:2', TRESTY_SIDECAR_PORT: '7001', MONGO_URL: 'mongodb://m/db',
      TRESTY_REDIS_COMMANDS: 'get, set,incr', TRESTY_TASK_WORKERS: '3', TRESTY_SIDECAR_SOCKET_MODE: '660',
    }
    const c = loadConfig({ env, file, overrides: { workers: 0, port: undefined } })
    expect(c).toMatchObject({ redisUrl: 'redis://env:2', port: 7001, mongoUrl: 'mongodb://m/db', payloadLimit: 10, workers: 0, socketMode: 0o660 })
    expect(c.redisCommands).toEqual(['GET', 'SET', 'INCR'])
    expect(loadConfig({ env: { ...env, TRESTY_MONGO_URL: 'mongodb://t/x' }, file }).mongoUrl).toBe('mongodb://t/x')
    // A port alone means TCP only; a socket and a port mean both.
    expect(c.socket).toBeUndefined()
    expect(loadConfig({ env: { ...env, TRESTY_SIDECAR_SOCKET: '/run/s.sock' }, file }).socket).toBe('/run/s.sock')
  })

  it('TRESTY_CONFIG names the file', () => {
    const file = configFile({ sidecar: { queue: 'from-file' } })
    expect(loadConfig({ env: { TRESTY_CONFIG: file } }).queue).toBe('from-file')
  })

  it('refuses bad values with a clear message', () => {
    expect(() => loadConfig({ env: { TRESTY_SIDECAR_PAYLOAD_LIMIT: '0' }, file: '/none' })).toThrow(/payloadLimit must be a positive integer/)
    expect(() => loadConfig({ env: { TRESTY_SIDECAR_PORT: '70000' }, file: '/none' })).toThrow(/bad port/)
    expect(() => loadConfig({ env: { TRESTY_NGINX_URL: 'http://127.0.0.1:8080' }, file: '/none' })).toThrow(/needs a secret/)
    expect(() => loadConfig({ env: {}, file: configFile('{ nope') })).toThrow(/tresty\.config\.json/)
  })
})
