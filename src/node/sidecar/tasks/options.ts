/** Checking enqueue options from the wire and turning them into BullMQ job options. */
import type { JobsOptions } from 'bullmq'
import type { EnqueueOptions } from '../../../shared/sidecar-protocol.ts'
import { check } from '../errors.ts'

// Finished tasks stay queryable by `status` for a day (failed ones a week), then Redis forgets them.
const KEEP_COMPLETED = { age: 24 * 3600 }
const KEEP_FAILED = { age: 7 * 24 * 3600 }
// BullMQ's priority range.
const MAX_PRIORITY = 2 ** 21

export function jobOptions(raw: unknown): JobsOptions {
  check(raw === undefined || (raw !== null && typeof raw === 'object' && !Array.isArray(raw)), 'options must be an object')
  const o = (raw ?? {}) as EnqueueOptions
  const opts: JobsOptions = { removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED }
  if (o.delay !== undefined) {
    check(isCount(o.delay), 'delay must be a number of milliseconds ≥ 0')
    opts.delay = o.delay
  }
  if (o.attempts !== undefined) {
    check(isCount(o.attempts) && o.attempts >= 1, 'attempts must be an integer ≥ 1')
    opts.attempts = o.attempts
  }
  if (o.priority !== undefined) {
    check(isCount(o.priority) && o.priority >= 1 && o.priority <= MAX_PRIORITY, `priority must be an integer from 1 (highest) to ${MAX_PRIORITY}`)
    opts.priority = o.priority
  }
  if (o.backoff !== undefined) {
    const b = o.backoff
    const ok = isCount(b) || (typeof b === 'object' && b !== null && (b.type === 'fixed' || b.type === 'exponential') && isCount(b.delay))
    check(ok, 'backoff must be milliseconds or {type: "fixed" | "exponential", delay}')
    opts.backoff = typeof b === 'number' ? { type: 'fixed', delay: b } : { type: b.type, delay: b.delay }
  }
  return opts
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0
}
