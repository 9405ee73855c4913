/** `redis.call` / `redis.pipeline` / `redis.publish` through the sidecar (allowlisted commands). */
import { REDIS_CALL_PATH, REDIS_PIPELINE_PATH, REDIS_PUBLISH_PATH, type RedisArg, type RedisPipelineResult, type RedisReply } from '../../shared/sidecar-protocol.ts'
import { postJson } from './transport.ts'
import type { CallContext, CallOptions } from './transport.ts'

export const redis = {
  call(ctx: CallContext, command: string, ...args: RedisArg[]): Promise<RedisReply> {
    return postJson(ctx, REDIS_CALL_PATH, { command, args }).then((res) => res.result)
  },

  /** Runs `[command, ...args]` entries in one round trip; each gets `{result}` or `{error}`. */
  pipeline(ctx: CallContext, commands: RedisArg[][], call?: CallOptions): Promise<RedisPipelineResult[]> {
    return postJson(ctx, REDIS_PIPELINE_PATH, { commands }, call).then((res) => res.results)
  },

  /** Resolves to the number of subscribers that received the message. */
  publish(ctx: CallContext, channel: string, message: string, call?: CallOptions): Promise<number> {
    return postJson(ctx, REDIS_PUBLISH_PATH, { channel, message }, call).then((res) => res.receivers)
  },
}
