/**
 * Turns a user's TypeScript app into one ES module that nginx loads with `js_import`.
 *
 * rollup resolves imports (`tresty` points at src/njs), Babel strips the types and lowers
 * what the njs engine lacks (class, destructuring, spread, default params, for…of, `?.`).
 * The same output runs on the QuickJS engine, which accepts the lowered code as it is.
 *
 * Beside `app.js` it writes `app.routes.json`, the app's route tree: on the njs engine a
 * module's top level runs again for every request, so nginx preloads that tree once
 * (`js_preload_object tresty_routes_app from app.routes.json;`, which config.ts writes) and
 * declaring a route at run time only records its handlers. The same table is also embedded
 * in the bundle as one JSON string (embed-table.ts) for QuickJS, which has no preload.
 */
import { rollup, type Plugin } from 'rollup'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import { babel } from '@rollup/plugin-babel'
import { fileURLToPath } from 'node:url'
import { dirname, resolve, basename } from 'node:path'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { runInNewContext } from 'node:vm'
import { createRequire } from 'node:module'
import { withKeyedLookups, type AppManifest } from '../../shared/manifest.ts'
import { jsxPlugin, SOURCE_EXTENSIONS } from './jsx.ts'
import { busEvents } from './bus-events.ts'
import { appConfigPlugin } from './app-config.ts'
import { routeCompiler, type Uncompiled } from './compile-routes.ts'
import { embedRouteTable } from './embed-table.ts'
import { dictSize } from '../../shared/dict.ts'

const here = dirname(fileURLToPath(import.meta.url))
/** Babel presets and plugins come from tresty's own dependencies, not the app's directory. */
const babelModule = createRequire(import.meta.url).resolve
export const njsRoot = resolve(here, '../../njs')

/** nginx's own modules are provided by njs at run time, never bundled. */
const NJS_BUILTINS = ['crypto', 'fs', 'querystring', 'zlib', 'xml', 'buffer']

function aliasTresty(): Plugin {
  return {
    name: 'tresty-alias',
    resolveId(source) {
      if (source === 'tresty') return resolve(njsRoot, 'index.ts')
      if (source.startsWith('tresty/')) {
        // `tresty/<part>` is src/njs/<part>/index.ts, or src/njs/<part>.ts for a one-file part
        // (helper/cookie, html/elements), as package.json's `exports` map them.
        const index = resolve(njsRoot, source.slice(7), 'index.ts')
        return existsSync(index) ? index : resolve(njsRoot, source.slice(7) + '.ts')
      }
      return null
    },
  }
}

export interface BundleResult {
  file: string
  bytes: number
  /** The app's route table (written beside the bundle), or why there is none. */
  routes: { file: string; global: string; count: number } | { skipped: string }
  /** Route declarations the build could not compile (bundler/compile-routes.ts), and why. */
  uncompiled: Uncompiled[]
}

/** The route table of `app.js` is `app.routes.json`, preloaded as the global `tresty_routes_app`. */
export function routeTableFile(bundleFile: string): string {
  return bundleFile.replace(/\.js$/, '') + '.routes.json'
}

export function routeTableGlobal(bundleFile: string): string {
  return 'tresty_routes_' + basename(bundleFile).replace(/\.js$/, '').replace(/\W/g, '_')
}

/** Puts the route table's global name where src/njs/app.ts looks for it. */
function tableName(global: string): Plugin {
  return {
    name: 'tresty-route-table-name',
    renderChunk(code) {
      return { code: code.replace(/\b__TRESTY_ROUTE_TABLE__\b/g, JSON.stringify(global)), map: null }
    },
  }
}

/**
 * Runs the app's module once in Node (a CommonJS rendering of the same bundle, in a fresh
 * context where nginx's objects and modules are absent) and returns the route table of the
 * app it exports by default. Declaring routes needs nothing from nginx, so this works for
 * apps whose top level only builds the app; anything else (top-level use of ngx, njs
 * modules, …) leaves the app without a table, which costs speed on the njs engine only.
 */
