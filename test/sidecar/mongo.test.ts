/**
 * The Mongo path through the official driver, against a real server when MONGO_URL is set and
 * against the wire-compatible stand-in (test/support/mongo-standin.ts) otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EJSON, ObjectId } from 'bson'
import { MongoClient } from 'mongodb'
import { startRedis, type TestRedis } from '../support/redis.ts'
import { startMongoStandin, type MongoStandin } from '../support/mongo-standin.ts'
import { startTestSidecar } from '../support/sidecar/sidecar.ts'
import { post } from '../support/sidecar/client.ts'
import { freePort } from '../../src/node/runtime/nginx-process.ts'
import type { RunningSidecar } from '../../src/node/sidecar/sidecar.ts'

const REAL = process.env.MONGO_URL
const BACKEND = REAL ? `real MongoDB (MONGO_URL)` : 'MongoDB wire stand-in (mingo + bson; set MONGO_URL for a real server)'
// A collection per run, so a real server's leftovers never meet the next run.
const COLL = `people_${process.pid}_${Date.now()}`

let redis: TestRedis
let standin: MongoStandin | undefined
let sidecar: RunningSidecar
let direct: MongoClient

beforeAll(async () => {
  process.stdout.write(`mongo tests run against: ${BACKEND}\n`)
  redis = await startRedis()
  standin = REAL ? undefined : await startMongoStandin()
  const mongoUrl = REAL ?? standin!.url
  sidecar = await startTestSidecar({ redisUrl: redis.url, mongoUrl, mongoDb: 'tresty_test' })
  direct = new MongoClient(mongoUrl)
})
afterAll(async () => {
  await direct?.db('tresty_test').collection(COLL).drop().catch(() => undefined)
  await direct?.close()
  await sidecar?.stop()
  await standin?.stop()
  await redis?.stop()
})

/** A Mongo call as the njs client makes it: EJSON both ways. */
async function mongo(op: string, body: object, coll = COLL) {
  const res = await post(sidecar.address, `/mongo/${coll}/${op}`, EJSON.stringify(body, { relaxed: true }))
  return { status: res.status, body: EJSON.parse(res.text, { relaxed: true }) as any }
}

