#!/usr/bin/env node
// The tresty command: runs the TypeScript CLI through tsx (no separate compile step).
import { register } from 'tsx/esm/api'
register()
await import('../src/node/cli.ts')
