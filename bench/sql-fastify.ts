/** The comparison for bench/extra/sql.ts: the same query from a Fastify + pg route. `node --import tsx bench/sql-fastify.ts PORT URL` */
import Fastify from 'fastify'
import pg from 'pg'

const [port, url] = process.argv.slice(2)
const pool = new pg.Pool({ connectionString: url, max: 10 })
const app = Fastify({ logger: false })
app.get<{ Params: { id: string } }>('/item/:id', async (req) => {
  const res = await pool.query('SELECT id, name, value FROM items WHERE id = $1', [Number(req.params.id)])
  return res.rows[0] ?? null
})
await app.listen({ port: Number(port), host: '127.0.0.1' })
process.stdout.write('ready\n')
