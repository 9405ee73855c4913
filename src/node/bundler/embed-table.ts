/**
 * The route table inside the bundle, for engines that cannot preload it.
 *
 * On the njs engine nginx preloads `app.routes.json` (`js_preload_object`). QuickJS has no
 * preload, and a fresh context (every reload, a dropped context, each request beyond the
 * pool) would build the router again from every declaration. So the build also puts the
 * same table at the top of the bundle as ONE string literal:
 *
 *     var __TRESTY_ROUTE_JSON__ = '{"app":0,"nodes":…}';
 *
 * and src/njs/app.ts parses it when no preloaded table exists (once per context on QuickJS).
 * A string constant costs nothing to load on either engine (njs clones it by reference,
 * QuickJS reads it with the bytecode); only the parse is paid, where it is used.
 * `TRESTY_EMBED_ROUTES=0` builds without it (tests compare both).
 */
import type { AppManifest } from '../../shared/manifest.ts'

/** The module-level variable src/njs/app.ts reads. */
export const EMBEDDED_TABLE_VAR = '__TRESTY_ROUTE_JSON__'

/**
 * A JavaScript string literal holding `text`: single quotes, since JSON is full of double
 * ones. JSON.stringify's output has no raw line breaks; U+2028/2029 are escaped for old parsers.
 */
export function singleQuoted(text: string): string {
  return "'" + text.replace(/[\\'\u2028\u2029]/g, (c) => c === '\\' ? '\\\\' : c === "'" ? "\\'" : '\\u' + c.charCodeAt(0).toString(16)) + "'"
}

/** `code` with the table declared at its top (ES module code: a `var` before the imports is fine). */
export function embedRouteTable(code: string, table: AppManifest): string {
  if (process.env.TRESTY_EMBED_ROUTES === '0') return code
  return `var ${EMBEDDED_TABLE_VAR} = ${singleQuoted(JSON.stringify(table))};\n` + code
}
