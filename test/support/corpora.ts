/**
 * The peer corpora (shared/corpora/*.json, see its README) are read only when present: CI has
 * a copy beside the clone (`../shared`), a worktree under /work/wt has it two levels up, and
 * TRESTY_CORPORA can point elsewhere. A user's checkout has none: those tests are skipped.
 */
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '../..')

export function corpusPath(name: string): string | null {
  const dirs = [process.env.TRESTY_CORPORA, resolve(root, '../shared/corpora'), resolve(root, '../../shared/corpora')]
  for (const d of dirs) if (d && existsSync(resolve(d, name))) return resolve(d, name)
  return null
}

/** The corpus's cases, or null when the file is not here. */
export function corpus<T = any>(name: string): T[] | null {
  const p = corpusPath(name)
  return p ? JSON.parse(readFileSync(p, 'utf8')).cases : null
}
