/**
 * HTTP requests as channels: `a.use(busRequests(bus))` publishes every request on
 * `http:request:<method>` (lower case: `http:request:get`) with `(q, r)`. The first result a
 * subscriber gives is the response body; when nobody answers, the request goes on to the
 * app's routes (404 when there are none). A Lusty-style app needs no router:
 *
 *   bus.subscribe('http:request:get', (q) => stop({ hello: q.query.name }), { predicate: (q) => q.path === '/hello' })
 *   a.use(busRequests(bus))
 *
 * Subscribers of `http:request` and `http` see every method (after the method's own, unless
 * one of those returned `stop(...)`). A subscriber that throws an HttpError answers with its
 * status; anything else thrown is a 500 (the app's error handling).
 */
import type { Handler, Request, Response } from '../types.ts'
import type { Bus } from '../../shared/bus.ts'

export function requestChannel(method: string): string {
  return 'http:request:' + method.toLowerCase()
}

export function busRequests(b: Bus): Handler {
  return (q: Request, r: Response) =>
    b.publish(requestChannel(q.method), q, r).then((results) => (results.length ? results[0] : q.next()))
}
