/**
 * `ngx.shared[name]`, looked up once per QuickJS context: on QuickJS that lookup costs ~3,600
 * instructions, five times the `incr` that usually follows it (callgrind, njs 1.0.2). A zone
 * lives as long as the nginx configuration, longer than any context (a reload makes new ones).
 * On the njs engine this module runs again for every request, so the lookup is per request there
 * as before.
 */
/** (no prototype: a zone named `__proto__` is a key like any other) */
const known: Record<string, NgxSharedDict<any>> = Object.create(null)

/** The shared dict zone `name`, or undefined when nginx.conf declares none by that name. */
export function sharedZone<T extends string | number = any>(name: string): NgxSharedDict<T> | undefined {
  const d = known[name]
  if (d !== void 0) return d
  const found = ngx.shared[name] as unknown as NgxSharedDict<T> | undefined
  if (found) known[name] = found
  return found
}
