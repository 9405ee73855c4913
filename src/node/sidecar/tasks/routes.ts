/** `tasks/enqueue` and `tasks/<id>`. */
import type { EnqueueResponse, TaskStatus } from '../../../shared/sidecar-protocol.ts'
import type { Route } from '../http/router.ts'
import type { TaskQueue } from './queue.ts'

export function taskRoutes(queue: TaskQueue): Route[] {
  return [
    {
      method: 'POST', path: '/tasks/enqueue',
      handle: ({ body }): Promise<EnqueueResponse> => queue.enqueue(body.name, body.payload, body.options),
    },
    {
      method: 'GET', path: /^\/tasks\/([^/]+)$/,
      handle: ({ params }): Promise<TaskStatus> => queue.status(params[0]),
    },
  ]
}
