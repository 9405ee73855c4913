/**
 * Verbs for working on tresty itself, kept out of the user's `tresty` command:
 *
 *   npm run test:matrix   →  tsx scripts/repo.ts matrix -- npx vitest run   (once per engine row)
 *   npm run bench         →  tsx scripts/repo.ts bench [options]            (bench/run.ts)
 */
import { spawnSync } from 'node:child_process'
import { findRuntime, ROWS } from '../src/node/runtime/find-nginx.ts'

const [verb, ...rest] = process.argv.slice(2)
if (verb === 'matrix') {
  const cmd = rest[0] === '--' ? rest.slice(1) : rest
  if (!cmd.length) throw new Error('usage: tsx scripts/repo.ts matrix -- <command …>')
  const failed: string[] = []
  for (const row of Object.keys(ROWS)) {
    const rt = findRuntime(row)
    console.log(`\n=== engine row ${row}: ${rt.description} ===`)
    const res = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, TRESTY_RUNTIME: row } })
    if (res.status !== 0) failed.push(row)
  }
  console.log(failed.length ? `\nmatrix: failed on ${failed.join(', ')}` : '\nmatrix: every engine row passed')
  process.exit(failed.length ? 1 : 0)
} else if (verb === 'bench') {
  await (await import('../bench/run.ts')).main(rest)
} else {
  console.error('usage: tsx scripts/repo.ts matrix -- <command …> | bench [options]')
  process.exit(1)
}
