/**
 * Typed app configuration per environment (Lapis's config, Oresty's per-environment files):
 * `defaults`, then the section of the environment TRESTY_ENV names (development, test,
 * production) merged over them. Secrets are never values in the file: `secret('NAME')` stands
 * for the environment variable NAME, read at run time (in nginx: `env NAME;` in the main context).
 *
 *   // examples/app.config.ts — beside examples/app.ts
 *   import { defineConfig, secret } from 'tresty/app-config'
 *   export default defineConfig({
 *     defaults: { notesUrl: 'http://127.0.0.1:9000', pageSize: 20, db: { password: secret('DB_PASSWORD') } },
 *     production: { pageSize: 50 },
 *   })
 *
 * Nothing here may need what the njs engine lacks: both sides compile against it.
 */

export const ENVIRONMENTS = ['development', 'test', 'production'] as const
export type Environment = (typeof ENVIRONMENTS)[number]

/** The marker a secret leaves in the config (and in the bundle): a name, never a value. */
export interface SecretRef {
  $secret: string
}

export type DeepPartial<T> = T extends SecretRef ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T

/** What reading the config gives: every secret replaced by its value (undefined when unset). */
export type Resolved<T> = T extends SecretRef ? string | undefined : T extends (infer U)[] ? Resolved<U>[] : T extends object ? { [K in keyof T]: Resolved<T[K]> } : T

export interface ConfigDefinition<T> {
  defaults: T
  development?: DeepPartial<T>
  test?: DeepPartial<T>
  production?: DeepPartial<T>
}

export function defineConfig<T>(c: ConfigDefinition<T>): ConfigDefinition<T> {
  return c
}

export function secret(name: string): SecretRef {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`secret(): not an environment variable name: ${JSON.stringify(name)}`)
  return { $secret: name }
}

export function isSecret(v: unknown): v is SecretRef {
  return !!v && typeof v === 'object' && typeof (v as SecretRef).$secret === 'string'
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !isSecret(v)
}

/** `over` merged into `base`: objects key by key, anything else (arrays, secrets) replaced. */
export function mergeConfig(base: unknown, over: unknown): unknown {
  if (over === undefined) return base
  if (!isPlainObject(base) || !isPlainObject(over)) return over
  const out: Record<string, unknown> = {}
  const keys = Object.keys(base)
  for (let i = 0; i < keys.length; i++) out[keys[i]] = base[keys[i]]
  const more = Object.keys(over)
  for (let i = 0; i < more.length; i++) out[more[i]] = mergeConfig(base[more[i]], over[more[i]])
  return out
}

/** The defaults with `env`'s section over them; an unknown environment is an error. */
export function selectEnvironment<T>(def: ConfigDefinition<T>, env: string): T {
  if ((ENVIRONMENTS as readonly string[]).indexOf(env) === -1) throw new Error(`TRESTY_ENV must be one of ${ENVIRONMENTS.join(', ')}; got ${JSON.stringify(env)}`)
  if (!def || typeof def !== 'object' || !('defaults' in def)) throw new Error('the app config must be defineConfig({ defaults, development?, test?, production? })')
  return mergeConfig(def.defaults, (def as any)[env]) as T
}

/** Replaces every secret marker with `env[name]`. */
export function resolveSecrets<T>(v: T, env: Record<string, string | undefined>): Resolved<T> {
  if (isSecret(v)) return env[v.$secret] as Resolved<T>
  if (Array.isArray(v)) return v.map((x) => resolveSecrets(x, env)) as Resolved<T>
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    const keys = Object.keys(v)
    for (let i = 0; i < keys.length; i++) out[keys[i]] = resolveSecrets((v as any)[keys[i]], env)
    return out as Resolved<T>
  }
  return v as Resolved<T>
}

/** Every secret name the config refers to (for `tresty check` and docs). */
export function secretNames(v: unknown, out: string[] = []): string[] {
  if (isSecret(v)) { if (out.indexOf(v.$secret) === -1) out.push(v.$secret) } else if (v && typeof v === 'object') {
    const keys = Object.keys(v)
    for (let i = 0; i < keys.length; i++) secretNames((v as any)[keys[i]], out)
  }
  return out
}
