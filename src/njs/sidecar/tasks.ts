/** `tasks.enqueue` / `tasks.status`: background work run by the sidecar's worker processes. */
import type { EnqueueOptions, EnqueueResponse, TaskStatus } from '../../shared/sidecar-protocol.ts'
import { sidecarJson } from './transport.ts'
import { encodeSegment } from '../utils/unicode.ts'
import type { CallContext, CallOptions } from './transport.ts'

export const tasks = {
  /** Queues task `name` (defined with `defineTask` on the Node side); resolves to its id at once. */
  enqueue(ctx: CallContext, name: string, payload?: unknown, options?: EnqueueOptions, call?: CallOptions): Promise<string> {
    return sidecarJson(ctx, 'POST', '/tasks/enqueue', { name, payload, options }, call).then((res: EnqueueResponse) => res.id)
  },

  /** State, progress, result or error of a task; 404 when the id is unknown (or expired). */
  status(ctx: CallContext, id: string, call?: CallOptions): Promise<TaskStatus> {
    return sidecarJson(ctx, 'GET', `/tasks/${encodeSegment(String(id))}`, undefined, call)
  },
}
