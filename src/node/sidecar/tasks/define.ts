/**
 * `defineTask(name, handler)`: what a tasks module calls at its top level. Worker processes import
 * that module and run whatever it registered.
 */
export interface TaskContext {
  id: string
  name: string
  /** 1 on the first try, 2 on the first retry, … */
  attempt: number
  /** Reported as `progress` by `tasks.status()`. */
  progress(value: number | object): Promise<void>
  /** Appends a line to the task's log (kept in Redis with the task). */
  log(line: string): Promise<void>
}

export type TaskHandler<Payload = any, Result = unknown> = (payload: Payload, ctx: TaskContext) => Result | Promise<Result>

export interface TaskDefinition {
  name: string
  run: TaskHandler
}

// Keyed on a global symbol so a tasks module importing `tresty/sidecar` by another path (a
// symlink, a second copy) still registers where the worker looks.
const REGISTRY = Symbol.for('tresty.sidecar.tasks')
type Registry = Map<string, TaskDefinition>

export function registeredTasks(): Registry {
  const g = globalThis as { [REGISTRY]?: Registry }
  return (g[REGISTRY] ??= new Map())
}

export function defineTask<Payload = any, Result = unknown>(name: string, run: TaskHandler<Payload, Result>): TaskDefinition {
  if (!name || typeof name !== 'string') throw new Error('defineTask: a task needs a name')
  if (typeof run !== 'function') throw new Error(`defineTask(${name}): the handler must be a function`)
  const tasks = registeredTasks()
  if (tasks.has(name)) throw new Error(`defineTask: task "${name}" is defined twice`)
  const def: TaskDefinition = { name, run }
  tasks.set(name, def)
  return def
}
