/** `tasks/enqueue` and `tasks/<id>`. */
import {
  TASK_ENQUEUE_PATH, TASK_STATUS_PREFIX, type EnqueueResponse, type TaskStatus,
} from '../../../shared/sidecar-protocol.ts'
import { endpoint, prefixPattern, type Route } from '../http/router.ts'
import type { TaskQueue } from './queue.ts'

export function taskRoutes(queue: TaskQueue): Route[] {
  return [
    endpoint({
      method: 'POST', path: TASK_ENQUEUE_PATH,
      handle: ({ body }): Promise<EnqueueResponse> => queue.enqueue(body.name, body.payload, body.options),
    }),
    {
      method: 'GET', path: prefixPattern(TASK_STATUS_PREFIX, 1),
      handle: ({ params }): Promise<TaskStatus> => queue.status(params[0]),
    },
  ]
}
