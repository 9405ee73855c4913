/** The producer side of tasks, in the HTTP process: enqueue and status over BullMQ. */
import { Queue, type Job } from 'bullmq'
import type { Redis } from 'ioredis'
import type { EnqueueResponse, TaskState, TaskStatus } from '../../../shared/sidecar-protocol.ts'
import { check, SidecarError } from '../errors.ts'
import { withRedis } from '../redis/errors.ts'
import { jobOptions } from './options.ts'

export interface TaskQueue {
  enqueue(name: unknown, payload: unknown, options: unknown): Promise<EnqueueResponse>
  status(id: string): Promise<TaskStatus>
  close(): Promise<void>
}

/**
 * `known` lists the task names the workers registered; null when this sidecar runs no workers
 * (another host does), and then any name is accepted.
 */
export function taskQueue(queueName: string, redis: Redis, url: string, known: () => string[] | null): TaskQueue {
  // Shares the fail-fast connection: an enqueue while Redis is down fails at once (503).
  const queue = new Queue(queueName, { connection: redis })
  queue.on('error', () => { /* reported by the shared connection's own error handler */ })
  return {
    async enqueue(name, payload, options) {
      check(typeof name === 'string' && name !== '', 'name must be a non-empty string')
      const names = known()
      if (names && !names.includes(name)) throw new SidecarError('unknown_task', `no task named "${name}" (defined: ${names.join(', ') || 'none'})`)
      const opts = jobOptions(options)
      const job = await withRedis(url, () => queue.add(name, payload ?? null, opts))
      return { id: String(job.id) }
    },
    async status(id) {
      // State first: a task seen finished has final data, whereas data read first could
      // predate a completion the state then reports (a result missing from a "completed" task).
      const state = await withRedis(url, () => queue.getJobState(id)) as TaskState
      const job = await withRedis(url, () => queue.getJob(id)) as Job | undefined
      if (!job) throw new SidecarError('not_found', `no task with id ${id}`)
      return describe(job, state)
    },
    close: () => queue.close(),
  }
}

function describe(job: Job, state: TaskState): TaskStatus {
  const status: TaskStatus = {
    id: String(job.id), name: job.name, state, progress: job.progress,
    attemptsMade: job.attemptsMade, createdAt: job.timestamp,
  }
  if (state === 'completed') status.result = job.returnvalue
  if (job.failedReason) status.error = job.failedReason
  if (job.finishedOn) status.finishedAt = job.finishedOn
  return status
}