function extractRouteTable(cjs: string): { table: AppManifest } | { skipped: string } {
  const unavailable = new Proxy({}, {
    get: (_t, prop) => prop === '__esModule' ? false : () => { throw new Error(`njs module used at load time (${String(prop)})`) },
    has: () => false,
  })
  const mod: { exports: any } = { exports: {} }
  try {
    runInNewContext(cjs, {
      module: mod, exports: mod.exports, require: () => unavailable,
      console: { log() {}, info() {}, warn() {}, error() {}, debug() {} },
      process: { env: {} },
      setTimeout() { return 0 }, clearTimeout() {}, Buffer, TextEncoder, TextDecoder,
    }, { timeout: 10_000, filename: 'app (route table extraction)' })
  } catch (e) {
    return { skipped: `the module's top level failed outside nginx: ${(e as Error)?.message ?? e}` }
  }
  const exp = mod.exports
  const a = exp && typeof exp._manifest === 'function' ? exp : exp && exp.default
  if (!a || typeof a._manifest !== 'function') return { skipped: 'the module does not export a tresty app by default' }
  try {
    // What the generated nginx.conf must provide besides the routes: the interval location
    // for tresty/stats (js_periodic app.statsTick) only when the app has that entry point.
    const manifest: AppManifest = a._manifest()
    // tresty/schedule: the jobs behind app.scheduleTick (the config adds its js_periodic location).
    if (typeof a.scheduleTick === 'function' && typeof a._schedules === 'function') manifest.schedules = a._schedules()
    return { table: asJson(manifest) }
  } catch (e) {
    return { skipped: `the app's routes do not build: ${(e as Error)?.message ?? e}` }
  }
}

/**
 * The manifest as plain JSON data. An app built from a bundle that embeds its table (a built
 * bundle bundled again, as bench/extra/cold-ab.ts does) routes on typed arrays, which
 * JSON.stringify would write as objects.
 */
function asJson(m: AppManifest): AppManifest {
  return JSON.parse(JSON.stringify(m, (_k, v) => ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v))
}

export async function bundle(entry: string, outDir: string): Promise<BundleResult> {
  const name = basename(entry).replace(/\.[cm]?[tj]sx?$/, '') + '.js'
  const file = resolve(outDir, name)
  const global = routeTableGlobal(file)
  const compiler = routeCompiler()
  const build = await rollup({
    input: resolve(entry),
    external: NJS_BUILTINS,
    treeshake: { moduleSideEffects: true },
    plugins: [
      aliasTresty(),
      busEvents(),
      appConfigPlugin(),
      tableName(global),
      nodeResolve({ extensions: SOURCE_EXTENSIONS }),
      babel({
        babelHelpers: 'bundled',
        extensions: SOURCE_EXTENSIONS,
        babelrc: false,
        configFile: false,
        presets: [[babelModule('@babel/preset-typescript'), { onlyRemoveTypeImports: false }], babelModule('babel-preset-njs')],
        plugins: [babelModule('@babel/plugin-transform-class-properties'), jsxPlugin(babelModule), ...compiler.plugins],
      }),
    ],
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY') return
      warn(warning)
    },
  })
  const { output } = await build.generate({ format: 'es', exports: 'auto' })
  const { output: cjs } = await build.generate({ format: 'cjs', exports: 'auto' })
  await build.close()
  let code = output[0].code
  await mkdir(outDir, { recursive: true })
  const tableFile = routeTableFile(file)
  const extracted = extractRouteTable(cjs[0].code)
  let routes: BundleResult['routes']
  if ('table' in extracted) {
    // The njs engine preloads this file: keyed lookups there cost nothing to parse (manifest.ts).
    await writeFile(tableFile, JSON.stringify(withKeyedLookups(extracted.table)))
    routes = { file: tableFile, global, count: dictSize(extracted.table.rmethod) }
    // QuickJS has no js_preload_object: the bundle carries the same table (embed-table.ts).
    code = embedRouteTable(code, extracted.table)
  } else {
    await rm(tableFile, { force: true })
    routes = { skipped: extracted.skipped }
  }
  await writeFile(file, code)
  return { file, bytes: Buffer.byteLength(code), routes, uncompiled: compiler.uncompiled }
}
