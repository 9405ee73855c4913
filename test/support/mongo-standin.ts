/**
 * A test-only MongoDB stand-in: a TCP server speaking enough of the wire protocol (OP_MSG, plus
 * the legacy OP_QUERY/OP_REPLY handshake) for the official driver, with query, update and
 * aggregation semantics from `mingo` and documents in memory. It exists because no mongod can be
 * installed on the machines tests run on; with `MONGO_URL` set, tests use a real server instead.
 *
 * Covered: hello/isMaster, ping, buildInfo, endSessions, insert, find, getMore, killCursors,
 * update (operators, replacement, pipeline, upsert), delete, aggregate, count, createIndexes
 * (unique → E11000), listIndexes, listCollections, drop, dropDatabase. Not covered: sessions,
 * transactions, change streams, findAndModify, distinct, collation, auth.
 */
import { BSON, EJSON, Long, ObjectId, type Document } from 'bson'
import { aggregate, find, updateMany, updateOne } from 'mingo'
import { createServer, type Socket } from 'node:net'

const OP_REPLY = 1, OP_QUERY = 2004, OP_MSG = 2013
const CHECKSUM_PRESENT = 1, MORE_TO_COME = 2
const FIRST_BATCH = 101

export interface MongoStandin {
  url: string
  port: number
  stop(): Promise<void>
}

interface Collection {
  docs: Document[]
  indexes: { name: string; key: Document; unique?: boolean }[]
}

export async function startMongoStandin(): Promise<MongoStandin> {
  const store = new Store()
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    let pending = Buffer.alloc(0)
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk])
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const message = pending.subarray(0, pending.readInt32LE(0))
        pending = pending.subarray(message.length)
        const reply = answer(store, message)
        if (reply) socket.write(reply)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    url: `mongodb://127.0.0.1:${port}/tresty_test?directConnection=true`,
    port,
    stop: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    }),
  }
}

// ------------------------------------------------------------------------------- wire format

function answer(store: Store, msg: Buffer): Buffer | null {
  const requestId = msg.readInt32LE(4), opCode = msg.readInt32LE(12)
  if (opCode === OP_QUERY) {
    const nameEnd = msg.indexOf(0, 20)
    const query = BSON.deserialize(msg.subarray(nameEnd + 9))
    const body = BSON.serialize(store.run(query.$query ?? query))
    const head = Buffer.alloc(20)
    head.writeInt32LE(0, 0) // responseFlags
    head.writeBigInt64LE(0n, 4) // cursorID
    head.writeInt32LE(0, 12) // startingFrom
    head.writeInt32LE(1, 16) // numberReturned
    return frame(requestId, OP_REPLY, Buffer.concat([head, body]))
  }
  if (opCode !== OP_MSG) throw new Error(`mongo stand-in: unsupported opCode ${opCode}`)
  const flags = msg.readUInt32LE(16)
  const end = msg.length - (flags & CHECKSUM_PRESENT ? 4 : 0)
  let body: Document = {}
  for (let at = 20; at < end;) {
    const kind = msg[at++]
    const size = msg.readInt32LE(at)
    if (kind === 0) body = { ...BSON.deserialize(msg.subarray(at, at + size)), ...body }
    else { // kind 1: a named sequence of documents (e.g. `documents` of an insert)
      const idEnd = msg.indexOf(0, at + 4)
      const id = msg.toString('utf8', at + 4, idEnd)
      const docs: Document[] = []
      for (let d = idEnd + 1; d < at + size; d += msg.readInt32LE(d)) docs.push(BSON.deserialize(msg.subarray(d, d + msg.readInt32LE(d))))
      body[id] = docs
    }
    at += size
  }
  const reply = store.run(body)
  if (flags & MORE_TO_COME) return null
  const section = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), BSON.serialize(reply)]) // flagBits 0, kind 0
  return frame(requestId, OP_MSG, section)
}

function frame(responseTo: number, opCode: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(16)
  head.writeInt32LE(16 + payload.length, 0)
  head.writeInt32LE(0, 4)
  head.writeInt32LE(responseTo, 8)
  head.writeInt32LE(opCode, 12)
  return Buffer.concat([head, payload])
}

