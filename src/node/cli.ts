/**
 * tresty's command line (`tresty --help`, `tresty <command> --help`; docs/cli.md).
 *
 * Every command imports what it needs when it runs: `tresty sidecar` in a production
 * install (`npm install --omit=dev`) never loads rollup or Babel. Verbs for working on
 * tresty itself (bench, the engine matrix) live in scripts/repo.ts, not here.
 */
import { resolve } from 'node:path'

interface Command {
  usage: string
  summary: string
  /** Longer help: options and what the command does. */
  help: string
  run(args: string[]): Promise<void> | void
}

function fail(message: string): never {
  process.stderr.write(`tresty: ${message}\n`)
  process.exit(1)
}

/** The value after `--name`, or undefined; removes both from args. */
function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  if (i < 0) return undefined
  const value = args[i + 1]
  if (value === undefined || value.startsWith('--')) fail(`${name} needs a value`)
  args.splice(i, 2)
  return value
}

/** `tresty migrate` / `tresty seed`: src/node/sql/commands.ts parses their options. */
function sqlCommand(verb: 'migrate' | 'seed', options: string, summary: string): Command {
  return {
    usage: `tresty ${verb} ${options}`,
    summary,
    help: 'See docs/sql.md.',
    async run(args) {
      const { sqlCli } = await import('./sql/commands.ts')
      process.exitCode = await sqlCli(verb, args)
    },
  }
}

