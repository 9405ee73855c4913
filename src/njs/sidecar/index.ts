/**
 * tresty's njs-side client for the Node sidecar: tasks, Redis, MongoDB, and the cache's tier 2
 * and lock. Every function takes the request `q` first (or a js_periodic session).
 *
 *   import { tasks, redis, mongo, oid } from 'tresty/sidecar'
 *   a.post('/signup', async (q) => ({ task: await tasks.enqueue(q, 'welcome-mail', q.json(), { attempts: 3 }) }))
 */
export { tasks } from './tasks.ts'
export { redis } from './redis.ts'
export { mongo } from './mongo.ts'
export { tier2, lock } from './cache-client.ts'
export { oid, toEjson, fromEjson } from './ejson.ts'
export type { ObjectId } from './ejson.ts'
export { sidecarCall, sidecarJson, sidecarCallError } from './transport.ts'
export type { CallContext, CallOptions, SidecarCallError } from './transport.ts'
export type * from '../../shared/sidecar-protocol.ts'
