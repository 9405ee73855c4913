/**
 * What the bench measures: a registry of targets (one nginx each) and of the comparisons
 * between them that have a target figure.
 *
 * A target is an njs module built with tresty's own build, served by `js_content app.content`
 * for every path (nginx/locations.conf), plus the request wrk sends. Benches that need more
 * (a sidecar, redis, a cache filled first, …) add a `setup` that starts it and returns the env
 * and config nginx needs. Such a bench lives in its own file under bench/extra/ that calls
 * `registerTarget` (and `registerComparison`) when imported; run.ts imports every file there.
 */
import type { Runtime } from '../src/node/runtime/find-nginx.ts'
import { literalAppFile } from './apps/make-literal-apps.mjs'

export interface BenchContext {
  row: string
  runtime: Runtime
  /** This target's nginx prefix (a temp dir, removed afterwards). */
  prefix: string
  /** The port nginx listens on. */
  port: number
  repoRoot: string
}

/** What a target's `setup` started: env and config for nginx, and how to stop it. */
export interface TargetSetup {
  env?: NodeJS.ProcessEnv
  /** Extra text inside `http {}`, inside `server {}` and at the top level of nginx.conf. */
  http?: string
  server?: string
  main?: string
  /** Runs once before the measured rounds (e.g. fill a cache). */
  warm?(url: string): Promise<void>
  stop?(): Promise<void>
}

export interface BenchTarget {
  name: string
  title: string
  /** The module nginx imports as `app`: a TypeScript entry, relative to the repo root (or absolute). */
  app: string
  /** The request wrk sends. */
  path: string
  method?: string
  body?: string
  headers?: Record<string, string>
  /** Checked once before measuring: the status (200 unless told) and, if given, the exact body. */
  expect?: { status?: number; body?: string }
  /** Engine rows it runs on (all when omitted). */
  rows?: string[]
  /** wrk connections for this target (default: --connections, 50); 1 for slow, heavy answers. */
  connections?: number
  /** Part of a plain `npm run bench` (otherwise only when named with --targets or its group). */
  core?: boolean
  /** A set run together with `--<group>` (`--breakdown`, `--cold`), with its own report. */
  group?: 'breakdown' | 'cold'
  /** Not a tresty app: leave out nginx/http.conf (whose log-phase `js_set` calls app.log). */
  notTresty?: boolean
  /** Extra nginx config; `setup` may add more. */
  http?: string
  server?: string
  setup?(ctx: BenchContext): Promise<TargetSetup>
}

/** A ratio between two targets' medians, with the figure it should stay under. */
export interface Comparison {
  name: string
  /** numerator / denominator */
  of: string
  to: string
  metric: 'cpuPerRequest' | 'rps'
  /** PASS when the ratio is ≤ max (and ≥ min, when given). */
  max?: number
  min?: number
  what: string
}

const HELLO = '{"message":"Hello, World!","id":"42"}'

export const TARGETS: BenchTarget[] = [
  {
    name: 'raw',
    title: 'raw njs JSON handler, path param',
    app: 'bench/apps/raw.ts',
    path: '/json/42',
    expect: { body: HELLO },
    notTresty: true,
    core: true,
  },
  {
    name: 'tresty',
    title: 'tresty: 100 routes, 2 middlewares, path param, JSON',
    app: 'bench/apps/routes-100.ts',
    path: '/json/42',
    expect: { body: HELLO },
    core: true,
  },
  {
    name: 'tresty-10k',
    title: 'tresty: 10,000 routes (otherwise the same)',
    // Generated at bench time (~10,000 lines): the same app as routes-100.ts, longer.
    app: literalAppFile(10000),
    path: '/json/42',
    expect: { body: HELLO },
    core: true,
  },
  {
    // Not a core target: shows what importing a second module costs a handler on the njs
    // engine (every js_import'ed module's top level runs for every request there).
    name: 'raw+import',
    title: 'raw handler, tresty 100-route app also js_import\'ed',
    app: 'bench/apps/raw.ts',
    path: '/json/42',
    expect: { body: HELLO },
    notTresty: true,
    setup: async (ctx) => {
      const { bundle } = await import('../src/node/bundler/bundle.ts')
      const { join, resolve } = await import('node:path')
      const built = await bundle(resolve(ctx.repoRoot, 'bench/apps/routes-100.ts'), join(ctx.prefix, 'js'))
      return { http: `    js_import other from ${built.file.split('/').pop()};` }
    },
  },
]

export const COMPARISONS: Comparison[] = [
  { name: 'tresty/raw', of: 'tresty', to: 'raw', metric: 'cpuPerRequest', max: 1.10,
    what: 'tresty route CPU/request ≤ 1.10× raw njs' },
  { name: '10k/100 routes', of: 'tresty-10k', to: 'tresty', metric: 'cpuPerRequest', max: 1.05,
    what: '10,000 routes within 5% of 100 routes (CPU/request)' },
]

export function registerTarget(t: BenchTarget): void {
  if (TARGETS.some((x) => x.name === t.name)) throw new Error(`bench: target "${t.name}" registered twice`)
  TARGETS.push(t)
}

export function registerComparison(c: Comparison): void {
  COMPARISONS.push(c)
}
