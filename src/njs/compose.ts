/**
 * The handler chain. A handler returns a body, or calls `q.next(...more)` to run the next
 * handler with `more` appended to its own arguments and gets back what downstream returned
 * (control flows back upstream, as in Koa). App middleware runs first, then the route's
 * handlers; the two lists are walked in place so no array is built per request.
 */
import type { Handler, Request, Response } from './types.ts'

export function runChain(q: Request, r: Response, first: Handler[], second: Handler[]): any {
  return step(q, r, first, second, 0, [])
}

function step(q: Request, r: Response, first: Handler[], second: Handler[], i: number, args: any[]): any {
  const n = first.length
  const handler = i < n ? first[i] : second[i - n]
  q.next = function () {
    if (i + 1 >= n + second.length) return undefined
    let nextArgs = args
    if (arguments.length) {
      nextArgs = args.slice()
      for (let k = 0; k < arguments.length; k++) nextArgs.push(arguments[k])
    }
    return step(q, r, first, second, i + 1, nextArgs)
  }
  if (args.length === 0) return handler(q, r)
  return handler.apply(undefined, [q, r].concat(args) as any)
}
