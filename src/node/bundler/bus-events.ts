/**
 * Lusty's config maps for tresty/bus: a module declares the channels it answers in data,
 *
 *   // notes/events.json (or events.ts with `export default { … }`)
 *   { "events": { "data:request:note:get": "persistence#getNote" } }
 *
 * and the app imports that map through the `tresty-events:` prefix:
 *
 *   import notes from 'tresty-events:./notes/events.json'
 *   bus.wire(notes)
 *
 * The build turns each `module#function` into a real import (module paths are relative to the
 * config file; `.ts`/`.js`/`index.ts` found as for any import), so the bundle holds
 * `{ events: { channel: [function, …] } }` and no lookup by name happens at run time. A
 * missing module, a missing export or a malformed entry fails the build naming the entry.
 *
 * A target is `"module#function"`, `{ "handler": "module#function", "priority": 5 }`, or an
 * array of those. A `.ts`/`.js` config is evaluated at build time: data only, no imports.
 */
import type { Plugin, PluginContext } from 'rollup'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

export const EVENTS_PREFIX = 'tresty-events:'
const VIRTUAL = '\0' + EVENTS_PREFIX

interface Target { spec: string; priority?: number }

export function busEvents(): Plugin {
  return {
    name: 'tresty-bus-events',
    resolveId(source, importer) {
      if (!source.startsWith(EVENTS_PREFIX)) return null
      const rel = source.slice(EVENTS_PREFIX.length)
      const file = resolve(importer ? dirname(importer) : process.cwd(), rel)
      if (!existsSync(file)) this.error(`tresty-events: config map "${rel}" not found (looked for ${file}${importer ? `, imported by ${importer}` : ''})`)
      return VIRTUAL + file
    },
    async load(id) {
      if (!id.startsWith(VIRTUAL)) return null
      const file = id.slice(VIRTUAL.length)
      this.addWatchFile(file)
      return generate(this, file, await readConfig(file))
    },
  }
}

async function readConfig(file: string): Promise<unknown> {
  const where = relative(process.cwd(), file) || file
  try {
    if (file.endsWith('.json')) return JSON.parse(readFileSync(file, 'utf8'))
    // A query that changes with the file, so a long-running dev build sees edits.
    const mod = await import(pathToFileURL(file).href + '?v=' + Math.floor(statSync(file).mtimeMs))
    return mod.default
  } catch (e) {
    throw new Error(`tresty-events: cannot read the config map ${where}: ${(e as Error).message}`)
  }
}

function targetsOf(ctx: PluginContext, where: string, channel: string, value: unknown): Target[] {
  const list = Array.isArray(value) ? value : [value]
  if (list.length === 0) ctx.error(`${where}: events entry "${channel}" has no target`)
  return list.map((t): Target => {
    if (typeof t === 'string') return { spec: t }
    if (t && typeof t === 'object' && typeof (t as any).handler === 'string') {
      const p = (t as any).priority
      if (p !== undefined && typeof p !== 'number') ctx.error(`${where}: events entry "${channel}": priority must be a number`)
      return { spec: (t as any).handler, priority: p }
    }
    return ctx.error(`${where}: events entry "${channel}": a target is "module#function" or { handler: "module#function", priority }, got ${JSON.stringify(t)}`)
  })
}

async function generate(ctx: PluginContext, file: string, config: any): Promise<string> {
  const where = relative(process.cwd(), file) || file
  if (!config || typeof config !== 'object' || !config.events || typeof config.events !== 'object' || Array.isArray(config.events)) {
    ctx.error(`${where}: a config map is { "events": { "channel": "module#function" } }`)
  }
  const imports: string[] = []
  const entries: string[] = []
  for (const channel of Object.keys(config.events)) {
    if (channel === '' || /^:|:$|::/.test(channel)) ctx.error(`${where}: bad channel "${channel}" (non-empty segments separated by ":")`)
    const values: string[] = []
    for (const t of targetsOf(ctx, where, channel, config.events[channel])) {
      const entry = `events entry "${channel}" → "${t.spec}"`
      const hash = t.spec.indexOf('#')
      const modPath = hash > 0 ? t.spec.slice(0, hash) : ''
      const fn = hash > 0 ? t.spec.slice(hash + 1) : ''
      if (!modPath || !/^[A-Za-z_$][\w$]*$/.test(fn)) ctx.error(`${where}: ${entry}: expected "module#function"`)
      const request = modPath.startsWith('.') || modPath.startsWith('/') ? modPath : './' + modPath
      const resolved = await ctx.resolve(request, file, { skipSelf: true })
      if (!resolved || resolved.external) ctx.error(`${where}: ${entry}: module "${modPath}" not found (relative to ${dirname(where) || '.'})`)
      const info = await ctx.load({ id: resolved!.id })
      if (info.exports && !info.exports.includes(fn)) {
        ctx.error(`${where}: ${entry}: module "${modPath}" has no export "${fn}" (it exports: ${info.exports.join(', ') || 'nothing'})`)
      }
      const local = `__tresty_event_${imports.length}`
      imports.push(`import { ${fn} as ${local} } from ${JSON.stringify(resolved!.id)};`)
      values.push(t.priority === undefined ? local : `{ handler: ${local}, priority: ${t.priority} }`)
    }
    entries.push(`  ${JSON.stringify(channel)}: [${values.join(', ')}]`)
  }
  return `${imports.join('\n')}\nexport default { events: {\n${entries.join(',\n')}\n} };\n`
}
