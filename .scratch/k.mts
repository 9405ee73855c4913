import { startApp } from '/work/wt/security/test/support/nginx.ts'
import { readFileSync } from 'node:fs'
const s = await startApp({ app: 'test/apps/core-app.ts', workers: 2 })

const m = s.nginx.process.pid!
const kids = readFileSync(`/proc/${m}/task/${m}/children`, 'utf8').trim().split(/\s+/).map(Number)
console.log('master', m, 'workers', kids)
const ex = new Promise((r) => s.nginx.process.once('exit', (c, sig) => { console.log('exit event', c, sig); r(0) }))
process.kill(m, 'SIGKILL')
await ex
await new Promise((r) => setTimeout(r, 300))
for (const k of kids) { try { process.kill(k, 0); console.log('alive', k, readFileSync(`/proc/${k}/stat`, 'utf8').slice(0, 60)) } catch { console.log('gone', k) } }
process.exit(0)
