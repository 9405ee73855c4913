/**
 * The JSON-over-HTTP protocol between tresty's njs side and its Node sidecar. Both sides import
 * these paths and types; nothing here may need a runtime feature the njs engine lacks.
 *
 * Every endpoint answers JSON. Failures answer `ErrorBody` with the status in `ERROR_STATUS`.
 * Mongo bodies (requests and responses) are Extended JSON (relaxed), so ObjectId and Date survive.
 */
import { BUS_PUBLISH_PATH, type BusPublishResponse } from './bus-protocol.ts'
import type { MirrorStatus } from './live-config.ts'
import type { SqlBeginRequest, SqlBeginResponse, SqlQueryRequest, SqlQueryResponse, SqlTxRequest } from './sql-protocol.ts'

/** Where nginx exposes the sidecar (an `internal` location); endpoint paths follow it. */
export const SIDECAR_LOCATION = '/_tresty/sidecar'

/*
 * Endpoint paths as the sidecar sees them (nginx strips `SIDECAR_LOCATION`). Plain string
 * constants, not a table: rollup inlines each one into the njs bundle, so naming a path costs
 * nothing per request on the njs engine. `SidecarEndpoints` (below) gives each path its request
 * and response; `sidecarEndpoints()` lists them all (the router test checks the sidecar serves
 * exactly these).
 */
export const HEALTH_PATH = '/health'
export const TASK_ENQUEUE_PATH = '/tasks/enqueue'
/** `GET /tasks/<id>`, the id URL-encoded. */
export const TASK_STATUS_PREFIX = '/tasks/'
export const REDIS_CALL_PATH = '/redis/call'
export const REDIS_PIPELINE_PATH = '/redis/pipeline'
export const REDIS_PUBLISH_PATH = '/redis/publish'
/** `POST /mongo/<collection>/<op>`, the collection URL-encoded; bodies are Extended JSON. */
export const MONGO_PREFIX = '/mongo/'
export const CACHE_GET_PATH = '/cache/get'
export const CACHE_SET_PATH = '/cache/set'
export const CACHE_DELETE_PATH = '/cache/delete'
export const LOCK_ACQUIRE_PATH = '/lock/acquire'
export const LOCK_RELEASE_PATH = '/lock/release'
export const SQL_QUERY_PATH = '/sql/query'
export const SQL_BEGIN_PATH = '/sql/begin'
export const SQL_COMMIT_PATH = '/sql/commit'
export const SQL_ROLLBACK_PATH = '/sql/rollback'
/** The live-config mirror's state (src/shared/live-config.ts). */
export const CONFIG_STATUS_PATH = '/config/status'
// The bus's `POST /bus/publish` is BUS_PUBLISH_PATH in bus-protocol.ts.

/*
 * The other direction: what each sidecar POSTs to its own nginx when another host deletes or
 * purges cache keys (`InvalidationMessage`, with SECRET_HEADER), the Redis channel that fan-out
 * travels on, and the MongoDB collection `mongoTier2` keeps values in by default (the sidecar
 * gives it the TTL index).
 */
export const CACHE_INVALIDATE_PATH = '/_tresty/cache/invalidate'
export const CACHE_INVALIDATE_CHANNEL = 'tresty:invalidate'
export const MONGO_CACHE_COLLECTION = 'tresty_cache'

// ---------------------------------------------------------------------------------- errors

export type ErrorCode =
  | 'bad_json'
  | 'bad_request'
  | 'payload_too_large'
  | 'not_found'
  | 'method_not_allowed'
  | 'unknown_task'
  | 'command_not_allowed'
  | 'redis_error'
  | 'redis_unavailable'
  | 'mongo_error'
  | 'duplicate_key'
  | 'mongo_unavailable'
  | 'sql_conflict'
  | 'sql_bad_input'
  | 'sql_unavailable'
  | 'sql_timeout'
  | 'sql_tx_gone'
  | 'sql_error'
  /** The sidecar itself could not be reached or did not answer in time (set by nginx/njs). */
  | 'sidecar_unavailable'
  /** The call did not carry the shared secret (`SECRET_HEADER`); the sidecar refuses it. */
  | 'unauthorized'
  | 'internal'

export const ERROR_STATUS: { [code in ErrorCode]: number } = {
  bad_json: 400,
  bad_request: 400,
  payload_too_large: 413,
  not_found: 404,
  method_not_allowed: 405,
  unknown_task: 404,
  command_not_allowed: 403,
  redis_error: 400,
  redis_unavailable: 503,
  mongo_error: 400,
  duplicate_key: 409,
  mongo_unavailable: 503,
  sql_conflict: 409,
  sql_bad_input: 400,
  sql_unavailable: 503,
  sql_timeout: 503,
  sql_tx_gone: 410,
  sql_error: 500,
  sidecar_unavailable: 503,
  unauthorized: 401,
  internal: 500,
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string }
}

// ----------------------------------------------------------------------------------- tasks

export type Backoff = number | { type: 'fixed' | 'exponential'; delay: number }

