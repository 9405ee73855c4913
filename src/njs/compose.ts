/**
 * The handler chain. A handler returns a body, or calls `q.next(...more)` to run the next
 * handler with `more` appended to its own arguments and gets back what downstream returned
 * (control flows back upstream, as in Koa). App middleware runs first, then the route's
 * handlers; the two lists are walked in place so no array is built per request.
 *
 * One `next` function per request, not one per step: it runs the step after the one that
 * started last (which is what `q.next`, reassigned at every step, always did). Closures are
 * among the dearer things on both engines (~0.2 µs on QuickJS, ~0.1 µs on the njs engine).
 */
import type { Handler, Request, Response } from './types.ts'

/** The arguments of a step nobody passed anything to (never changed: `next` copies before adding). */
const NO_ARGS: any[] = []

export function runChain(q: Request, r: Response, first: Handler[], second: Handler[]): any {
  const n = first.length
  const total = n + second.length
  /** The step that started last, and its arguments. */
  let i = -1
  let args = NO_ARGS
  function next(): any {
    if (i + 1 >= total) return void 0
    if (arguments.length) {
      args = args.slice()
      for (let k = 0; k < arguments.length; k++) args.push(arguments[k])
    }
    i++
    // Reassigned at every step, as before: a handler that replaced q.next does not change the next step's.
    q.next = next
    const handler = i < n ? first[i] : second[i - n]
    if (args.length === 0) return handler(q, r)
    return handler.apply(void 0, [q, r].concat(args) as any)
  }
  return next()
}
