/**
 * The sidecar as a process: `tresty sidecar`, or `node --import tsx src/node/sidecar/main.ts`.
 * Configured by `tresty.config.json` and the environment (see config.ts); stops cleanly on
 * SIGINT/SIGTERM.
 */
import { pathToFileURL } from 'node:url'
import { logError, logInfo } from './log.ts'
import { startSidecar } from './sidecar.ts'
import { SUPERVISED_ENV } from './supervise.ts'

/** Runs until SIGINT/SIGTERM; exits the process with 1 when the sidecar cannot start. */
export async function main(): Promise<void> {
  let sidecar
  try {
    sidecar = await startSidecar()
  } catch (err) {
    logError('cannot start', err)
    process.exit(1)
  }
  const where = sidecar.addresses.map((a) => ('socket' in a ? `unix:${a.socket}` : `http://${a.host}:${a.port}`)).join(' and ')
  logInfo(`listening on ${where}${sidecar.tasks.length ? `, tasks: ${sidecar.tasks.join(', ')}` : ''}`)
  const running = sidecar
  await new Promise<void>((done) => {
    const shutdown = () => running.stop().then(done, (err) => { logError('stopping', err); process.exit(1) })
    process.once('SIGINT', shutdown)
    process.once('SIGTERM', shutdown)
    // Supervised (tresty dev): stdin is a pipe from the supervisor, closed by the kernel when it
    // dies, however it dies. Do not outlive it.
    if (process.env[SUPERVISED_ENV]) {
      process.stdin.once('close', shutdown)
      process.stdin.once('end', shutdown)
      process.stdin.resume()
    }
  })
  process.exit(0)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
