/** `redis.call` / `redis.pipeline` / `redis.publish` through the sidecar (allowlisted commands). */
import type { RedisArg, RedisPipelineResult, RedisReply } from '../../shared/sidecar-protocol.ts'
import { sidecarJson } from './transport.ts'
import type { CallContext, CallOptions } from './transport.ts'

export const redis = {
  call(ctx: CallContext, command: string, ...args: RedisArg[]): Promise<RedisReply> {
    return sidecarJson(ctx, 'POST', '/redis/call', { command, args }).then((res) => res.result)
  },

  /** Runs `[command, ...args]` entries in one round trip; each gets `{result}` or `{error}`. */
  pipeline(ctx: CallContext, commands: RedisArg[][], call?: CallOptions): Promise<RedisPipelineResult[]> {
    return sidecarJson(ctx, 'POST', '/redis/pipeline', { commands }, call).then((res) => res.results)
  },

  /** Resolves to the number of subscribers that received the message. */
  publish(ctx: CallContext, channel: string, message: string, call?: CallOptions): Promise<number> {
    return sidecarJson(ctx, 'POST', '/redis/publish', { channel, message }, call).then((res) => res.receivers)
  },
}