// ---------------------------------------------------------------------------------- commands

class Store {
  private collections: { [ns: string]: Collection } = {}
  private cursors: { [id: string]: { ns: string; rest: Document[] } } = {}
  private nextCursor = 1

  run(cmd: Document): Document {
    const name = Object.keys(cmd)[0]
    const ns = `${cmd.$db ?? 'admin'}.${cmd[name]}`
    try {
      switch (name.toLowerCase()) {
        case 'hello': case 'ismaster':
          return {
            helloOk: true, ismaster: true, isWritablePrimary: true, maxBsonObjectSize: 16 * 1024 * 1024,
            maxMessageSizeBytes: 48 * 1000 * 1000, maxWriteBatchSize: 100_000, localTime: new Date(),
            logicalSessionTimeoutMinutes: 30, connectionId: 1, minWireVersion: 0, maxWireVersion: 17, readOnly: false, ok: 1,
          }
        case 'ping': case 'endsessions': return { ok: 1 }
        case 'buildinfo': return { version: '6.0.0-standin', versionArray: [6, 0, 0, 0], ok: 1 }
        case 'insert': return this.insert(ns, cmd.documents, cmd.ordered !== false)
        case 'find': {
          let cursor = find(this.coll(ns).docs, cmd.filter ?? {}, cmd.projection)
          if (cmd.sort) cursor = cursor.sort(cmd.sort)
          if (cmd.skip) cursor = cursor.skip(cmd.skip)
          if (cmd.limit) cursor = cursor.limit(Math.abs(cmd.limit))
          return this.cursor(ns, cursor.all() as Document[], cmd.batchSize, cmd.singleBatch)
        }
        case 'aggregate': return this.cursor(ns, aggregate(this.coll(ns).docs, cmd.pipeline) as Document[], cmd.cursor?.batchSize)
        case 'getmore': {
          const id = String(cmd.getMore), c = this.cursors[id]
          if (!c) return { ok: 0, code: 43, codeName: 'CursorNotFound', errmsg: `cursor id ${id} not found` }
          const batch = c.rest.splice(0, cmd.batchSize || c.rest.length)
          if (!c.rest.length) delete this.cursors[id]
          return { cursor: { nextBatch: batch, id: Long.fromString(c.rest.length ? id : '0'), ns: c.ns }, ok: 1 }
        }
        case 'killcursors':
          for (const id of cmd.cursors) delete this.cursors[String(id)]
          return { cursorsKilled: cmd.cursors, cursorsNotFound: [], cursorsAlive: [], cursorsUnknown: [], ok: 1 }
        case 'update': return this.update(ns, cmd.updates)
        case 'delete': {
          let n = 0
          for (const d of cmd.deletes) {
            const c = this.coll(ns)
            const hits = find(c.docs, d.q).all()
            const gone = new Set(d.limit === 1 ? hits.slice(0, 1) : hits)
            c.docs = c.docs.filter((doc) => !gone.has(doc))
            n += gone.size
          }
          return { n, ok: 1 }
        }
        case 'count': {
          let hits = find(this.coll(ns).docs, cmd.query ?? {}).all().slice(cmd.skip ?? 0)
          if (cmd.limit) hits = hits.slice(0, cmd.limit)
          return { n: hits.length, ok: 1 }
        }
        case 'createindexes': {
          const c = this.coll(ns), before = c.indexes.length
          for (const ix of cmd.indexes) if (!c.indexes.some((i) => i.name === ix.name)) c.indexes.push(ix)
          return { numIndexesBefore: before, numIndexesAfter: c.indexes.length, createdCollectionAutomatically: false, ok: 1 }
        }
        case 'listindexes': return this.cursor(ns, this.coll(ns).indexes.map((i) => ({ v: 2, ...i })))
        case 'listcollections': {
          const names = Object.keys(this.collections).filter((n) => n.startsWith(`${cmd.$db}.`)).map((n) => n.slice(cmd.$db.length + 1))
          return this.cursor(`${cmd.$db}.$cmd.listCollections`, names.map((n) => ({ name: n, type: 'collection', options: {}, info: { readOnly: false } })))
        }
        case 'drop':
          if (!this.collections[ns]) return { ok: 0, code: 26, codeName: 'NamespaceNotFound', errmsg: 'ns not found' }
          delete this.collections[ns]
          return { ns, ok: 1 }
        case 'dropdatabase':
          for (const n of Object.keys(this.collections)) if (n.startsWith(`${cmd.$db}.`)) delete this.collections[n]
          return { ok: 1 }
        default: return { ok: 0, code: 59, codeName: 'CommandNotFound', errmsg: `no such command: '${name}'` }
      }
    } catch (err) {
      return { ok: 0, code: 2, codeName: 'BadValue', errmsg: (err as Error).message }
    }
  }

