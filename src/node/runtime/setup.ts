/**
 * `tresty setup`: what the dev server and the tests need from the system, installed when
 * missing (as root, with apt-get) or named in a clear message otherwise.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { findRuntime, RuntimeError } from './find-nginx.ts'

/** Debian package → a binary that shows it is installed. */
const PACKAGES: Record<string, string> = {
  'redis-server': 'redis-server',
  debootstrap: 'debootstrap',
}

function has(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary} || test -x /usr/sbin/${binary}`], { stdio: 'ignore' }).status === 0
}

export function ensureSystem(rows: string[] = []): void {
  const missing = Object.keys(PACKAGES).filter((p) => !has(PACKAGES[p]))
  if (missing.length) {
    if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get'))
      throw new RuntimeError(`missing system packages: ${missing.join(', ')} — install them (Debian/Ubuntu: apt-get install ${missing.join(' ')})`)
    process.stderr.write(`tresty: installing ${missing.join(', ')} (apt-get) …\n`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    const res = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env })
    if (res.status !== 0) throw new RuntimeError(`apt-get install ${missing.join(' ')} failed`)
  }
  for (const row of rows.length ? rows : [undefined as unknown as string]) {
    const rt = findRuntime(row)
    process.stderr.write(`tresty: runtime ${rt.row}: ${rt.description}\n`)
  }
}
