/**
 * Which zone each cache keeps tier 1 in, for invalidation callbacks (they name the cache only).
 * `cache()` calls made at the app's top level run before any handler, on both engines.
 */
const zones: Record<string, string> = {}

export function register(name: string, zone: string): void {
  zones['~' + name] = zone
}

/** The zone of cache `name`; the default zone for a cache this module never declared. */
export function zoneOf(name: string): string {
  return zones['~' + name] || 'tresty_cache'
}
