/** `tasks.enqueue` / `tasks.status`: background work run by the sidecar's worker processes. */
import { TASK_ENQUEUE_PATH, TASK_STATUS_PREFIX, type EnqueueOptions, type EnqueueResponse, type TaskStatus } from '../../shared/sidecar-protocol.ts'
import { postJson, sidecarJson } from './transport.ts'
import { encodeSegment } from '../utils/unicode.ts'
import type { CallContext, CallOptions } from './transport.ts'

export const tasks = {
  /** Queues task `name` (defined with `defineTask` on the Node side); resolves to its id at once. */
  enqueue(ctx: CallContext, name: string, payload?: unknown, options?: EnqueueOptions, call?: CallOptions): Promise<string> {
    return postJson(ctx, TASK_ENQUEUE_PATH, { name, payload, options }, call).then((res: EnqueueResponse) => res.id)
  },

  /** State, progress, result or error of a task; 404 when the id is unknown (or expired). */
  status(ctx: CallContext, id: string, call?: CallOptions): Promise<TaskStatus> {
    return sidecarJson(ctx, 'GET', TASK_STATUS_PREFIX + encodeSegment(String(id)), undefined, call)
  },
}
