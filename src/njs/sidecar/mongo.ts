/**
 * `mongo.<op>(q, collection, body)` for the ten operations the sidecar offers. Bodies and results
 * go through Extended JSON, so Dates and ObjectIds (see `oid`) survive.
 */
import { MONGO_PREFIX, type MongoOp, type MongoRequests, type MongoResults } from '../../shared/sidecar-protocol.ts'
import { fromEjson, toEjson } from './ejson.ts'
import { sidecarCall } from './transport.ts'
import { encodeSegment } from '../utils/unicode.ts'
import type { CallContext, CallOptions } from './transport.ts'

type MongoCall<K extends MongoOp> = (ctx: CallContext, collection: string, body: MongoRequests[K], call?: CallOptions) => Promise<MongoResults[K]>

function op<K extends MongoOp>(name: K): MongoCall<K> {
  return (ctx, collection, body, call) =>
    sidecarCall(ctx, 'POST', MONGO_PREFIX + encodeSegment(String(collection)) + '/' + name, JSON.stringify(toEjson(body)), call)
      .then((text) => fromEjson(JSON.parse(text)).result)
}

export const mongo = {
  find: op('find'),
  findOne: op('findOne'),
  insertOne: op('insertOne'),
  insertMany: op('insertMany'),
  updateOne: op('updateOne'),
  updateMany: op('updateMany'),
  deleteOne: op('deleteOne'),
  deleteMany: op('deleteMany'),
  aggregate: op('aggregate'),
  countDocuments: op('countDocuments'),
}
