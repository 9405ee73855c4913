/**
 * A local HTTP server that records every request it gets and answers by path, for client tests:
 *   /echo…                 200, JSON of the request as received
 *   /status/<n>            status n, body "status <n>" (or ?body=)
 *   /redirect/<code>?to=   code with Location: to (any value, relative or absolute)
 *   /chain/<n>             302 to /chain/<n-1> … /chain/0 answers 200
 *   /flaky/<key>?fail=<n>  503 for the first n requests of <key>, then 200
 *   /slow?ms=              answers after ms
 *   /big?bytes=            a body of that many bytes ('x')
 *   /latin1                bytes that are not UTF-8 (ISO-8859-1 "café ÿ")
 * While `script` (shared between servers) holds responses, any request gets the next one instead.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Recorded {
  method: string
  /** The request target as sent (origin-form, or absolute-form through a proxy). */
  url: string
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

export interface ScriptedResponse {
  status: number
  headers?: Record<string, string>
  body?: string
}

export interface RecordingServer {
  port: number
  url: string
  requests: Recorded[]
  server: Server
  /** Scripted answers, consumed in order (share one array between servers for cross-origin cases). */
  script: ScriptedResponse[]
  close(): Promise<void>
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** `log`, when given, receives every request too, in arrival order (shared between servers). */
export async function startRecordingServer(port = 0, script: ScriptedResponse[] = [], log?: Recorded[]): Promise<RecordingServer> {
  const requests: Recorded[] = []
  const flaky: Record<string, number> = {}
  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }
    requests.push(rec)
    log?.push(rec)
    const scripted = script.shift()
    if (scripted) {
      res.writeHead(scripted.status, scripted.headers ?? {})
      return res.end(scripted.body ?? '')
    }
    const u = new URL(req.url ?? '/', 'http://x')
    const parts = u.pathname.split('/')
    switch (parts[1]) {
      case 'status': {
        const n = Number(parts[2])
        res.writeHead(n, { 'content-type': 'text/plain' })
        return res.end(u.searchParams.get('body') ?? `status ${n}`)
      }
      case 'redirect':
        res.writeHead(Number(parts[2]), { location: u.searchParams.get('to') ?? '/echo' })
        return res.end()
      case 'chain': {
        const n = Number(parts[2])
        if (n <= 0) { res.writeHead(200); return res.end('end of chain') }
        res.writeHead(302, { location: `/chain/${n - 1}` })
        return res.end()
      }
      case 'flaky': {
        const seen = (flaky[parts[2]] = (flaky[parts[2]] ?? 0) + 1)
        if (seen <= Number(u.searchParams.get('fail') ?? 1)) { res.writeHead(503); return res.end('busy') }
        res.writeHead(200)
        return res.end(`ok after ${seen}`)
      }
      case 'slow':
        setTimeout(() => { res.writeHead(200); res.end('slow') }, Number(u.searchParams.get('ms') ?? 1000))
        return
      case 'big':
        res.writeHead(200, { 'content-type': 'application/octet-stream' })
        return res.end(Buffer.alloc(Number(u.searchParams.get('bytes')), 'x'))
      case 'latin1':
        res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' })
        return res.end(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0xff]))
      default:
        res.writeHead(200, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] })
        return res.end(JSON.stringify({ method: rec.method, url: rec.url, headers: rec.headers, body: body.toString('base64') }))
    }
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
  const actual = (server.address() as AddressInfo).port
  return {
    port: actual, url: `http://127.0.0.1:${actual}`, requests, server, script,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}
