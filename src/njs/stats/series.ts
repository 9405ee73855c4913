/**
 * Series identities. A series is a metric name plus a label set, rendered once, at write time,
 * in Prometheus text form: `name{a="x",b="y"}` (labels sorted by name, values escaped). That
 * string is the shared-dict key (after a one-character kind prefix), so the scrape only
 * concatenates: it never parses or escapes.
 */

import { cut, wellFormed } from '../utils/unicode.ts'

export type Labels = Record<string, string | number | boolean | null | undefined>

/** Label values longer than this are cut: a series key lives in shared memory. */
export const MAX_LABEL_VALUE = 256

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/
const NEEDS_ESCAPE = /[\\"\n]/

function startsWithDigit(s: string): boolean {
  const c = s.charCodeAt(0)
  return c >= 48 && c <= 57
}

/** A valid metric name: invalid characters become `_`, a leading digit gets a `_` before it. */
export function metricName(name: string): string {
  if (METRIC_NAME.test(name)) return name
  const s = String(name).replace(/[^a-zA-Z0-9_:]/g, '_')
  return s === '' || startsWithDigit(s) ? '_' + s : s
}

/** A valid label name (`__` is reserved by Prometheus, so such names get an `x` before them). */
export function labelName(name: string): string {
  if (LABEL_NAME.test(name) && name.charCodeAt(0) !== 95) return name
  let s = LABEL_NAME.test(name) ? name : String(name).replace(/[^a-zA-Z0-9_]/g, '_')
  if (s === '' || startsWithDigit(s)) s = '_' + s
  return s.indexOf('__') === 0 ? 'x' + s : s
}

/** Escapes a label value per the exposition format: backslash, double quote, line feed. */
export function escapeLabelValue(v: string): string {
  if (!NEEDS_ESCAPE.test(v)) return v
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}

/** `{a="x",b="y"}`, or '' for no labels. Null and undefined values are left out. */
export function labelText(labels: Labels | null | undefined): string {
  if (!labels) return ''
  const names = Object.keys(labels)
  if (names.length === 0) return ''
  for (let i = 1; i < names.length; i++) {
    if (names[i - 1] > names[i]) {
      names.sort()
      break
    }
  }
  let out = ''
  for (let i = 0; i < names.length; i++) {
    const raw = labels[names[i]]
    if (raw === null || raw === undefined) continue
    let v = typeof raw === 'string' ? raw : String(raw)
    // Cut, then made valid UTF-8: Prometheus rejects a whole scrape over one bad byte.
    v = wellFormed(cut(v, MAX_LABEL_VALUE))
    out += (out ? ',' : '') + labelName(names[i]) + '="' + escapeLabelValue(v) + '"'
  }
  return out ? '{' + out + '}' : ''
}

/** The series id: `name` or `name{labels}`. */
export function seriesId(name: string, labels?: Labels | null): string {
  return metricName(name) + labelText(labels)
}

/** A sample value as Prometheus writes it. */
export function formatValue(v: number): string {
  if (v === Infinity) return '+Inf'
  if (v === -Infinity) return '-Inf'
  if (v !== v) return 'NaN'
  return String(v)
}
