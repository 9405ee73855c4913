/**
 * Turns a user's TypeScript app into one ES module that nginx loads with `js_import`.
 *
 * rollup resolves imports (`tresty` points at src/njs), Babel strips the types and lowers
 * what the njs engine lacks (class, destructuring, spread, default params, for…of, `?.`).
 * The same output runs on the QuickJS engine, which accepts the lowered code as it is.
 */
import { rollup, type Plugin } from 'rollup'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import { babel } from '@rollup/plugin-babel'
import { fileURLToPath } from 'node:url'
import { dirname, resolve, basename } from 'node:path'
import { mkdir, writeFile } from 'node:fs/promises'

const here = dirname(fileURLToPath(import.meta.url))
export const njsRoot = resolve(here, '../../njs')

/** nginx's own modules are provided by njs at run time, never bundled. */
const NJS_BUILTINS = ['crypto', 'fs', 'querystring', 'zlib', 'xml', 'buffer']

function aliasTresty(): Plugin {
  return {
    name: 'tresty-alias',
    resolveId(source) {
      if (source === 'tresty') return resolve(njsRoot, 'index.ts')
      if (source.startsWith('tresty/')) return resolve(njsRoot, source.slice(7) + '.ts')
      return null
    },
  }
}

export interface BundleResult { file: string; bytes: number }

export async function bundle(entry: string, outDir: string): Promise<BundleResult> {
  const build = await rollup({
    input: resolve(entry),
    external: NJS_BUILTINS,
    treeshake: { moduleSideEffects: true },
    plugins: [
      aliasTresty(),
      nodeResolve({ extensions: ['.ts', '.js'] }),
      babel({
        babelHelpers: 'bundled',
        extensions: ['.ts', '.js'],
        babelrc: false,
        configFile: false,
        presets: [['@babel/preset-typescript', { onlyRemoveTypeImports: false }], 'babel-preset-njs'],
        plugins: ['@babel/plugin-transform-class-properties'],
      }),
    ],
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY') return
      warn(warning)
    },
  })
  const name = basename(entry).replace(/\.[cm]?[tj]s$/, '') + '.js'
  const { output } = await build.generate({ format: 'es', exports: 'auto' })
  await build.close()
  const code = output[0].code
  await mkdir(outDir, { recursive: true })
  const file = resolve(outDir, name)
  await writeFile(file, code)
  return { file, bytes: Buffer.byteLength(code) }
}
