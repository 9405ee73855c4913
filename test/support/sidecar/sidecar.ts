/** A sidecar for one test: its own socket in a temp dir, the given Redis. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SidecarConfig } from '../../../src/node/sidecar/sidecar-config.ts'
import { startSidecar, type RunningSidecar } from '../../../src/node/sidecar/sidecar.ts'
import { TEST_SECRET } from './client.ts'

export async function startTestSidecar(overrides: Partial<SidecarConfig>): Promise<RunningSidecar> {
  const dir = mkdtempSync(join(tmpdir(), 'tresty-sidecar-'))
  // nginx workers (nobody when nginx starts as root) must be able to reach the socket inside.
  chmodSync(dir, 0o755)
  // No config file from the working directory: tests state everything they rely on.
  const sidecar = await startSidecar({ socket: join(dir, 'sidecar.sock'), secret: TEST_SECRET, ...overrides }, { file: join(dir, 'none.json') })
  return {
    ...sidecar,
    get tasks() { return sidecar.tasks },
    async stop() {
      await sidecar.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
