/**
 * The baseline for cache-hit.ts: a hand-written njs handler reading the same JSON from the same
 * shared dict (filled on the first request), no framework, no envelope.
 */
function content(r: NginxHTTPRequest): void {
  const parts = r.uri.split('/')
  if (parts.length !== 3 || parts[1] !== 'cache' || r.method !== 'GET') {
    r.return(404)
    return
  }
  const dict = ngx.shared.tresty_cache as NgxSharedDict<string>
  const key = 'raw:' + parts[2]
  let body = dict.get(key) as string | undefined
  if (body === undefined) {
    body = JSON.stringify({ message: 'Hello, World!', id: parts[2] })
    dict.set(key, body)
  }
  r.headersOut['Content-Type'] = 'application/json'
  r.return(200, body)
}

export default { content }
