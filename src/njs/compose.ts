/**
 * The handler chain. A handler returns a body, or calls `q.next(...more)` to run the next
 * handler with `more` appended to its own arguments and gets back what downstream returned
 * (control flows back upstream, as in Koa). App middleware runs first, then the route's
 * handlers; the two lists are walked in place so no array is built per request.
 *
 * `q.next` is one shared function, not a closure per request: the chain's state is an array
 * on q (`_chain`, see `chainOf`), which also holds what q shows through getters. Measured on
 * QuickJS (instructions per request, the 100-route app): a closure, an `arguments` object per
 * step and the `q.next` property added per request cost ~7,000; an array ~1,100. So `next`
 * takes named parameters: it passes on up to 8 values, and undefined values at the end of the
 * list are not passed (it reads only `arguments.length`, to skip the eight tests when nothing
 * is passed).
 */
import type { Handler, Request, Response } from './types.ts'

/** The arguments of a step nobody passed anything to (never changed: `next` copies before adding). */
const NO_ARGS: any[] = []

/** The values given to `next`, without the undefined ones at the end. */
function given(a1: any, a2: any, a3: any, a4: any, a5: any, a6: any, a7: any, a8: any): any[] {
  const out = [a1, a2, a3, a4, a5, a6, a7, a8]
  let n = 8
  while (n > 0 && out[n - 1] === void 0) n--
  out.length = n
  return out
}

/** `q.next(...more)`: runs the step after the one that started last, with the arguments so far plus `more`. */
export function chainNext(this: Request, a1?: any, a2?: any, a3?: any, a4?: any, a5?: any, a6?: any, a7?: any, a8?: any, a9?: any): any {
  const q: any = this
  const st: any[] = q._chain
  const first: Handler[] = st[0]
  const n = first.length
  const i = st[2] + 1
  if (i >= n + st[1].length) return void 0
  st[2] = i
  let args: any[] = st[3]
  // `arguments.length` first: on QuickJS the eight tests cost ~1,400 instructions a step when
  // nothing is passed, the length ~700 (the njs engine pays ~400 more for it: QuickJS is the default).
  if (arguments.length !== 0 && (a1 !== void 0 || a2 !== void 0 || a3 !== void 0 || a4 !== void 0 || a5 !== void 0 || a6 !== void 0 || a7 !== void 0 || a8 !== void 0)) {
    if (a9 !== void 0) throw new TypeError('tresty: q.next() passes at most 8 values (pass an object or an array)')
    const more = given(a1, a2, a3, a4, a5, a6, a7, a8)
    args = st[3] = args.length ? args.concat(more) : more
  }
  const handler = i < n ? first[i] : st[1][i - n]
  if (args.length === 0) return handler(q, st[4])
  return handler.apply(void 0, [q, st[4]].concat(args) as any)
}

const NO_HANDLERS: Handler[] = []

/**
 * The per-request state on q as `_chain` (createRequest puts it there): [0] app middleware, [1] the route's handlers, [2] the step that started last, [3] its
 * arguments, [4] r, then what q shows through getters (request.ts): [5] the route's pattern,
 * [6] its captures (null: none yet), [7] the body limit.
 */
export function chainOf(first: Handler[] | null, second: Handler[] | null, r: Response | null, route: string, captures: string[] | null, bodyLimit: number): any[] {
  return [first || NO_HANDLERS, second || NO_HANDLERS, -1, NO_ARGS, r, route, captures, bodyLimit]
}

/**
 * Runs `first` then `second` for any q, from the start (the content phase's q already has its
 * chain from createRequest and calls `q.next()` itself); what q shows through getters is kept.
 */
export function runChain(q: Request, r: Response, first: Handler[], second: Handler[]): any {
  const st = (q as any)._chain
  ;(q as any)._chain = chainOf(first, second, r, st ? st[5] : '', st ? st[6] : null, st ? st[7] : 0)
  if (q.next !== chainNext) q.next = chainNext
  return q.next()
}
