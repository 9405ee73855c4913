/**
 * `tresty dev`: build the app, write a config under .tresty/, start nginx on PORT and stop
 * everything on Ctrl-C.
 */
import { join, resolve } from 'node:path'
import { bundle } from './build/bundle.ts'
import { findRuntime } from './runtime/nginx.ts'
import { writeConfig } from './runtime/config.ts'
import { startNginx } from './runtime/server.ts'

export interface DevOptions {
  app: string
  port: number
  prefix?: string
  workers?: number
}

export async function runDev(o: DevOptions): Promise<void> {
  const runtime = findRuntime()
  const prefix = resolve(o.prefix || '.tresty')
  const built = await bundle(o.app, join(prefix, 'js'))
  console.log(`tresty: built ${built.file} (${(built.bytes / 1024).toFixed(1)} KiB)`)
  const conf = writeConfig(runtime, {
    prefix, port: o.port, jsDir: join(prefix, 'js'), module: built.file.split('/').pop()!,
    workers: o.workers ?? 2, accessLog: true,
  })
  const nginx = await startNginx(runtime, prefix, conf, o.port)
  console.log(`tresty: ${runtime.description}\ntresty: listening on http://127.0.0.1:${o.port} (logs in ${prefix}/logs; Ctrl-C stops)`)
  await new Promise<void>((done) => {
    const stop = async () => {
      await nginx.stop()
      done()
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    nginx.process.once('exit', () => done())
  })
}