  private coll(ns: string): Collection {
    return (this.collections[ns] ??= { docs: [], indexes: [{ name: '_id_', key: { _id: 1 }, unique: true }] })
  }

  private cursor(ns: string, docs: Document[], batchSize = FIRST_BATCH, singleBatch = false) {
    const firstBatch = docs.slice(0, batchSize), rest = singleBatch ? [] : docs.slice(batchSize)
    let id = 0
    if (rest.length) this.cursors[String(id = this.nextCursor++)] = { ns, rest }
    return { cursor: { firstBatch, id: Long.fromNumber(id), ns }, ok: 1 }
  }

  /** The key of `doc` under a unique index that another document already has, if any. */
  private duplicate(c: Collection, doc: Document): { name: string; key: string } | null {
    for (const ix of c.indexes.filter((i) => i.unique)) {
      const key = (d: Document) => EJSON.stringify(Object.keys(ix.key).map((f) => d[f] ?? null))
      if (c.docs.some((d) => d !== doc && key(d) === key(doc))) return { name: ix.name, key: key(doc) }
    }
    return null
  }

  private insert(ns: string, docs: Document[], ordered: boolean): Document {
    const c = this.coll(ns), writeErrors: Document[] = []
    let n = 0
    for (const [index, doc] of docs.entries()) {
      doc._id ??= new ObjectId()
      const dup = this.duplicate(c, doc)
      if (dup) {
        writeErrors.push({ index, code: 11000, errmsg: `E11000 duplicate key error collection: ${ns} index: ${dup.name} dup key: ${dup.key}` })
        if (ordered) break
      } else { c.docs.push(doc); n++ }
    }
    return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 }
  }

  private update(ns: string, updates: Document[]): Document {
    const c = this.coll(ns), upserted: Document[] = []
    let n = 0, nModified = 0
    for (const [index, u] of updates.entries()) {
      const isReplacement = !Array.isArray(u.u) && !Object.keys(u.u).some((k) => k.startsWith('$'))
      let r: { matchedCount: number; modifiedCount: number }
      if (isReplacement) {
        const hit = find(c.docs, u.q).all()[0] as Document | undefined
        if (hit) c.docs[c.docs.indexOf(hit)] = { _id: hit._id, ...u.u }
        r = { matchedCount: hit ? 1 : 0, modifiedCount: hit ? 1 : 0 }
      } else r = (u.multi ? updateMany : updateOne)(c.docs, u.q, u.u, { arrayFilters: u.arrayFilters })
      if (!r.matchedCount && u.upsert) {
        // The new document: the filter's plain equality fields, then the update applied to it.
        const seed: Document = Object.fromEntries(Object.entries(u.q).filter(([k, v]) => !k.startsWith('$') && !(v && typeof v === 'object' && Object.keys(v).some((o) => o.startsWith('$')))))
        const doc: Document = isReplacement ? { ...u.u } : seed
        if (!isReplacement) updateOne([doc], {}, u.u)
        doc._id ??= seed._id ?? new ObjectId()
        c.docs.push(doc)
        upserted.push({ index, _id: doc._id })
        n++
      }
      n += r.matchedCount
      nModified += r.modifiedCount
    }
    return upserted.length ? { n, nModified, upserted, ok: 1 } : { n, nModified, ok: 1 }
  }
}
