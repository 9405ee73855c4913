/**
 * Entry of a task worker process (forked by the pool): imports the user's tasks module and runs
 * its tasks from the BullMQ queue, apart from the process that answers HTTP.
 *
 * argv[2] is a JSON `WorkerProcessConfig`. Messages to the parent: `{type: 'ready', tasks}` once
 * consuming, `{type: 'fatal', message}` when the module cannot be loaded.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq'
import { Redis } from 'ioredis'
import { pathToFileURL } from 'node:url'
import { logError } from '../log.ts'
import { registeredTasks, type TaskContext } from './define.ts'
import { registeredSchedules, startScheduler } from '../../schedule/index.ts'

export interface WorkerProcessConfig {
  redisUrl: string
  queue: string
  tasksModule: string
  concurrency: number
  lockMs: number
}

export type WorkerMessage = { type: 'ready'; tasks: string[] } | { type: 'fatal'; message: string }

const send = (m: WorkerMessage) => process.send?.(m)

function context(job: Job): TaskContext {
  return {
    id: String(job.id),
    name: job.name,
    attempt: job.attemptsMade + 1,
    progress: (value) => job.updateProgress(value),
    log: async (line) => { await job.log(line) },
  }
}

async function main(config: WorkerProcessConfig) {
  try {
    await import(pathToFileURL(config.tasksModule).href)
  } catch (err) {
    send({ type: 'fatal', message: `cannot load tasks module ${config.tasksModule}: ${(err as Error).message}` })
    process.exit(1)
  }
  const tasks = registeredTasks()
  // Workers block on Redis; BullMQ needs them to wait out outages rather than fail.
  const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null })
  const worker = new Worker(config.queue, async (job) => {
    const task = tasks.get(job.name)
    if (!task) throw new UnrecoverableError(`no task named "${job.name}" in ${config.tasksModule}`)
    return task.run(job.data, context(job))
  }, {
    connection,
    concurrency: config.concurrency,
    lockDuration: config.lockMs,
    // A crashed worker's task goes back to waiting once its lock lapses.
    stalledInterval: config.lockMs,
  })
  let reported = false
  worker.on('error', (err) => {
    if (!reported) logError(`task worker ${process.pid}`, err)
    reported = true
  })
  worker.on('ready', () => { reported = false })
  // Scheduled jobs (tresty/node's schedule) declared by the tasks module: every worker process
  // arms them, Redis claims keep each fire time to one run.
  const scheduler = registeredSchedules().size ? startScheduler({ redis: connection }) : null
  // Ready means loaded: the worker connects (and reconnects) to Redis on its own.
  send({ type: 'ready', tasks: [...tasks.keys()] })

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    // Lets running tasks finish, unless Redis is gone and they could not report anyway; a task
    // cut short is retried once its lock lapses.
    await scheduler?.stop()
    await worker.close(connection.status !== 'ready').catch((err) => logError('closing task worker', err))
    process.exit(0)
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  // The sidecar died without stopping us: do not outlive it.
  process.on('disconnect', stop)
}

main(JSON.parse(process.argv[2]) as WorkerProcessConfig)
