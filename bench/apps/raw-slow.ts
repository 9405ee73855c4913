/**
 * Context-pool bench baseline: the raw handler answering after a 20 ms timer, so each request
 * holds its QuickJS context while it waits (a synchronous handler gives its context back before
 * the next request starts, and never fills the pool).
 */
function content(r: NginxHTTPRequest): void {
  const parts = r.uri.split('/')
  setTimeout(() => {
    r.headersOut['Content-Type'] = 'application/json'
    r.return(200, JSON.stringify({ message: 'Hello, World!', id: parts[2] }))
  }, 20)
}

export default { content }
