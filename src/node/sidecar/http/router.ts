/** A route table: literal paths or patterns, per method, with the body codec each route uses. */
import type { SidecarEndpoints, SidecarPath, SidecarResponse } from '../../../shared/sidecar-protocol.ts'
import type { JsonObject } from './body.ts'

export interface RouteInput {
  body: JsonObject
  /** Capture groups of a pattern path, URL-decoded. */
  params: string[]
}

export interface Route {
  method: 'GET' | 'POST'
  path: string | RegExp
  /** Decode the body and encode the result as Extended JSON (Mongo routes). */
  ejson?: boolean
  handle(input: RouteInput): unknown
}

/**
 * A fixed-path route of the contract (src/shared/sidecar-protocol.ts): its method and its
 * handler's result are checked against what the njs side is typed to expect from `path`.
 */
export function endpoint<P extends SidecarPath>(route: {
  method: SidecarEndpoints[P]['method']
  path: P
  handle(input: RouteInput): SidecarResponse<P> | Promise<SidecarResponse<P>>
}): Route {
  return route
}

/** The path pattern of a prefixed endpoint of the contract: `prefix`, then `params` non-empty segments. */
export function prefixPattern(prefix: string, params: number): RegExp {
  const segments = new Array(params).fill('([^/]+)').join('/')
  return new RegExp('^' + prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') + segments + '$')
}

export type Match =
  | { kind: 'found'; route: Route; params: string[] }
  | { kind: 'wrong-method'; allow: string[] }
  | { kind: 'none' }

export function matchRoute(routes: readonly Route[], method: string, path: string): Match {
  const allow: string[] = []
  for (const route of routes) {
    const params = matchPath(route.path, path)
    if (!params) continue
    if (route.method === method) return { kind: 'found', route, params }
    allow.push(route.method)
  }
  return allow.length ? { kind: 'wrong-method', allow } : { kind: 'none' }
}

function matchPath(pattern: string | RegExp, path: string): string[] | null {
  if (typeof pattern === 'string') return pattern === path ? [] : null
  const m = pattern.exec(path)
  if (!m) return null
  try {
    return m.slice(1).map((p) => decodeURIComponent(p))
  } catch {
    return null
  }
}
