/**
 * Writes a complete nginx.conf for a prefix dir: every temp path, the pid and the logs stay
 * inside it, and it includes the same snippets from nginx/ that users include themselves.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Runtime } from './find-nginx.ts'
import { routeTableFile, routeTableGlobal } from '../bundler/bundle.ts'
import type { AppManifest } from '../../shared/manifest.ts'
import { clientHttpLines } from '../client/nginx.ts'
import { dictSize } from '../../shared/dict.ts'

export const snippetDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../nginx')

export interface ConfigOptions {
  prefix: string
  port: number
  /** Directory holding the bundled module(s); `module` is the file the app was built to. */
  jsDir: string
  module: string
  workers?: number
  /** Extra text inside `http {}` (before the server) and inside `server {}`. */
  http?: string
  server?: string
  /** Extra text at the top level (e.g. `env REDIS_URL;`). */
  main?: string
  accessLog?: boolean
  /** The interval of tresty/stats' `_delta` (js_periodic); default: nginx/stats.conf's 10s. */
  statsInterval?: string
  /** The tick interval of tresty/schedule's js_periodic (default 1s: the finest a job can ask for). */
  scheduleInterval?: string
  /** `listen` address (default `127.0.0.1:<port>`; `tresty start` takes TRESTY_LISTEN). */
  listen?: string
  /** Where error.log and access.log go (default `<prefix>/logs`). */
  logDir?: string
  /** Include nginx/http.conf (default). Off for a module that is not a tresty app (bench baselines). */
  appSnippets?: boolean
}

/**
 * The js_preload_object line for the app's route table, where the build wrote one. Only the
 * njs engine needs it (its per-request VMs run the module's top level every time; QuickJS
 * keeps a module's state between requests, and has no js_preload_object).
 */
export function routeTableLine(rt: Runtime, bundleFile: string): string {
  const table = routeTableFile(bundleFile)
  if (rt.engine !== 'njs' || !existsSync(table)) return ''
  return `js_preload_object ${routeTableGlobal(bundleFile)} from ${table};`
}

/**
 * The QuickJS context pool (docs/quickjs.md has the measurements). A context is busy for as
 * long as its request is pending, so the pool only matters for async routes: beyond
 * `js_context_reuse` concurrent ones (default 128 per location per worker) each extra request
 * evaluates the bundle in a fresh context and throws it away. Measured (one worker, an async
 * route, wrk -c300): 301 µs CPU per request with 128, 198 µs with 1024. 512 covers a few
 * hundred concurrent async requests per worker — for an app whose contexts are small.
 * Every pooled context holds its own copy of the app (QuickJS shares nothing between them):
 * measured with 200 pooled contexts (bench `pool-*`, 2026-12-03 night), ~0.3 MiB a context for
 * 100 routes and ~2.6 MiB for 10,000 (the route table's lists are typed arrays and one string
 * each: it was ~9.5 MiB with a value per entry); the estimate below adds ~20%.
 * The pool is sized so that it stays within QJS_POOL_BUDGET_MIB per worker (at least 64): a
 * cap for very big apps only, since each request beyond the pool pays a cold context (~4 ms
 * for 10,000 routes) — 512 up to ~25,000 routes, 431 for 30,000.
 * js_context_reuse_max_size: now and then (1 in 256) a context over it is dropped and the
 * next request pays the cold start; an app with thousands of routes is over the 4m default
 * (measured: 10,000 routes cost ~170 µs per request on average instead of ~25), 64m keeps it.
 */
const QJS_POOL_BUDGET_MIB = 4096

/** `js_context_reuse`: 512, fewer for an app whose contexts are big (its route count). */
export function qjsPoolSize(routes: number): number {
  const perContextMiB = 0.5 + routes * 0.0003
  return Math.max(64, Math.min(512, Math.floor(QJS_POOL_BUDGET_MIB / perContextMiB)))
}

function qjsReuse(routes: number): string {
  return `js_context_reuse ${qjsPoolSize(routes)};\n    js_context_reuse_max_size 64m;`
}

/** What the build recorded about the app (see bundle.ts), or null when it could not tell. */
export function appFacts(bundleFile: string): Partial<AppManifest> | null {
  const table = routeTableFile(bundleFile)
  if (!existsSync(table)) return null
  try {
    return JSON.parse(readFileSync(table, 'utf8'))
  } catch {
    return null
  }
}

function statsLocation(interval?: string): string {
  if (!interval) return `        include ${snippetDir}/stats.conf;`
  return `        location @tresty_stats { js_periodic app.statsTick interval=${interval}; }`
}

