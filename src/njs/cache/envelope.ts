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

/** The same entry with a new fresh-until. */
export function reencode(e: Entry, until: number): string {
  return e.kind + (until > 0 ? until.toString(36) : '') + '|' + e.payload
}
