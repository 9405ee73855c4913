/** `POST /mongo/<collection>/<op>`: bodies and results travel as Extended JSON. */
import { MongoClient } from 'mongodb'
import { check, SidecarError } from '../errors.ts'
import { prefixPattern, type Route } from '../http/router.ts'
import { MONGO_PREFIX } from '../../../shared/sidecar-protocol.ts'
import { mongoError } from './errors.ts'
import { isMongoOp, MONGO_OPS } from './ops.ts'

// Letters, digits, `_ . -`; never the server's own `system.*` collections.
const COLLECTION = /^(?!system\.)[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}$/

export interface Mongo {
  client: MongoClient
  dbName?: string
}

export function connectMongo(url: string, timeoutMs: number, dbName?: string): Mongo {
  // The driver connects on first use; the timeouts make an unreachable server a quick 503.
  const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs })
  return { client, dbName }
}

export function mongoRoutes(mongo: Mongo | null): Route[] {
  return [{
    method: 'POST', path: prefixPattern(MONGO_PREFIX, 2), ejson: true,
    async handle({ body, params: [collection, op] }) {
      if (!isMongoOp(op)) throw new SidecarError('not_found', `unknown Mongo operation "${op}" (known: ${Object.keys(MONGO_OPS).join(', ')})`)
      check(COLLECTION.test(collection), `bad collection name "${collection}"`)
      if (!mongo) throw new SidecarError('mongo_unavailable', 'no MongoDB configured (set TRESTY_MONGO_URL or mongoUrl)')
      try {
        const result = await MONGO_OPS[op](mongo.client.db(mongo.dbName).collection(collection), body)
        return { result }
      } catch (err) {
        throw mongoError(err)
      }
    },
  }]
}
