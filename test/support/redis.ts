/** A throwaway redis-server for one test file (see src/node/runtime/redis-server.ts); `startRedis({port})` brings one back on the same port. */
export { startRedis, type RunningRedis as TestRedis } from '../../src/node/runtime/redis-server.ts'
