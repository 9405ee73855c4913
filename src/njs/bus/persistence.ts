/**
 * Persistence as channels (Lusty's `data:request:*`): a module answers
 * `data:request:<kind>:get|save|delete|list` with any store that implements `Store`.
 *
 *   persistence(bus, 'note', redisStore())              // subscribes the four channels
 *   const [note] = await bus.publish('data:request:note:get', q, 'n1')
 *
 * or, with a config map, export `storeHandlers('note', store)`'s functions from a module and
 * name them in its `events`. The store's answer ends the publish (`stop`): a data request has
 * one answer. Observers subscribe to the same channel with a higher priority.
 *
 * Arguments: get/delete `(ctx, id)`, save `(ctx, id, value)`, list `(ctx)`; `ctx` is the
 * request `q` (stores reach Redis, SQL, … through the sidecar, which needs it).
 * Answers: get → the value, or nothing when absent; save → the value; delete → true/false;
 * list → an array. A bad id (empty, longer than 200, not a string) is a 400.
 */
import { stop, type Bus, type Subscription } from '../../shared/bus.ts'
import type { CallContext } from '../sidecar/transport.ts'
import { HttpError } from '../http-error.ts'

export interface Store {
  get(ctx: CallContext, kind: string, id: string): Promise<unknown>
  save(ctx: CallContext, kind: string, id: string, value: unknown): Promise<unknown>
  delete(ctx: CallContext, kind: string, id: string): Promise<boolean>
  list(ctx: CallContext, kind: string): Promise<unknown[]>
}

export interface StoreHandlers {
  get(ctx: CallContext, id: string): Promise<any>
  save(ctx: CallContext, id: string, value: unknown): Promise<any>
  delete(ctx: CallContext, id: string): Promise<any>
  list(ctx: CallContext): Promise<any>
}

function checkId(kind: string, id: unknown): string {
  if (typeof id !== 'string' || id === '' || id.length > 200) throw HttpError(400, `bad ${kind} id`)
  return id
}

/** Bus handlers (each answers with `stop(result)`) over `store` for one kind of record. */
export function storeHandlers(kind: string, store: Store): StoreHandlers {
  return {
    get: (ctx, id) => store.get(ctx, kind, checkId(kind, id)).then((v) => stop(v)),
    save: (ctx, id, value) => store.save(ctx, kind, checkId(kind, id), value).then((v) => stop(v)),
    delete: (ctx, id) => store.delete(ctx, kind, checkId(kind, id)).then((v) => stop(v)),
    list: (ctx) => store.list(ctx, kind).then((v) => stop(v)),
  }
}

/** Subscribes `data:request:<kind>:get|save|delete|list` to `store`. */
export function persistence(b: Bus, kind: string, store: Store): Subscription[] {
  const h = storeHandlers(kind, store)
  const base = 'data:request:' + kind + ':'
  return [b.subscribe(base + 'get', h.get), b.subscribe(base + 'save', h.save), b.subscribe(base + 'delete', h.delete), b.subscribe(base + 'list', h.list)]
}
