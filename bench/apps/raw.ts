/**
 * The baseline: a hand-written njs handler, no framework. The same response as the tresty
 * route (`{"message":"Hello, World!","id":"42"}` for GET /json/42), the path parameter taken
 * from the URI by hand. Exported as `content` so the same nginx config serves it.
 */
function content(r: NginxHTTPRequest): void {
  const parts = r.uri.split('/')
  if (parts.length !== 3 || parts[1] !== 'json' || r.method !== 'GET') {
    r.return(404)
    return
  }
  r.headersOut['Content-Type'] = 'application/json'
  r.return(200, JSON.stringify({ message: 'Hello, World!', id: parts[2] }))
}

export default { content }
