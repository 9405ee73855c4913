/** Peer: Node's own `http`, no framework; the path parameter taken from the URL by hand (as bench/apps/raw.ts). */
import { createServer } from 'node:http'
import { peerArgs } from './routes.mjs'

const { port } = peerArgs()
createServer((req, res) => {
  const parts = req.url.split('/')
  if (parts.length !== 3 || parts[1] !== 'json' || req.method !== 'GET') {
    res.writeHead(404).end()
    return
  }
  const body = JSON.stringify({ message: 'Hello, World!', id: parts[2] })
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}).listen(port, '127.0.0.1')
