/**
 * The app config inside nginx: what the build selected for TRESTY_ENV (defaults + that
 * environment), with secrets read from nginx's environment at run time (`env NAME;` in the
 * main context of nginx.conf; an unset one reads as undefined).
 */
import { environment, source } from 'tresty:app-config'
import { resolveSecrets, type Resolved } from '../../shared/app-config.ts'

// QuickJS keeps this between requests (config and secrets do not change while nginx runs);
// the njs engine re-runs the module per request, so it is parsed at most once per request.
let parsed: unknown = null

/** The whole config, typed by the caller: `appConfig<typeof def.defaults>()`. */
export function appConfig<T = any>(): Resolved<T> {
  if (parsed === null) parsed = resolveSecrets(JSON.parse(source), typeof process !== 'undefined' && process.env ? process.env : {})
  return parsed as Resolved<T>
}

/** The environment the bundle was built for: development, test or production. */
export function appEnvironment(): string {
  return environment
}