export interface EnqueueOptions {
  /** Milliseconds before the task may run. */
  delay?: number
  /** Total tries, the first included (default 1). */
  attempts?: number
  /** Wait between tries: a fixed number of ms, or BullMQ's `{type, delay}`. */
  backoff?: Backoff
  /** 1 is the highest priority; tasks without one run before any prioritized task. */
  priority?: number
}

export interface EnqueueRequest {
  name: string
  payload?: unknown
  options?: EnqueueOptions
}

export interface EnqueueResponse {
  id: string
}

export type TaskState =
  | 'waiting'
  | 'delayed'
  | 'prioritized'
  | 'active'
  | 'completed'
  | 'failed'
  | 'waiting-children'
  | 'unknown'

export interface TaskStatus {
  id: string
  name: string
  state: TaskState
  /** Whatever the task last reported through `ctx.progress()` (0 until then). */
  progress: unknown
  /** The task's return value, once completed. */
  result?: unknown
  /** The last error message, once a try has failed. */
  error?: string
  attemptsMade: number
  /** Epoch milliseconds. */
  createdAt: number
  finishedAt?: number
}

// ----------------------------------------------------------------------------------- redis

export type RedisArg = string | number
export type RedisReply = string | number | null | RedisReply[]

export interface RedisCallRequest {
  command: string
  args?: RedisArg[]
}

export interface RedisCallResponse {
  result: RedisReply
}

export interface RedisPipelineRequest {
  /** Each entry is `[command, ...args]`. */
  commands: RedisArg[][]
}

/** One entry per command, in order; a failing command does not fail the others. */
export type RedisPipelineResult = { result: RedisReply } | { error: string }

export interface RedisPipelineResponse {
  results: RedisPipelineResult[]
}

export interface PublishRequest {
  channel: string
  message: string
}

export interface PublishResponse {
  /** Subscribers that got the message (across every host sharing the Redis). */
  receivers: number
}

// ----------------------------------------------------------------------------------- mongo

export type MongoOp =
  | 'find'
  | 'findOne'
  | 'insertOne'
  | 'insertMany'
  | 'updateOne'
  | 'updateMany'
  | 'deleteOne'
  | 'deleteMany'
  | 'aggregate'
  | 'countDocuments'

export type MongoDocument = { [field: string]: unknown }
export type MongoSort = { [field: string]: 1 | -1 }

/** The request body for each op (as EJSON). Unknown fields are ignored. */
export interface MongoRequests {
  find: { filter?: MongoDocument; sort?: MongoSort; projection?: MongoDocument; skip?: number; limit?: number }
  findOne: { filter?: MongoDocument; sort?: MongoSort; projection?: MongoDocument; skip?: number }
  insertOne: { document: MongoDocument }
  insertMany: { documents: MongoDocument[]; ordered?: boolean }
  updateOne: { filter: MongoDocument; update: MongoDocument | MongoDocument[]; upsert?: boolean }
  updateMany: { filter: MongoDocument; update: MongoDocument | MongoDocument[]; upsert?: boolean }
  deleteOne: { filter: MongoDocument }
  deleteMany: { filter: MongoDocument }
  aggregate: { pipeline: MongoDocument[] }
  countDocuments: { filter?: MongoDocument; skip?: number; limit?: number }
}

export interface UpdateResult {
  matchedCount: number
  modifiedCount: number
  upsertedId: unknown
}

/** The `result` field of each op's response (as EJSON). */
export interface MongoResults {
  find: MongoDocument[]
  findOne: MongoDocument | null
  insertOne: { insertedId: unknown }
  insertMany: { insertedIds: unknown[] }
  updateOne: UpdateResult
  updateMany: UpdateResult
  deleteOne: { deletedCount: number }
  deleteMany: { deletedCount: number }
  aggregate: MongoDocument[]
  countDocuments: number
}

export interface MongoResponse<Op extends MongoOp> {
  result: MongoResults[Op]
}

// ------------------------------------------------------- cache tier 2, locks, invalidation

/** Tier-2 values are the same serialized strings tier 1 keeps. */
export interface CacheGetRequest {
  cache: string
  key: string
}

export interface CacheGetResponse {
  value: string | null
  /** Remaining lifetime in ms (null when the key is missing or has none). */
  ttlMs: number | null
}

export interface CacheSetRequest {
  cache: string
  key: string
  value: string
  ttlMs: number
}

/** Deletes `keys` (or every key of `cache` when `purge`) and tells every host to drop them. */
export interface CacheDeleteRequest {
  cache: string
  keys?: string[]
  purge?: boolean
}

export interface CacheDeleteResponse {
  deleted: number
  /** Sidecars that received the invalidation (this host's included). */
  receivers: number
}

/** What each sidecar POSTs to its own nginx when an invalidation arrives. */
export interface InvalidationMessage {
  cache: string
  keys?: string[]
  purge?: boolean
}

/** Header carrying the shared secret: on every call into the sidecar, and on its invalidation callbacks into nginx. */
export const SECRET_HEADER = 'x-tresty-secret'

export interface LockAcquireRequest {
  key: string
  ttlMs: number
}

