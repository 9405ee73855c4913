/** `import { tasks, redis, mongo, oid } from 'tresty/sidecar'` — the njs client of the Node sidecar (see sidecar/index.ts). */
export * from './sidecar/index.ts'