/** Whether the app registers log hooks; true when the build could not tell. */
export function usesLogHooks(bundleFile: string): boolean {
  const facts = appFacts(bundleFile)
  return !facts || facts.logHooks !== 0
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** The body of `location [=] <path> {…}` in `text`, or null when there is none. */
function locationBody(text: string, path: string): string | null {
  const m = new RegExp(`location\\s+(?:=\\s*)?"?${escapeRegExp(path)}"?\\s*\\{([^}]*)\\}`).exec(text)
  return m ? m[1] : null
}

export class GuardConfigError extends Error {}

/**
 * The locations that put the app's guards in front of its guarded paths (guard.conf), for
 * every prefix the build found. A prefix whose location the caller wrote itself (`server`)
 * is left to it, but must include guard.conf: a guard that nginx never runs is refused here,
 * at start, rather than found out by a request (the content phase refuses those too).
 */
export function guardLocations(guards: string[], server: string): { server: string; locations: string } {
  let serverLevel = ''
  const out: string[] = []
  const wired = (body: string) => /guard\.conf/.test(body) || (/auth_request\s+\/_tresty\/access/.test(body) && /\$tresty_guard_passed/.test(body))
  for (const prefix of guards) {
    if (prefix === '') {
      serverLevel = `        include ${snippetDir}/guard.conf;`
      continue
    }
    for (const path of [prefix + '/', prefix]) {
      const own = locationBody(server, path)
      if (own !== null) {
        if (!wired(own)) throw new GuardConfigError(`tresty: app.guard('${prefix}') is declared but the location ${path} in the nginx config ` +
          `does not run it: add \`include ${snippetDir}/guard.conf;\` inside it (see docs/guards.md)`)
        continue
      }
      out.push(`        location ${path === prefix ? '= ' : ''}"${path}" {\n            include ${snippetDir}/guard.conf;\n` +
        '            js_content app.content;\n            postpone_output 0;\n        }')
    }
  }
  return { server: serverLevel, locations: out.join('\n') }
}

export function renderConfig(rt: Runtime, o: ConfigOptions): string {
  const p = o.prefix
  for (const d of ['logs', 'tmp']) mkdirSync(join(p, d), { recursive: true })
  if (o.logDir) mkdirSync(o.logDir, { recursive: true })
  const kinds = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
  // Started as root, nginx's workers run as nobody: they must reach the prefix (sockets)
  // and write the temp dirs (bodies larger than client_body_buffer_size).
  chmodSync(p, 0o755)
  for (const t of kinds) {
    mkdirSync(join(p, 'tmp', t), { recursive: true })
    chmodSync(join(p, 'tmp', t), 0o1777)
  }
  const facts = o.appSnippets === false ? null : appFacts(resolve(o.jsDir, o.module))
  const logHooks = o.appSnippets !== false && usesLogHooks(resolve(o.jsDir, o.module))
  const guarded = guardLocations(facts && facts.guards ? facts.guards : [], o.server ?? '')
  const temps = kinds.map((t) => `    ${t}_temp_path ${p}/tmp/${t};`).join('\n')
  return `# generated by tresty for ${rt.description}
${rt.jsModule ? `load_module ${rt.jsModule};` : ''}
daemon off;
master_process on;
worker_processes ${o.workers ?? 1};
pid ${p}/nginx.pid;
error_log ${o.logDir ?? `${p}/logs`}/error.log info;
${o.main ?? ''}
events { worker_connections 4096; }

http {
${temps}
    default_type application/octet-stream;
    server_tokens off;
    keepalive_requests 100000;
${rt.engine === 'qjs' ? `    js_engine qjs;
    ${qjsReuse(facts && facts.rmethod ? dictSize(facts.rmethod) : 0)}` : ''}
    js_path ${o.jsDir};
    js_import app from ${o.module};
    ${routeTableLine(rt, resolve(o.jsDir, o.module))}
${o.appSnippets === false ? '' : `    include ${snippetDir}/http.conf;
    include ${snippetDir}/body-limits.conf;`}
${o.appSnippets === false ? '' : clientHttpLines(rt)}
${logHooks ? `    include ${snippetDir}/log-hooks.conf;` : ''}
${o.accessLog ? `    access_log ${o.logDir ?? `${p}/logs`}/access.log tresty;` : ''}
${!o.accessLog && !logHooks ? '    access_log off;' : ''}
${o.http ?? ''}
    server {
        listen ${o.listen ?? `127.0.0.1:${o.port}`};
        include ${snippetDir}/locations.conf;
${guarded.server}
${guarded.locations}
${o.appSnippets === false ? '' : `        include ${snippetDir}/config-sync.conf;`}
${facts && facts.statsTick ? statsLocation(o.statsInterval) : ''}
${facts && facts.schedules && facts.schedules.length ? `        location @tresty_schedule { js_periodic app.scheduleTick interval=${o.scheduleInterval ?? '1s'}; }` : ''}
${o.server ?? ''}
    }
}
`
}

export function writeConfig(rt: Runtime, o: ConfigOptions): string {
  const file = join(o.prefix, 'nginx.conf')
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, renderConfig(rt, o))
  return file
}
