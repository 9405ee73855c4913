/**
 * Form and query names with brackets as nested values, the way PHP and Rails read them:
 * `user[name]=a` → `{ user: { name: 'a' } }`, `items[0][qty]=2` → `{ items: { 0: { qty: '2' } } }`
 * (a list schema takes an object with index keys as a list), `tags[]=a&tags[]=b` → `{ tags: ['a', 'b'] }`.
 * Names without brackets stay as they are. A name with a `__proto__`, `constructor` or
 * `prototype` part is dropped, and every level is a prototype-less object, so no name can
 * reach a prototype. When two names want the same place, the first one keeps it.
 */
function unsafe(seg: string): boolean {
  return seg === '__proto__' || seg === 'constructor' || seg === 'prototype'
}

export function unflatten(flat: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = Object.create(null)
  for (const key in flat) {
    if (!Object.prototype.hasOwnProperty.call(flat, key)) continue
    let value = flat[key]
    let name = key
    // `tags[]`: always a list
    if (name.length > 2 && name.slice(-2) === '[]') {
      name = name.slice(0, -2)
      if (!Array.isArray(value)) value = [value]
    }
    const open = name.indexOf('[')
    const path = open > 0 && name.charAt(name.length - 1) === ']'
      ? [name.slice(0, open)].concat(name.slice(open + 1, -1).split(']['))
      : [name]
    let ok = true
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]
      if (seg === '' || unsafe(seg) || (path.length > 1 && (seg.indexOf('[') >= 0 || seg.indexOf(']') >= 0))) ok = false
    }
    if (!ok) continue
    let cur: any = out
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i]
      if (cur[seg] === void 0) cur[seg] = Object.create(null)
      else if (typeof cur[seg] !== 'object' || Array.isArray(cur[seg])) { cur = null; break }
      cur = cur[seg]
    }
    const last = path[path.length - 1]
    if (cur !== null && cur[last] === void 0) cur[last] = value
  }
  return out
}
