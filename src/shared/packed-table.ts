/**
 * How the bundle carries its route table for QuickJS (src/node/bundler/embed-table.ts): the
 * RouteTable with each array of strings packed into ONE string, split again when a context
 * parses it (src/njs/app.ts). QuickJS's `JSON.parse` costs ~0.2 µs per value (~25 ms for the
 * ~90,000 values of a 10,000-route table), while `split` makes 10,000 strings in well under
 * 0.1 ms. Arrays of numbers stay JSON. app.routes.json (the njs engine's preload) is not packed.
 */

/** Joins a packed array's elements: never inside one (checked, else the array is not packed). */
const SEP = '\n'
/** Stands for null in a packed array (an array holding this string is not packed). */
const NULL = '\u0000'

/** The table with its packable string arrays moved into `packed` (field → joined string). */
export function packTable<T extends object>(table: T): T & { packed?: Record<string, string> } {
  const out: any = {}
  const packed: Record<string, string> = {}
  for (const [k, v] of Object.entries(table)) {
    if (Array.isArray(v) && v.length > 0 && v.every((x) => x === null || (typeof x === 'string' && x !== NULL && !x.includes(SEP)))) {
      packed[k] = v.map((x) => x === null ? NULL : x).join(SEP)
    } else out[k] = v
  }
  if (Object.keys(packed).length) out.packed = packed
  return out
}

/** The table as packTable had it (in place: the object is fresh from JSON.parse). */
export function unpackTable(t: any): any {
  const packed = t.packed
  if (!packed) return t
  for (const k in packed) {
    const list: (string | null)[] = packed[k].split(SEP)
    for (let i = 0; i < list.length; i++) if (list[i] === NULL) list[i] = null
    t[k] = list
  }
  delete t.packed
  return t
}
