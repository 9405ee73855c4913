/**
 * tresty's command line.
 *
 *   tresty build <app.ts> [outDir]   bundle an app into the njs module nginx loads
 *   tresty dev <app.ts>              build, then run nginx (+ the sidecar) on PORT (8080) until Ctrl-C
 *   tresty sidecar                   run the Node sidecar alone
 *   tresty runtime [row]             find or install an nginx runtime and print it
 *   tresty setup [--all-rows]        install what is missing (nginx runtime, redis-server)
 *   tresty matrix -- <cmd …>         run a command once per engine row (TRESTY_RUNTIME set)
 *   tresty bench                     run the benchmarks in bench/
 *   tresty migrate [status] [--db URL|NAME] [--dry-run] files…|dir   apply SQL migrations (docs/sql.md)
 *   tresty seed [--db URL|NAME] files…|dir                            run seed files
 *   tresty check [app.ts]            is this machine ready (nginx, njs, zones, sidecar, Redis, DBs, etcd)?
 */
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { bundle } from './build/bundle.ts'
import { uncompiledReport } from './build/compile-routes.ts'
import { findRuntime, ROWS, RuntimeError } from './runtime/nginx.ts'
import { runDev } from './dev.ts'

function fail(message: string): never {
  process.stderr.write(`tresty: ${message}\n`)
  process.exit(1)
}

async function main(argv: string[]) {
  const [command, ...rest] = argv
  switch (command) {
    case 'build': {
      if (!rest[0]) fail('usage: tresty build <app.ts> [outDir]')
      const out = await bundle(rest[0], resolve(rest[1] || 'build'))
      console.log(`tresty: built ${out.file} (${(out.bytes / 1024).toFixed(1)} KiB)`)
      if ('file' in out.routes) console.log(`tresty: route table ${out.routes.file} (${out.routes.count} routes; njs engine: js_preload_object ${out.routes.global} from ${out.routes.file};)`)
      else console.log(`tresty: no route table (${out.routes.skipped}); the app still works, at a higher cost per request on the njs engine`)
      if (out.uncompiled.length) console.log(uncompiledReport(out.uncompiled, process.cwd()))
      return
    }
    case 'dev':
      if (!rest[0]) fail('usage: tresty dev <app.ts>')
      return runDev({ app: rest[0], port: Number(process.env.PORT) || 8080 })
    case 'sidecar': {
      const { main: sidecarMain } = await import('./sidecar/main.ts')
      return sidecarMain()
    }
    case 'runtime': {
      const rt = findRuntime(rest[0])
      console.log(`${rt.row}: ${rt.description}\n  ${rt.command.join(' ')}`)
      return
    }
    case 'setup': {
      const { ensureSystem } = await import('./runtime/system.ts')
      ensureSystem(rest.includes('--all-rows') ? Object.keys(ROWS) : [])
      return
    }
    case 'matrix': {
      const cmd = rest[0] === '--' ? rest.slice(1) : rest
      if (!cmd.length) fail('usage: tresty matrix -- <command …>')
      const failed: string[] = []
      for (const row of Object.keys(ROWS)) {
        const rt = findRuntime(row)
        console.log(`\n=== engine row ${row}: ${rt.description} ===`)
        const res = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, TRESTY_RUNTIME: row } })
        if (res.status !== 0) failed.push(row)
      }
      console.log(failed.length ? `\nmatrix: failed on ${failed.join(', ')}` : '\nmatrix: every engine row passed')
      process.exit(failed.length ? 1 : 0)
    }
    case 'migrate':
    case 'seed': {
      const { sqlCli } = await import('./sql/cli.ts')
      process.exitCode = await sqlCli(command, rest)
      return
    }
    case 'check': return (await import('./check/index.ts')).main(rest)
    case 'bench': {
      const { main: benchMain } = await import('../../bench/run.ts')
      return benchMain(rest)
    }
    default:
      fail(`usage: tresty build|dev|sidecar|runtime|matrix|bench|migrate|seed … (got "${command ?? ''}")`)
  }
}

main(process.argv.slice(2)).catch((e) => {
  if (e instanceof RuntimeError) fail(e.message)
  console.error(e)
  process.exit(1)
})
