/**
 * The slice of MongoDB Extended JSON (relaxed) that njs code needs: Dates become `Date` objects
 * and back; ObjectIds stay `{$oid: hex}` values, which compare by `.$oid` and travel back as they
 * are. Other EJSON types ($numberLong beyond 2^53, $binary, …) pass through untouched.
 */
export interface ObjectId { $oid: string }

/** An ObjectId value to use in filters and documents. */
export function oid(hex: string): ObjectId {
  if (!/^[0-9a-fA-F]{24}$/.test(hex)) throw new Error(`not an ObjectId: ${hex}`)
  return { $oid: hex.toLowerCase() }
}

export function toEjson(v: any): any {
  if (v instanceof Date) return { $date: v.toISOString() }
  if (Array.isArray(v)) return v.map(toEjson)
  if (v === null || typeof v !== 'object') return v
  const out: any = {}
  Object.keys(v).forEach((k) => { out[k] = toEjson(v[k]) })
  return out
}

export function fromEjson(v: any): any {
  if (Array.isArray(v)) return v.map(fromEjson)
  if (v === null || typeof v !== 'object') return v
  const keys = Object.keys(v)
  if (keys.length === 1 && keys[0] === '$date') {
    const d = v.$date
    return new Date(typeof d === 'string' ? d : Number(d.$numberLong))
  }
  const out: any = {}
  keys.forEach((k) => { out[k] = fromEjson(v[k]) })
  return out
}
