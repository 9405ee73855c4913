/**
 * The route layout every routed peer declares, the same as bench/apps/routes.ts: `n` routes in
 * all, REST-style resources under /api/v1 and /api/v2 (list, create, read, delete-with-a-digits
 * param), and GET /json/:id declared half-way through.
 *
 * Returns [{ method, prefix, path, param, digits }] where `path` is relative to `prefix` and
 * `param` names the `:id` segment (if any); each peer spells patterns its own way.
 */
export function routeLayout(n) {
  const out = []
  const resources = (from, to) => {
    for (let k = from; k < to; k++) {
      const i = k >> 2
      const prefix = i % 2 ? '/api/v2' : '/api/v1'
      switch (k & 3) {
        case 0: out.push({ method: 'GET', prefix, path: `/res${i}`, kind: 'list' }); break
        case 1: out.push({ method: 'POST', prefix, path: `/res${i}`, kind: 'create' }); break
        case 2: out.push({ method: 'GET', prefix, path: `/res${i}/:id`, kind: 'one' }); break
        default: out.push({ method: 'DELETE', prefix, path: `/res${i}/:id`, digits: true, kind: 'remove' })
      }
    }
  }
  const before = (n - 1) >> 1
  resources(0, before)
  out.push({ method: 'GET', prefix: '', path: '/json/:id', kind: 'json' })
  resources(before, n - 1)
  return out
}

/** argv: PORT [ROUTES] */
export function peerArgs() {
  const port = Number(process.argv[2])
  if (!port) throw new Error(`usage: node ${process.argv[1]} PORT [ROUTES]`)
  return { port, routes: Number(process.argv[3] || 100) }
}