const COMMANDS: Record<string, Command> = {
  init: {
    usage: 'tresty init [dir] [--tresty SPEC]',
    summary: 'start a new app in dir (default: the current directory)',
    help: `Writes package.json (depending on tresty), tsconfig.json, app.ts, tasks.ts,
test/app.test.ts and nginx.conf, and refuses to overwrite any existing file.
  --tresty SPEC   the version spec of the tresty dependency (default: this tresty's version,
                  e.g. "^0.1.0"; a path or file: URL for a local tarball or checkout)
Then: cd dir && npm install && npm test && npx tresty dev`,
    async run(args) {
      const spec = option(args, '--tresty')
      const { init } = await import('./init/index.ts')
      await init(resolve(args[0] || '.'), { trestySpec: spec })
    },
  },
  build: {
    usage: 'tresty build <app.ts> [outDir]',
    summary: 'bundle an app into the njs module nginx loads (default outDir: build)',
    help: `Bundles app.ts (and what it imports, tresty's njs parts included) into outDir/app.js,
lowered for the njs engine, and writes outDir/app.routes.json (the route table nginx preloads).`,
    async run(args) {
      if (!args[0]) fail('usage: tresty build <app.ts> [outDir]')
      const { bundle } = await import('./bundler/bundle.ts')
      const { uncompiledReport } = await import('./bundler/compile-routes.ts')
      const out = await bundle(args[0], resolve(args[1] || 'build'))
      console.log(`tresty: built ${out.file} (${(out.bytes / 1024).toFixed(1)} KiB)`)
      if ('file' in out.routes) console.log(`tresty: route table ${out.routes.file} (${out.routes.count} routes; njs engine: js_preload_object ${out.routes.global} from ${out.routes.file};)`)
      else console.log(`tresty: no route table (${out.routes.skipped}); the app still works, at a higher cost per request on the njs engine`)
      if (out.uncompiled.length) console.log(uncompiledReport(out.uncompiled, process.cwd()))
    },
  },
  dev: {
    usage: 'tresty dev <app.ts> [--no-watch]',
    summary: 'build, run nginx (+ the sidecar, + a Redis of its own) on PORT (8080), rebuild on save',
    help: `Builds the app into .tresty/js, starts a redis-server under .tresty/redis unless
TRESTY_REDIS_URL is set, the sidecar (with tasks.ts beside the app, if any) and nginx on
127.0.0.1:PORT (default 8080). On every save under the app's directory it rebuilds and reloads
nginx gracefully (no request dropped); a build error is printed and the last good build keeps
serving. Logs: .tresty/logs. Ctrl-C stops everything.`,
    async run(args) {
      if (!args[0]) fail('usage: tresty dev <app.ts> [--no-watch]')
      const { runDev } = await import('./dev.ts')
      await runDev({ app: args[0], port: Number(process.env.PORT) || 8080, watch: !args.includes('--no-watch') })
    },
  },
  start: {
    usage: 'tresty start <app.ts>',
    summary: 'run the app in production: build, nginx + the sidecar, config from the environment',
    help: `Like dev without a Redis of its own (TRESTY_REDIS_URL is required) and without watching.
  PORT (8080), TRESTY_LISTEN (0.0.0.0:PORT), TRESTY_WORKERS (CPU count), TRESTY_PREFIX (.tresty:
  config, bundle, socket), TRESTY_LOG_DIR (<prefix>/logs: nginx's error.log and access.log; the
  sidecar logs to stdout/stderr), TRESTY_SIDECAR_SECRET (random when unset) and the sidecar's
  variables. SIGTERM stops everything. Under systemd: tresty service.`,
    async run(args) {
      if (!args[0]) fail('usage: tresty start <app.ts>')
      const { runStart } = await import('./start.ts')
      await runStart(args[0])
    },
  },
  service: {
    usage: 'tresty service <app.ts> [--name NAME] [--user USER] [--env KEY=VALUE …] [--out FILE]',
    summary: 'write a systemd unit that runs tresty start for the app',
    help: `Prints the unit (or writes it to --out). It sets TRESTY_PREFIX=/var/lib/NAME and
TRESTY_LOG_DIR=/var/log/NAME, reads /etc/NAME.env, restarts on failure. See docs/cli.md.`,
    async run(args) {
      const name = option(args, '--name')
      const user = option(args, '--user')
      const out = option(args, '--out')
      const env: string[] = []
      for (let e = option(args, '--env'); e !== undefined; e = option(args, '--env')) env.push(e)
      if (!args[0]) fail('usage: tresty service <app.ts> [--name NAME] [--user USER] [--env KEY=VALUE …] [--out FILE]')
      const { systemdUnit } = await import('./service.ts')
      const unit = systemdUnit({ app: args[0], name, user, env })
      if (!out) return void process.stdout.write(unit)
      const { writeFileSync } = await import('node:fs')
      writeFileSync(out, unit)
      console.log(`tresty: wrote ${out}`)
    },
  },
  sidecar: {
    usage: 'tresty sidecar',
    summary: 'run the Node sidecar alone (configured from TRESTY_* variables)',
    help: `Runs the sidecar (task workers, Redis, MongoDB, SQL, etcd paths) on the unix socket
TRESTY_SIDECAR_SOCKET. See src/node/sidecar/README.md for every variable.`,
    async run() {
      const { main } = await import('./sidecar/main.ts')
      await main()
    },
  },
  runtime: {
    usage: 'tresty runtime [row]',
    summary: 'find (or install) an nginx runtime and print it',
    help: `Order: TRESTY_NGINX, a system nginx with njs ≥ 0.8, a Debian root under
~/.cache/tresty/roots. Rows: njs-0.8, njs-1.0, qjs-1.0.`,
    async run(args) {
      const { findRuntime } = await import('./runtime/find-nginx.ts')
      const rt = findRuntime(args[0])
      console.log(`${rt.row}: ${rt.description}\n  ${rt.command.join(' ')}`)
    },
  },
  setup: {
    usage: 'tresty setup [--all-rows]',
    summary: 'install what is missing (an nginx runtime, redis-server)',
    help: 'With --all-rows, every engine row (njs-0.8, njs-1.0, qjs-1.0) instead of the default one.',
    async run(args) {
      const { ensureSystem } = await import('./runtime/setup.ts')
      const { ROWS } = await import('./runtime/find-nginx.ts')
      ensureSystem(args.includes('--all-rows') ? Object.keys(ROWS) : [])
    },
  },
  migrate: sqlCommand('migrate', '[status] [--db URL|NAME] [--dry-run] files…|dir', 'apply SQL migrations (docs/sql.md)'),
  seed: sqlCommand('seed', '[--db URL|NAME] files…|dir', 'run SQL seed files (docs/sql.md)'),
  check: {
    usage: 'tresty check [app.ts]',
    summary: 'is this machine ready (nginx, njs, zones, sidecar, Redis, DBs, etcd)?',
    help: 'Prints one line per check; exits 1 when one fails.',
    async run(args) {
      await (await import('./check/index.ts')).main(args)
    },
  },
}

function usage(): string {
  const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.split(' [')[0].length))
  return [
    'usage: tresty <command> [options]   (tresty <command> --help for more)',
    '',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage.split(' [')[0].split(' <')[0].padEnd(width)}  ${c.summary}`),
    '',
    'docs: docs/cli.md',
  ].join('\n')
}

async function main(argv: string[]) {
  const [name, ...args] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS[args[0]] : undefined
    console.log(topic ? `usage: ${topic.usage}\n\n${topic.summary}.\n${topic.help}` : usage())
    return
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!command) fail(`unknown command "${name}"\n\n${usage()}`)
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`usage: ${command.usage}\n\n${command.summary}.\n${command.help}`)
    return
  }
  await command.run(args)
}

main(process.argv.slice(2)).catch((e) => {
  if (e?.name === 'RuntimeError' || e?.constructor?.name === 'RuntimeError') fail(e.message)
  console.error(e)
  process.exit(1)
})
