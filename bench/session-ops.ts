/**
 * The cost of each crypto step of a session, per engine row (see bench/apps/session-ops.ts):
 *   npx tsx bench/session-ops.ts [row ...]       (default: all three rows)
 * Prints µs per op, the fastest of 10 batches of 500 — a floor, where the wrk figures of
 * `npm run bench -- --targets session-none,session-open,session-write` are what a request pays.
 */
import { startApp } from '../test/support/nginx.ts'
import { ROWS } from '../src/node/runtime/find-nginx.ts'
import { session } from '../src/njs/session/session.ts'
import { fakeExchange } from '../test/support/fake-exchange.ts'

// A session like bench/extra/session.ts's, sealed here in Node with the app's secret.
const x = fakeExchange()
const made = await session('sid', 'bench-secret-0123456789abcdef')(x.q, x.r, 7 * 86400)
Object.assign(made.data, { user: 'ann', roles: ['admin', 'editor'], prefs: { theme: 'dark', lang: 'en' } })
made.extra.name = 'Ann'
await made.save()
const cookie = Object.entries(x.cookieValues()).map(([k, v]) => `${k}=${v}`).join('; ')

const rows = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(ROWS)
for (const row of rows) {
  process.env.TRESTY_RUNTIME = row
  const s = await startApp({ app: 'bench/apps/session-ops.ts' })
  try {
    const res = await s.fetch('/cost', { headers: { cookie } })
    console.log(row, JSON.stringify(await res.json()))
  } finally {
    await s.stop()
  }
}
