/** Sending bytes fetch() would refuse or normalise (bad %-encoding, odd methods, huge headers). */
import { connect } from 'node:net'

export interface RawResponse { status: number; head: string; body: string }

export function rawRequest(port: number, request: string | Buffer, timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const timer = setTimeout(() => { sock.destroy(); reject(new Error('raw request timed out')) }, timeoutMs)
    sock.on('data', (d) => chunks.push(d))
    sock.on('error', reject)
    sock.on('close', () => {
      clearTimeout(timer)
      const text = Buffer.concat(chunks).toString('latin1')
      const end = text.indexOf('\r\n\r\n')
      const head = end < 0 ? text : text.slice(0, end)
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head)
      resolve({ status: m ? Number(m[1]) : 0, head, body: end < 0 ? '' : text.slice(end + 4) })
    })
    sock.write(request)
  })
}

/** A GET with `Connection: close` and the given request line target and extra header lines. */
export function rawGet(port: number, target: string, method = 'GET', headers: string[] = []): Promise<RawResponse> {
  return rawRequest(port, [`${method} ${target} HTTP/1.1`, 'Host: localhost', 'Connection: close', ...headers, '', ''].join('\r\n'))
}
