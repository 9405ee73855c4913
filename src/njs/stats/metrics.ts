/**
 * The `/metrics` route and the interval work behind `_delta`.
 *
 *   a.get('/metrics', metrics())
 *   statsTick(a)      // then, in nginx: location @tresty_stats { js_periodic app.statsTick interval=10s; }
 */
import type { Handler, Request, Response } from '../types.ts'
import { deltaZone, settings, statsZone } from './settings.ts'
import { DELTA_BLOCK, SNAPSHOT, SUM } from './keys.ts'
import { render } from './prometheus-text.ts'
import { formatValue } from './series.ts'

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8'

/** Every entry of a zone (keys()/items() return at most 1024 unless told). */
function entries<V extends string | number>(d: NgxSharedDict<V>): [string, V][] {
  return d.items(d.size() + 1024) as [string, V][]
}

/** A handler answering the Prometheus text exposition of every stat and histogram. */
export function metrics(): Handler {
  return (q: Request, r: Response) => {
    const d = statsZone()
    if (!d) throw new Error(`tresty stats: zone "${settings.zone}" is not declared`)
    const t = deltaZone()
    r.headers['Content-Type'] = CONTENT_TYPE
    return render(entries(d), t ? (name: string) => t.get(DELTA_BLOCK + name) as string | undefined : null).text
  }
}

/** `<labels>\t<sum>` lines → sums by label text. */
function parseSnapshot(text: string | undefined): Record<string, number> {
  const out: Record<string, number> = {}
  if (!text) return out
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const tab = lines[i].lastIndexOf('\t')
    if (tab >= 0) out['~' + lines[i].slice(0, tab)] = parseFloat(lines[i].slice(tab + 1))
  }
  return out
}

/**
 * The interval work, for `js_periodic` (one worker runs it): per stat family, renders the
 * `_delta` block (each series' growth since the previous run) and keeps this run's sums for the
 * next one, in the delta zone. Scrapes then copy the block as is.
 */
export function tick(): void {
  const d = statsZone()
  const t = deltaZone()
  if (!d) return
  if (!t) {
    ngx.log(ngx.ERR, `tresty stats: no js_shared_dict_zone "${settings.deltaZone}" (string) for _delta`)
    return
  }
  const items = entries(d)
  const families: Record<string, { labels: string[]; sums: number[] }> = {}
  const names: string[] = []
  for (let i = 0; i < items.length; i++) {
    const key = items[i][0]
    if (key.charAt(0) !== SUM) continue
    const brace = key.indexOf('{')
    const name = brace < 0 ? key.slice(1) : key.slice(1, brace)
    let f = families['~' + name]
    if (!f) {
      f = families['~' + name] = { labels: [], sums: [] }
      names.push(name)
    }
    f.labels.push(brace < 0 ? '' : key.slice(brace))
    f.sums.push(items[i][1])
  }
  try {
    for (let i = 0; i < names.length; i++) {
      const name = names[i]
      const f = families['~' + name]
      const prev = parseSnapshot(t.get(SNAPSHOT + name) as string | undefined)
      const block = ['# TYPE ' + name + '_delta gauge']
      const snapshot: string[] = []
      for (let j = 0; j < f.labels.length; j++) {
        const was = prev['~' + f.labels[j]]
        const now = f.sums[j]
        block.push(name + '_delta' + f.labels[j] + ' ' + formatValue(was === undefined ? now : now - was))
        snapshot.push(f.labels[j] + '\t' + formatValue(now))
      }
      t.set(DELTA_BLOCK + name, block.join('\n'))
      t.set(SNAPSHOT + name, snapshot.join('\n'))
    }
    // Families that are gone (the stats zone was cleared) leave with their blocks.
    const kept = t.keys(t.size() + 1024)
    for (let i = 0; i < kept.length; i++) if (!families['~' + kept[i].slice(1)]) t.delete(kept[i])
  } catch (e) {
    ngx.log(ngx.ERR, `tresty stats: interval update stopped: ${e}`)
  }
}

/** Exposes `tick` as `app.statsTick` for `js_periodic app.statsTick interval=…;`. */
export function statsTick<A extends object>(a: A): A {
  (a as any).statsTick = tick
  return a
}