export interface LockAcquireResponse {
  /** Present when the lock was taken; needed to release it. */
  token: string | null
}

export interface LockReleaseRequest {
  key: string
  token: string
}

export interface LockReleaseResponse {
  /** False when the lock had expired or belonged to someone else. */
  released: boolean
}

// ---------------------------------------------------------------------------------- health

export interface HealthResponse {
  ok: boolean
  redis: string
  mongo: 'configured' | 'off'
  /** Task names the worker processes registered (empty without a tasks module). */
  tasks: string[]
  workers: number
  /** SQL databases by name (see sql-protocol.ts); absent when none is configured or used. */
  sql?: { [name: string]: import('./sql-protocol.ts').SqlHealth }
}

// ------------------------------------------------------------------------------- endpoints

/** Request and response of each fixed-path endpoint; both sides type their calls and routes with it. */
export interface SidecarEndpoints {
  [HEALTH_PATH]: { method: 'GET'; request: undefined; response: HealthResponse }
  [TASK_ENQUEUE_PATH]: { method: 'POST'; request: EnqueueRequest; response: EnqueueResponse }
  [REDIS_CALL_PATH]: { method: 'POST'; request: RedisCallRequest; response: RedisCallResponse }
  [REDIS_PIPELINE_PATH]: { method: 'POST'; request: RedisPipelineRequest; response: RedisPipelineResponse }
  [REDIS_PUBLISH_PATH]: { method: 'POST'; request: PublishRequest; response: PublishResponse }
  [CACHE_GET_PATH]: { method: 'POST'; request: CacheGetRequest; response: CacheGetResponse }
  [CACHE_SET_PATH]: { method: 'POST'; request: CacheSetRequest; response: { ok: true } }
  [CACHE_DELETE_PATH]: { method: 'POST'; request: CacheDeleteRequest; response: CacheDeleteResponse }
  [LOCK_ACQUIRE_PATH]: { method: 'POST'; request: LockAcquireRequest; response: LockAcquireResponse }
  [LOCK_RELEASE_PATH]: { method: 'POST'; request: LockReleaseRequest; response: LockReleaseResponse }
  [SQL_QUERY_PATH]: { method: 'POST'; request: SqlQueryRequest; response: SqlQueryResponse }
  [SQL_BEGIN_PATH]: { method: 'POST'; request: SqlBeginRequest; response: SqlBeginResponse }
  [SQL_COMMIT_PATH]: { method: 'POST'; request: SqlTxRequest; response: { ok: true } }
  [SQL_ROLLBACK_PATH]: { method: 'POST'; request: SqlTxRequest; response: { ok: true } }
  [CONFIG_STATUS_PATH]: { method: 'GET'; request: undefined; response: MirrorStatus | { configured: false } }
  [BUS_PUBLISH_PATH]: { method: 'POST'; request: { channel: string; payload?: unknown }; response: BusPublishResponse }
}

export type SidecarPath = keyof SidecarEndpoints
export type SidecarRequest<P extends SidecarPath> = SidecarEndpoints[P]['request']
export type SidecarResponse<P extends SidecarPath> = SidecarEndpoints[P]['response']

/** The endpoints whose path carries parameters: a prefix, then `params` URL-encoded segments. */
export interface SidecarPrefixEndpoints {
  [TASK_STATUS_PREFIX]: { method: 'GET'; params: ['id']; request: undefined; response: TaskStatus }
  [MONGO_PREFIX]: { method: 'POST'; params: ['collection', 'op']; request: MongoRequests[MongoOp]; response: MongoResponse<MongoOp> }
}

/**
 * Every endpoint the sidecar serves, as method and path (a prefixed path's parameters as
 * `:name` segments). A function, so njs bundles that never call it pay nothing for it.
 */
export function sidecarEndpoints(): { method: 'GET' | 'POST'; path: string }[] {
  const fixed: { [P in SidecarPath]: SidecarEndpoints[P]['method'] } = {
    [HEALTH_PATH]: 'GET', [TASK_ENQUEUE_PATH]: 'POST',
    [REDIS_CALL_PATH]: 'POST', [REDIS_PIPELINE_PATH]: 'POST', [REDIS_PUBLISH_PATH]: 'POST',
    [CACHE_GET_PATH]: 'POST', [CACHE_SET_PATH]: 'POST', [CACHE_DELETE_PATH]: 'POST',
    [LOCK_ACQUIRE_PATH]: 'POST', [LOCK_RELEASE_PATH]: 'POST',
    [SQL_QUERY_PATH]: 'POST', [SQL_BEGIN_PATH]: 'POST', [SQL_COMMIT_PATH]: 'POST', [SQL_ROLLBACK_PATH]: 'POST',
    [CONFIG_STATUS_PATH]: 'GET', [BUS_PUBLISH_PATH]: 'POST',
  }
  const list = Object.keys(fixed).map((path) => ({ method: fixed[path as SidecarPath], path }))
  list.push({ method: 'GET', path: TASK_STATUS_PREFIX + ':id' })
  list.push({ method: 'POST', path: MONGO_PREFIX + ':collection/:op' })
  return list
}
