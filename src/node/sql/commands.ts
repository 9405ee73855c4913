/**
 * `tresty migrate [--db URL|NAME] [--dry-run] files…|dir`
 * `tresty migrate status [--db URL|NAME] files…|dir`
 * `tresty seed [--db URL|NAME] files…|dir`
 *
 * The database: `--db` (a postgres:// or mysql:// URL, or a name configured as TRESTY_SQL_<NAME>),
 * else TRESTY_SQL_DEFAULT, else DATABASE_URL.
 */
import { dialectOfUrl, envName, redact } from './database-config.ts'
import { openDatabase } from './database.ts'
import { migrate, migrationStatus, seed } from './migrate.ts'

export async function sqlCli(command: 'migrate' | 'seed', argv: string[], env = process.env): Promise<number> {
  const args = [...argv]
  let dbArg: string | undefined
  let dryRun = false
  const paths: string[] = []
  while (args.length) {
    const a = args.shift()!
    if (a === '--db') dbArg = args.shift()
    else if (a.startsWith('--db=')) dbArg = a.slice(5)
    else if (a === '--dry-run') dryRun = true
    else paths.push(a)
  }
  const status = command === 'migrate' && paths[0] === 'status'
  if (status) paths.shift()
  if (!paths.length) {
    process.stderr.write(`usage: tresty ${command}${command === 'migrate' ? ' [status]' : ''} [--db URL|NAME]${command === 'migrate' ? ' [--dry-run]' : ''} files…|dir\n`)
    return 2
  }
  const url = dbArg === undefined ? env.TRESTY_SQL_DEFAULT ?? env.DATABASE_URL : dbArg.includes('://') ? dbArg : env[envName(dbArg)] ?? env[`${envName(dbArg)}_URL`]
  if (!url) {
    process.stderr.write(`tresty ${command}: no database: pass --db postgres://… (or mysql://…), or set ${dbArg ? envName(dbArg) : 'TRESTY_SQL_DEFAULT or DATABASE_URL'}\n`)
    return 2
  }
  const dialect = dialectOfUrl(url)
  if (!dialect) {
    process.stderr.write(`tresty ${command}: ${redact(url)} is neither a postgres:// nor a mysql:// URL\n`)
    return 2
  }
  const name = dbArg && !dbArg.includes('://') ? dbArg : undefined
  const db = openDatabase(dialect, name ? { name, url } : url, { env, multi: true })
  const log = (line: string) => process.stdout.write(`${line}\n`)
  try {
    if (status) {
      for (const e of await migrationStatus(db, paths)) log(`  ${e.state.padEnd(8)} ${e.name}${e.appliedAt ? `  (${e.appliedAt.toISOString()})` : ''}`)
      return 0
    }
    log(`tresty ${command}: ${redact(url)}${dryRun ? ' (dry run)' : ''}`)
    if (command === 'seed') {
      const done = await seed(db, paths, { log })
      log(`tresty seed: ${done.length} file(s) committed`)
    } else {
      const res = await migrate(db, paths, { log, dryRun })
      log(dryRun ? `tresty migrate: ${res.pending.length} to apply, ${res.skipped.length} applied already` : `tresty migrate: ${res.applied.length} applied, ${res.skipped.length} applied already`)
    }
    return 0
  } catch (err) {
    process.stderr.write(`tresty ${command}: ${(err as Error).message}\n`)
    return 1
  } finally {
    await db.close()
  }
}
