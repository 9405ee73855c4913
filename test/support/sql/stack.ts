/**
 * The whole path for SQL tests: a real PostgreSQL and MariaDB, a redis-server, the sidecar in
 * this process (so tests can read its log), and a real nginx running test/apps/sql-app.ts.
 * The databases are named in the sidecar's environment, as users configure them:
 *   TRESTY_SQL_PGTEST=postgres://tresty@…/tresty  + TRESTY_SQL_PGTEST_PASSWORD=secret
 *   TRESTY_SQL_MYTEST=mysql://tresty:secret@…/tresty
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startApp, type TestServer } from '../nginx.ts'
import { startRedis, type TestRedis } from '../redis.ts'
import { startPostgres, type TestPostgres } from '../postgres.ts'
import { startMariadb, type TestMariadb } from '../mariadb.ts'
import { freePort } from '../../../src/node/runtime/nginx-process.ts'
import { sidecarNginxConfig } from '../../../src/node/sidecar/upstream-conf.ts'
import { startSidecar, type RunningSidecar } from '../../../src/node/sidecar/sidecar.ts'
import { TEST_SECRET } from '../sidecar/client.ts'

export interface SqlServers {
  pg: TestPostgres
  my: TestMariadb
  stop(): Promise<void>
}

export async function startDatabases(): Promise<SqlServers> {
  const [pg, my] = await Promise.allSettled([startPostgres(), startMariadb()])
  if (pg.status === 'rejected' || my.status === 'rejected') {
    if (pg.status === 'fulfilled') await pg.value.stop()
    if (my.status === 'fulfilled') await my.value.stop()
    throw (pg.status === 'rejected' ? pg.reason : (my as PromiseRejectedResult).reason)
  }
  return { pg: pg.value, my: my.value, stop: async () => { await Promise.all([pg.value.stop(), my.value.stop()]) } }
}

export interface SqlStack extends SqlServers {
  redis: TestRedis
  sidecar: RunningSidecar
  nginx: TestServer
  /** What the sidecar wrote to stderr since the start. */
  sidecarLog(): string
}

export async function startSqlStack(): Promise<SqlStack> {
  const dbs = await startDatabases()
  const redis = await startRedis()
  const dir = mkdtempSync(join(tmpdir(), 'tresty-sql-'))
  chmodSync(dir, 0o755) // nginx workers run as nobody
  let log = ''
  const write = process.stderr.write.bind(process.stderr)
  process.stderr.write = ((chunk: any, ...rest: any[]) => {
    log += String(chunk)
    return (write as any)(chunk, ...rest)
  }) as typeof process.stderr.write
  const closedPort = await freePort()
  Object.assign(process.env, {
    TRESTY_SQL_PGTEST: `postgres://tresty@127.0.0.1:${dbs.pg.port}/tresty`,
    TRESTY_SQL_PGTEST_PASSWORD: dbs.pg.password,
    TRESTY_SQL_MYTEST: dbs.my.url,
    TRESTY_SQL_PGDOWN: `postgres://tresty:x@127.0.0.1:${closedPort}/tresty`,
    TRESTY_SQL_MYDOWN: `mysql://tresty:x@127.0.0.1:${closedPort}/tresty`,
    TRESTY_SQL_POOL_SIZE: '4',
    TRESTY_SQL_CONNECT_TIMEOUT_MS: '1000',
    TRESTY_SQL_STATEMENT_TIMEOUT_MS: '1500',
  })
  let sidecar: RunningSidecar | null = null
  let nginx: TestServer | null = null
  const stop = async () => {
    nginx?.assertNoCrash()
    await nginx?.stop()
    await sidecar?.stop()
    process.stderr.write = write
    await redis.stop()
    await dbs.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const socket = join(dir, 'sidecar.sock')
    sidecar = await startSidecar({ socket, port: await freePort(), redisUrl: redis.url, workers: 0, secret: TEST_SECRET }, { file: join(dir, 'none.json') })
    const conf = sidecarNginxConfig({ socket, tcpPort: sidecar.addresses[1] && 'port' in sidecar.addresses[1] ? sidecar.addresses[1].port : undefined, timeoutMs: 5000 })
    // nginx passes the sidecar's secret on every call (docs/security.md).
    nginx = await startApp({ app: 'test/apps/sql-app.ts', workers: 2, http: conf.http, server: conf.server, main: 'env TRESTY_SIDECAR_SECRET;', env: { TRESTY_SIDECAR_SECRET: TEST_SECRET } })
  } catch (err) {
    await stop()
    throw err
  }
  return { ...dbs, redis, sidecar, nginx, sidecarLog: () => log, stop }
}
