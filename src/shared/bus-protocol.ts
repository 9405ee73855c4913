/**
 * tresty/bus across processes: nginx → sidecar → Redis pub/sub → Node subscribers and every
 * host's sidecar → (for the channels it delivers) its own nginx. Both sides import this.
 */

/** The sidecar endpoint `bus.publishRemote` calls (behind nginx's internal sidecar location). */
export const BUS_PUBLISH_PATH = '/bus/publish'

/** The loopback-only nginx location (nginx/bus.conf) a sidecar delivers messages to. */
export const BUS_DELIVER_PATH = '/_tresty/bus/deliver'

/** Redis pub/sub channel of a bus channel: this prefix + the bus channel. */
export const BUS_REDIS_PREFIX = 'tresty:bus:'

/** What travels: on Redis, in the publish request and in the delivery to nginx. */
export interface BusEnvelope {
  channel: string
  /** Any JSON value. */
  payload: unknown
}

export interface BusPublishResponse {
  /** Redis subscribers (Node processes, sidecars) that received the message. */
  receivers: number
}

export interface BusDeliverResponse {
  /** How many results nginx-side subscribers returned. */
  results: number
}

/** What subscribers of a remote message get after the payload: `(payload, meta)`. */
export interface RemoteMeta {
  /** The channel that was published (subscribers of a parent learn the child's name here). */
  channel: string
  /** Where it runs: 'nginx' (a delivery) or 'node'. */
  via: 'nginx' | 'node'
}
