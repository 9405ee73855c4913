/**
 * The app behind test/nginx/client.test.ts: POST /call runs one tresty/client request described
 * in JSON and answers what came back (or the error), so the test can drive any option from Node.
 */
import { app } from 'tresty'
import type { Request } from 'tresty'
import { client, createClient, isClientError } from 'tresty/client'
import type { ClientResponse, RequestOptions } from 'tresty/client'

const a = app({ bodyLimit: 8 * 1024 * 1024 })

function summary(res: ClientResponse) {
  return {
    status: res.status, headers: res.headers, body: res.body, base64: res.bytes.toString('base64'),
    url: res.url, redirects: res.redirects, redirectStatuses: res.redirectStatuses,
  }
}

a.post('/call', (q: Request) => {
  const spec = q.json()
  const o: RequestOptions = spec.options || {}
  if (spec.bodyBase64) o.body = Buffer.from(spec.bodyBase64, 'base64')
  if (o.multipart) for (let i = 0; i < o.multipart.length; i++) {
    const part: any = o.multipart[i]
    if (part.base64) part.contents = Buffer.from(part.base64, 'base64')
  }
  if (o.proxy) o.q = q
  const c = spec.client ? createClient(spec.client) : client
  const started = Date.now()
  const call = spec.verb ? (c as any)[spec.verb](spec.url, o) : c.request(spec.method || 'GET', spec.url, o)
  return call.then(
    (res: ClientResponse) => ({ ok: true, ms: Date.now() - started, response: summary(res) }),
    (e: any) => {
      if (!isClientError(e)) throw e
      return {
        ok: false, ms: Date.now() - started,
        error: { name: e.name, message: e.message, timeout: !!e.timeout, request: { method: e.request.method, url: e.request.url, headers: e.request.headers } },
        response: e.response ? summary(e.response) : null,
      }
    },
  )
})

export default a
