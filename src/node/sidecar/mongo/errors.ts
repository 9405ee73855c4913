/** Driver errors → protocol errors: the caller's mistakes (400/409) apart from an unreachable server (503). */
import {
  MongoAPIError, MongoNetworkError, MongoServerError, MongoServerSelectionError, MongoTopologyClosedError,
} from 'mongodb'
import { BSONError } from 'bson'
import { SidecarError } from '../errors.ts'

const DUPLICATE_KEY = 11000

export function mongoError(err: unknown): SidecarError {
  if (err instanceof SidecarError) return err
  const message = err instanceof Error ? err.message : String(err)
  if (err instanceof MongoServerError)
    return new SidecarError(err.code === DUPLICATE_KEY ? 'duplicate_key' : 'mongo_error', message)
  if (err instanceof MongoServerSelectionError || err instanceof MongoNetworkError || err instanceof MongoTopologyClosedError)
    return new SidecarError('mongo_unavailable', `MongoDB is unavailable: ${message}`)
  if (err instanceof MongoAPIError || err instanceof BSONError) return new SidecarError('bad_request', message)
  return new SidecarError('internal', message)
}
