/** `redis/call`, `redis/pipeline` and `redis/publish`. */
import type { Redis } from 'ioredis'
import {
  REDIS_CALL_PATH, REDIS_PIPELINE_PATH, REDIS_PUBLISH_PATH, type PublishResponse, type RedisArg, type RedisCallResponse, type RedisPipelineResponse, type RedisPipelineResult, type RedisReply,
} from '../../../shared/sidecar-protocol.ts'
import { check } from '../errors.ts'
import { endpoint, type Route } from '../http/router.ts'
import type { Allowlist } from './allowlist.ts'
import { redisError, withRedis } from './errors.ts'

export function redisRoutes(redis: Redis, url: string, allowed: Allowlist): Route[] {
  return [
    endpoint({
      method: 'POST', path: REDIS_CALL_PATH,
      async handle({ body }): Promise<RedisCallResponse> {
        const command = allowed(body.command)
        const args = commandArgs(body.args ?? [])
        return { result: await withRedis(url, () => redis.call(command, ...args)) as RedisReply }
      },
    }),
    endpoint({
      method: 'POST', path: REDIS_PIPELINE_PATH,
      async handle({ body }): Promise<RedisPipelineResponse> {
        check(Array.isArray(body.commands) && body.commands.length > 0, 'commands must be a non-empty array of [command, ...args]')
        const pipeline = redis.pipeline()
        for (const entry of body.commands as unknown[]) {
          check(Array.isArray(entry) && entry.length > 0, 'each pipeline entry must be [command, ...args]')
          pipeline.call(allowed(entry[0]), ...commandArgs(entry.slice(1)))
        }
        const replies = await withRedis(url, () => pipeline.exec())
        return { results: (replies ?? []).map(([err, result]): RedisPipelineResult => {
          if (!err) return { result: result as RedisReply }
          // A command-level error is that command's result; losing Redis fails the whole call.
          const mapped = redisError(err, url)
          if (mapped.code === 'redis_unavailable') throw mapped
          return { error: mapped.message }
        }) }
      },
    }),
    endpoint({
      method: 'POST', path: REDIS_PUBLISH_PATH,
      async handle({ body }): Promise<PublishResponse> {
        check(typeof body.channel === 'string' && body.channel !== '', 'channel must be a non-empty string')
        check(typeof body.message === 'string', 'message must be a string')
        return { receivers: await withRedis(url, () => redis.publish(body.channel as string, body.message as string)) }
      },
    }),
  ]
}

function commandArgs(args: unknown): RedisArg[] {
  check(Array.isArray(args), 'args must be an array')
  for (const a of args) check(typeof a === 'string' || typeof a === 'number', 'Redis arguments must be strings or numbers')
  return args as RedisArg[]
}
