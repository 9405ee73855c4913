/** Reading a request body under a size limit, and decoding it as JSON or Extended JSON. */
import type { IncomingMessage } from 'node:http'
import { EJSON } from 'bson'
import { SidecarError } from '../errors.ts'

export type JsonObject = { [key: string]: unknown }

export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'])
  if (declared > limit) return Promise.reject(tooLarge(limit))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        // Stop buffering; the server answers 413 and closes the connection.
        req.removeAllListeners('data')
        req.pause()
        reject(tooLarge(limit))
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** Parses a request body that must be one JSON object (EJSON for Mongo routes). */
export function decodeObject(text: string, ejson: boolean): JsonObject {
  if (text.trim() === '') return {}
  let value: unknown
  try {
    value = ejson ? EJSON.parse(text, { relaxed: true }) : JSON.parse(text)
  } catch (e) {
    throw new SidecarError('bad_json', `request body is not valid ${ejson ? 'Extended ' : ''}JSON: ${(e as Error).message}`)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new SidecarError('bad_request', 'request body must be a JSON object')
  return value as JsonObject
}

export function encode(value: unknown, ejson: boolean): string {
  return ejson ? EJSON.stringify(value, { relaxed: true }) : JSON.stringify(value)
}

function tooLarge(limit: number) {
  return new SidecarError('payload_too_large', `request body is larger than the limit of ${limit} bytes`)
}
