import { startProbe } from '/work/wt/security/test/security/support.ts'
import { rawRequest, rawGet } from '/work/wt/security/test/support/raw-http.ts'
const p = await startProbe()
const port = p.nginx.port
const show = async (name: string, r: Promise<any>) => { try { const x = await r; console.log(name, x.status, String(x.body || x.text || '').slice(0, 200)) } catch (e) { console.log(name, 'ERR', e) } }
await show('empty multipart', rawRequest(port, 'POST /multipart HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary=abc\r\nContent-Length: 0\r\n\r\n'))
await show('empty json', rawRequest(port, 'POST /json HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n'))
await show('empty form', rawRequest(port, 'POST /form HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n'))
await show('empty text', rawRequest(port, 'POST /text HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'))
await show('empty bytes', rawRequest(port, 'POST /bytes HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'))
await show('empty chunked mp', rawRequest(port, 'POST /multipart HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary=abc\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'))
for (const path of ['/reports/%ED%A0%80', '/reports/%ED%B0%80x', '/kv/%ED%A0%80', '/collections/%ED%A0%80', '/label/%ED%A0%80', '/users/%ED%A0%80', '/label/' + 'a'.repeat(255) + '%F0%9F%98%80', '/reports/%FF', '/reports/%C0%AF', '/query?a=%ED%A0%80', '/reports/..%2f..%2fhealth', '/collections/a%2fb']) await show(path, rawGet(port, path))
await show('json surrogate', p.json('/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"\\ud800"' }))
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n)
for (const n of [31, 32, 33, 100, 1000, 10000, 100000]) await show('deep ' + n, p.json('/json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep(n) }))
const mb = Buffer.from(await (await p.nginx.fetch('/metrics')).arrayBuffer()); try { new TextDecoder('utf-8', { fatal: true }).decode(mb); console.log('metrics utf8 ok') } catch (e) { console.log('metrics INVALID utf8') }
console.log((await p.json('/metrics')).text.split('\n').filter((l) => l.includes('probe_hits')).map((l) => JSON.stringify(l.slice(-60))).join('\n'))
console.log(p.nginx.errorLog().split('\n').filter((l) => /error|crit|alert|exited/.test(l)).slice(-30).join('\n'))
await p.stop()
