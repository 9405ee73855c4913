/** `tresty/sidecar`: what apps and the CLI import on the Node side. */
export { startSidecar, type RunningSidecar } from './sidecar.ts'
export { loadConfig, defaultConfig, DEFAULT_REDIS_COMMANDS, type SidecarConfig } from './config.ts'
export { schedule, type NodeScheduleOptions, type NodeScheduledJob, type NodeScheduledRun } from '../schedule/index.ts'
export { defineTask, type TaskContext, type TaskHandler, type TaskDefinition } from './tasks/define.ts'
export type * from '../../shared/sidecar-protocol.ts'
export { sidecarUpstream, SIDECAR_LOCATIONS } from './nginx-conf.ts'
export { remoteBus, type RemoteBus, type RemoteBusOptions } from '../bus/index.ts'
export * from '../sql/index.ts'
