/**
 * The Mongo operations the sidecar offers, each taking its `MongoRequests` body (already decoded
 * from EJSON) and answering its `MongoResults` shape. Options are picked one by one: a request
 * cannot pass driver options the protocol does not name (sessions, write concerns, …).
 */
import type { Collection, Document, UpdateResult as DriverUpdateResult } from 'mongodb'
import type { MongoOp, MongoResults, UpdateResult } from '../../../shared/sidecar-protocol.ts'
import { check } from '../errors.ts'
import type { JsonObject } from '../http/body.ts'

type Op<K extends MongoOp> = (c: Collection, body: JsonObject) => Promise<MongoResults[K]>

export const MONGO_OPS: { [K in MongoOp]: Op<K> } = {
  find: (c, b) => c.find(filter(b), { sort: sort(b), projection: optDoc(b, 'projection'), skip: count(b, 'skip'), limit: count(b, 'limit') }).toArray(),
  findOne: (c, b) => c.findOne(filter(b), { sort: sort(b), projection: optDoc(b, 'projection'), skip: count(b, 'skip') }),
  insertOne: async (c, b) => ({ insertedId: (await c.insertOne(doc(b.document, 'document'))).insertedId }),
  insertMany: async (c, b) => {
    check(Array.isArray(b.documents) && b.documents.length > 0, 'documents must be a non-empty array of objects')
    const docs = b.documents.map((d, i) => doc(d, `documents[${i}]`))
    const res = await c.insertMany(docs, { ordered: b.ordered !== false })
    return { insertedIds: docs.map((_, i) => res.insertedIds[i]) }
  },
  updateOne: async (c, b) => updated(await c.updateOne(doc(b.filter, 'filter'), update(b), { upsert: b.upsert === true })),
  updateMany: async (c, b) => updated(await c.updateMany(doc(b.filter, 'filter'), update(b), { upsert: b.upsert === true })),
  deleteOne: async (c, b) => ({ deletedCount: (await c.deleteOne(doc(b.filter, 'filter'))).deletedCount }),
  deleteMany: async (c, b) => ({ deletedCount: (await c.deleteMany(doc(b.filter, 'filter'))).deletedCount }),
  aggregate: (c, b) => {
    check(Array.isArray(b.pipeline), 'pipeline must be an array of stages')
    return c.aggregate(b.pipeline.map((s, i) => doc(s, `pipeline[${i}]`))).toArray()
  },
  countDocuments: (c, b) => c.countDocuments(filter(b), { skip: count(b, 'skip'), limit: count(b, 'limit') }),
}

export function isMongoOp(op: string): op is MongoOp {
  return Object.prototype.hasOwnProperty.call(MONGO_OPS, op)
}

function doc(v: unknown, what: string): Document {
  check(v !== null && typeof v === 'object' && !Array.isArray(v), `${what} must be an object`)
  return v as Document
}

const filter = (b: JsonObject) => (b.filter === undefined ? {} : doc(b.filter, 'filter'))
const optDoc = (b: JsonObject, key: string) => (b[key] === undefined ? undefined : doc(b[key], key))

function sort(b: JsonObject) {
  if (b.sort === undefined) return undefined
  const s = doc(b.sort, 'sort')
  for (const [field, dir] of Object.entries(s)) check(dir === 1 || dir === -1, `sort.${field} must be 1 or -1`)
  return s as { [field: string]: 1 | -1 }
}

function count(b: JsonObject, key: string) {
  const v = b[key]
  if (v === undefined) return undefined
  check(typeof v === 'number' && Number.isInteger(v) && v >= 0, `${key} must be an integer ≥ 0`)
  return v
}

/** An operator document (`{$set: …}`) or an aggregation-pipeline update (an array of stages). */
function update(b: JsonObject): Document | Document[] {
  if (Array.isArray(b.update)) return b.update.map((s, i) => doc(s, `update[${i}]`))
  return doc(b.update, 'update')
}

function updated(r: DriverUpdateResult): UpdateResult {
  return { matchedCount: r.matchedCount, modifiedCount: r.modifiedCount, upsertedId: r.upsertedId ?? null }
}
