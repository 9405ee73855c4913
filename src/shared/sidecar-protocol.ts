/**
 * The JSON-over-HTTP protocol between tresty's njs side and its Node sidecar. Both sides import
 * these types; nothing here may need a runtime feature the njs engine lacks.
 *
 * Every endpoint answers JSON. Failures answer `ErrorBody` with the status in `ERROR_STATUS`.
 * Mongo bodies (requests and responses) are Extended JSON (relaxed), so ObjectId and Date survive.
 */

/** Where nginx exposes the sidecar (an `internal` location); endpoint paths follow it. */
export const SIDECAR_LOCATION = '/_tresty/sidecar'

/** Endpoint paths as the sidecar sees them (nginx strips `SIDECAR_LOCATION`). */
export const SIDECAR_PATHS = {
  health: '/health',
  enqueue: '/tasks/enqueue',
  /** `GET /tasks/<id>` */
  task: '/tasks/',
  redisCall: '/redis/call',
  redisPipeline: '/redis/pipeline',
  publish: '/redis/publish',
  /** `POST /mongo/<collection>/<op>` */
  mongo: '/mongo/',
  cacheGet: '/cache/get',
  cacheSet: '/cache/set',
  cacheDelete: '/cache/delete',
  lockAcquire: '/lock/acquire',
  lockRelease: '/lock/release',
} as const

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
