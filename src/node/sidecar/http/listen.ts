/** Listening on a unix socket (replacing a stale one, never a live one) or a TCP port. */
import { chmodSync, existsSync, mkdirSync, unlinkSync } from 'node:fs'
import type { Server } from 'node:http'
import { connect } from 'node:net'
import { dirname } from 'node:path'

export type Address = { socket: string } | { port: number; host: string }

export async function listen(server: Server, where: Address, socketMode: number): Promise<Address> {
  if ('socket' in where) {
    await removeStaleSocket(where.socket)
    mkdirSync(dirname(where.socket), { recursive: true })
    await bind(server, () => server.listen(where.socket))
    chmodSync(where.socket, socketMode)
    return where
  }
  await bind(server, () => server.listen(where.port, where.host))
  const addr = server.address()
  return { port: typeof addr === 'object' && addr ? addr.port : where.port, host: where.host }
}

function bind(server: Server, start: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.once('listening', () => {
      server.off('error', reject)
      resolve()
    })
    start()
  })
}

/** A socket file left by a crashed sidecar blocks `listen`; one that answers belongs to a live one. */
async function removeStaleSocket(path: string) {
  if (!existsSync(path)) return
  const alive = await new Promise<boolean>((resolve) => {
    const sock = connect(path)
    sock.once('connect', () => { sock.destroy(); resolve(true) })
    sock.once('error', () => resolve(false))
  })
  if (alive) throw new Error(`another process is listening on ${path}`)
  unlinkSync(path)
}