describe(`mongo path — ${BACKEND}`, () => {
  const born = new Date('1990-05-17T10:00:00.000Z')
  let adaId: ObjectId

  it('insertOne: returns the new ObjectId; a Date survives the round trip', async () => {
    const res = await mongo('insertOne', { document: { name: 'Ada', born, langs: ['en'], score: 10 } })
    expect(res.status).toBe(200)
    expect(res.body.result.insertedId).toBeInstanceOf(ObjectId)
    adaId = res.body.result.insertedId
    const found = await mongo('findOne', { filter: { _id: adaId } })
    expect(found.body.result._id.equals(adaId)).toBe(true)
    expect(found.body.result.born).toBeInstanceOf(Date)
    expect(found.body.result.born.toISOString()).toBe(born.toISOString())
  })

  it('ObjectId and Date travel as EJSON on the wire', async () => {
    const res = await post(sidecar.address, `/mongo/${COLL}/findOne`, { filter: { _id: { $oid: adaId.toHexString() } } })
    expect(res.body.result._id).toEqual({ $oid: adaId.toHexString() })
    expect(Object.keys(res.body.result.born)).toEqual(['$date'])
    expect(new Date(res.body.result.born.$date).toISOString()).toBe(born.toISOString())
  })

  it('insertMany: ids in document order', async () => {
    const res = await mongo('insertMany', { documents: [
      { name: 'Bob', score: 5, born: new Date('1985-01-01') },
      { name: 'Cy', score: 7, born: new Date('2000-01-01') },
      { name: 'Di', score: 7, born: new Date('1995-01-01') },
    ] })
    expect(res.body.result.insertedIds).toHaveLength(3)
    for (const id of res.body.result.insertedIds) expect(id).toBeInstanceOf(ObjectId)
  })

  it('find: filter on a Date, sort, skip, limit, projection', async () => {
    const res = await mongo('find', { filter: { born: { $gt: new Date('1989-01-01') } }, sort: { score: -1, name: 1 }, projection: { _id: 0, name: 1 }, skip: 1, limit: 2 })
    expect(res.body.result).toEqual([{ name: 'Cy' }, { name: 'Di' }])
  })

  it('find: results larger than one batch come back whole (getMore)', async () => {
    const coll = `${COLL}_many`
    await mongo('insertMany', { documents: Array.from({ length: 250 }, (_, i) => ({ i })) }, coll)
    const res = await mongo('find', { sort: { i: 1 } }, coll)
    expect(res.body.result.map((d: { i: number }) => d.i)).toEqual(Array.from({ length: 250 }, (_, i) => i))
    await direct.db('tresty_test').collection(coll).drop()
  })

  it('updateOne with $set/$inc; updateMany; upsert', async () => {
    let res = await mongo('updateOne', { filter: { _id: adaId }, update: { $set: { title: 'Countess' }, $inc: { score: 1 } } })
    expect(res.body.result).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null })
    expect((await mongo('findOne', { filter: { _id: adaId } })).body.result).toMatchObject({ title: 'Countess', score: 11 })
    res = await mongo('updateMany', { filter: { score: 7 }, update: { $set: { tier: 'b' } } })
    expect(res.body.result).toMatchObject({ matchedCount: 2, modifiedCount: 2 })
    res = await mongo('updateOne', { filter: { name: 'Eve' }, update: { $set: { score: 1 } }, upsert: true })
    expect(res.body.result).toMatchObject({ matchedCount: 0, modifiedCount: 0 })
    expect(res.body.result.upsertedId).toBeInstanceOf(ObjectId)
    expect((await mongo('findOne', { filter: { name: 'Eve' } })).body.result).toMatchObject({ name: 'Eve', score: 1 })
  })

  it('countDocuments and aggregate ($match, $group, $sort)', async () => {
    expect((await mongo('countDocuments', { filter: { score: 7 } })).body.result).toBe(2)
    expect((await mongo('countDocuments', {})).body.result).toBe(5)
    const res = await mongo('aggregate', { pipeline: [
      { $match: { score: { $gte: 5 } } },
      { $group: { _id: '$score', n: { $sum: 1 } } },
      { $sort: { _id: -1 } },
    ] })
    expect(res.body.result).toEqual([{ _id: 11, n: 1 }, { _id: 7, n: 2 }, { _id: 5, n: 1 }])
  })

  it('deleteOne and deleteMany report counts', async () => {
    expect((await mongo('deleteOne', { filter: { score: 7 } })).body.result).toEqual({ deletedCount: 1 })
    expect((await mongo('deleteMany', { filter: { score: { $lt: 10 } } })).body.result).toEqual({ deletedCount: 3 })
    expect((await mongo('countDocuments', {})).body.result).toBe(1)
  })

  it('a duplicate key under a unique index → 409 duplicate_key', async () => {
    await direct.db('tresty_test').collection(COLL).createIndex({ name: 1 }, { unique: true })
    const res = await mongo('insertOne', { document: { name: 'Ada' } })
    expect(res.status).toBe(409)
    expect(res.body.error.code).toBe('duplicate_key')
    expect(res.body.error.message).toMatch(/E11000/)
  })

  it('bad input: unknown op 404, bad collection/filter/update 400, bad EJSON 400', async () => {
    expect((await mongo('dropDatabase', {})).status).toBe(404)
    expect((await mongo('find', {}, 'system.users')).status).toBe(400)
    expect((await mongo('find', { filter: 'name' })).status).toBe(400)
    expect((await mongo('updateOne', { filter: {}, update: 'x' })).status).toBe(400)
    expect((await mongo('updateOne', { filter: {}, update: { name: 'no operators' } })).status).toBe(400)
    expect((await mongo('insertMany', { documents: [] })).status).toBe(400)
    expect((await mongo('find', { sort: { name: 'up' } })).status).toBe(400)
    const bad = await post(sidecar.address, `/mongo/${COLL}/find`, '{"filter": {"_id": {"$oid": "not-hex"}}}')
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('bad_json')
  })
})

describe('mongo unavailable', () => {
  it('an unreachable server → 503 mongo_unavailable within the configured timeout', async () => {
    const port = await freePort()
    const down = await startTestSidecar({ redisUrl: redis.url, mongoUrl: `mongodb://127.0.0.1:${port}/x?directConnection=true`, mongoTimeoutMs: 300 })
    try {
      const started = Date.now()
      const res = await post(down.address, '/mongo/things/find', {})
      expect(res.status).toBe(503)
      expect(res.body.error.code).toBe('mongo_unavailable')
      expect(Date.now() - started).toBeLessThan(2000)
    } finally {
      await down.stop()
    }
  })

  it('no Mongo configured → 503 saying how to configure it', async () => {
    const none = await startTestSidecar({ redisUrl: redis.url })
    try {
      if (none.config.mongoUrl) return // MONGO_URL in the environment configures every sidecar
      const res = await post(none.address, '/mongo/things/find', {})
      expect(res.status).toBe(503)
      expect(res.body.error.message).toMatch(/TRESTY_MONGO_URL/)
    } finally {
      await none.stop()
    }
  })
})
