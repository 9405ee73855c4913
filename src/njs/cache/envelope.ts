/**
 * What a cache keeps per key, in tier 1 (a string zone) and tier 2 (Redis) alike:
 *
 *   <kind><fresh-until, base 36 ms, or nothing>|<payload>
 *
 * kind `s` is a string payload as is, `j` JSON, `m` a cached miss (the loader found nothing).
 * Fresh-until lets a value outlive its ttl in the zone (for `staleTtl`) while reads still know
 * it is stale; an empty one means the entry never goes stale (the zone's timeout still applies).
 */

export interface Entry {
  /** The value; undefined for a cached miss. */
  value: any
  miss: boolean
  /** Epoch ms after which the entry is stale; 0 for never. */
  until: number
  /** The encoded payload, to write the entry again with another `until`. */
  kind: string
  payload: string
}

export function encode(value: any, until: number): string {
  const head = until > 0 ? until.toString(36) : ''
  if (value === undefined || value === null) return 'm' + head + '|'
  if (typeof value === 'string') return 's' + head + '|' + value
  const json = JSON.stringify(value)
  if (json === undefined) throw new TypeError(`tresty cache: cannot cache a ${typeof value}`)
  return 'j' + head + '|' + json
}

/** The entry, or null for anything that is not an envelope. */
export function decode(raw: string): Entry | null {
  const bar = raw.indexOf('|')
  const kind = raw.charAt(0)
  if (bar < 1) return null
  const until = bar > 1 ? parseInt(raw.slice(1, bar), 36) : 0
  if (until !== until) return null
  const payload = raw.slice(bar + 1)
  if (kind === 's') return { value: payload, miss: false, until, kind, payload }
  if (kind === 'm') return { value: undefined, miss: true, until, kind, payload }
  if (kind !== 'j') return null
  try {
    return { value: JSON.parse(payload), miss: false, until, kind, payload }
  } catch (e) {
    return null
  }
}

/** What `freshValue` answers for an entry that is stale or not an envelope. */
export const NOT_FRESH: unknown = { notFresh: true }

/**
 * The value of `raw` when it is a fresh entry (undefined for a cached miss), else NOT_FRESH:
 * `decode` for a cache hit, without the Entry object (on QuickJS ~700 instructions a property).
 */
export function freshValue(raw: string, now?: number): any {
  const bar = raw.indexOf('|')
  if (bar < 1) return NOT_FRESH
  if (bar > 1) {
    const until = parseInt(raw.slice(1, bar), 36)
    // (NaN is not fresh: not an envelope)
    if (until !== 0 && !((now === void 0 ? Date.now() : now) < until)) return NOT_FRESH
  }
  const kind = raw.charCodeAt(0)
  if (kind === 106 /* j */) {
    try {
      return JSON.parse(raw.slice(bar + 1))
    } catch (e) {
      return NOT_FRESH
    }
  }
  if (kind === 115 /* s */) return raw.slice(bar + 1)
  if (kind === 109 /* m */) return void 0
  return NOT_FRESH
}

/** The same entry with a new fresh-until. */
export function reencode(e: Entry, until: number): string {
  return e.kind + (until > 0 ? until.toString(36) : '') + '|' + e.payload
}
