/**
 * The app config on the Node side (sidecar, tasks, CLI): the same file and merge the build
 * uses, with secrets read from this process's environment.
 *
 *   import { loadAppConfig } from 'tresty/node'
 *   const cfg = await loadAppConfig<typeof import('./app.config.ts').default.defaults>('examples/app.ts')
 */
import { existsSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { resolveSecrets, selectEnvironment, type ConfigDefinition, type Resolved } from '../../shared/app-config.ts'

/** TRESTY_APP_CONFIG, else `<entry>.config.ts` beside the app's entry (app.ts → app.config.ts); null when there is none. */
export function findConfigFile(entry: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.TRESTY_APP_CONFIG) return resolve(env.TRESTY_APP_CONFIG)
  const base = basename(entry).replace(/\.[cm]?[tj]s$/, '')
  for (const ext of ['.config.ts', '.config.js', '.config.mjs']) {
    const file = join(dirname(resolve(entry)), base + ext)
    if (existsSync(file)) return file
  }
  return null
}

export function environmentName(env: NodeJS.ProcessEnv = process.env): string {
  return env.TRESTY_ENV || 'development'
}

/** The definition a config file exports by default. */
export async function loadDefinition(file: string): Promise<ConfigDefinition<unknown>> {
  const mod = await import(pathToFileURL(file).href)
  const def = mod.default ?? mod
  if (!def || typeof def !== 'object' || !('defaults' in def)) throw new Error(`${file}: export default defineConfig({ defaults, … })`)
  return def
}

/** The merged config for TRESTY_ENV with secrets from the environment (without secrets: `resolve: false`). */
export async function loadAppConfig<T = any>(entry: string, o: { env?: NodeJS.ProcessEnv } = {}): Promise<Resolved<T>> {
  const env = o.env ?? process.env
  const file = findConfigFile(entry, env)
  if (!file) return {} as Resolved<T>
  const selected = selectEnvironment(await loadDefinition(file) as ConfigDefinition<T>, environmentName(env))
  return resolveSecrets(selected, env)
}
