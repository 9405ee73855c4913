import { startProbe } from '/work/wt/security/test/security/support.ts'
const p = await startProbe()
await (await p.nginx.fetch('/users/2', { method: 'DELETE' })).arrayBuffer()
await (await p.nginx.fetch('/nowhere', { method: 'XYZ' })).arrayBuffer()
console.log((await p.json('/metrics')).text.split('\n').filter((l) => l.startsWith('http_requests_count')).join('\n'))
await p.stop()
