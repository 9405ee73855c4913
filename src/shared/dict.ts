/**
 * Strings (or nulls) with few distinct values kept as indices into those values: entry `i` is
 * `values[at[i]]`. The route table keeps its per-route methods, per-node method lists and
 * per-pattern segments, names and regexes this way: 10,000 routes hold ~32,000 such entries
 * but a handful of distinct strings, and a fresh QuickJS context reads `at` as one typed array
 * (src/shared/packed-table.ts) instead of making a value per entry.
 */
export interface Dict {
  values: (string | null)[]
  /** Indices into `values`: a number array in JSON, an Int16Array or Int32Array where the bundle embeds it. */
  at: ArrayLike<number>
}

/** Entry `i` of `d`. */
export function dictAt(d: Dict, i: number): string | null {
  return d.values[d.at[i]]
}

/** How many entries `d` holds. */
export function dictSize(d: Dict): number {
  return d.at.length
}

/** `list` as a Dict. */
export function toDict(list: (string | null)[]): Dict {
  const values: (string | null)[] = []
  const index: Record<string, number> = Object.create(null)
  let nullAt = -1
  const at: number[] = []
  for (let i = 0; i < list.length; i++) {
    const v = list[i]
    if (v === null) at.push(nullAt < 0 ? (nullAt = values.push(null) - 1) : nullAt)
    else at.push(index[v] !== void 0 ? index[v] : (index[v] = values.push(v) - 1))
  }
  return { values, at }
}

/** Every entry of `d`, as an array (for the Node side: reports, tests). */
export function dictArray(d: Dict): (string | null)[] {
  const out: (string | null)[] = []
  for (let i = 0; i < dictSize(d); i++) out.push(dictAt(d, i))
  return out
}
