/**
 * `tresty service <app.ts>`: a systemd unit that runs `tresty start` for this app (the way
 * Oresty shipped an init script). systemd supervises it (Restart=on-failure), its stdout and
 * stderr (the sidecar's log) go to the journal, nginx's logs to TRESTY_LOG_DIR.
 */
import { basename, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface ServiceOptions {
  app: string
  /** Unit name (default: the project directory's name). */
  name?: string
  user?: string
  /** The project directory (default: the app's). */
  dir?: string
  /** KEY=VALUE lines for the unit's environment. */
  env?: string[]
}

const trestyBin = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/tresty.mjs')

export function systemdUnit(o: ServiceOptions): string {
  const dir = resolve(o.dir ?? dirname(resolve(o.app)))
  const name = o.name ?? basename(dir)
  const env = [
    'NODE_ENV=production',
    `TRESTY_PREFIX=/var/lib/${name}`,
    `TRESTY_LOG_DIR=/var/log/${name}`,
    ...(o.env ?? []),
  ]
  return `# ${name}.service — written by \`tresty service\`. Install:
#   sudo cp ${name}.service /etc/systemd/system/ && sudo systemctl daemon-reload
#   sudo systemctl enable --now ${name}
# Logs: journalctl -u ${name} (sidecar, start-up), /var/log/${name}/{error,access}.log (nginx).
# Secrets (TRESTY_SIDECAR_SECRET, database URLs) belong in /etc/${name}.env (mode 600).
[Unit]
Description=${name} (tresty app: nginx + sidecar)
After=network-online.target redis-server.service
Wants=network-online.target

[Service]
Type=simple
WorkingDirectory=${dir}
${env.map((e) => `Environment=${e}`).join('\n')}
EnvironmentFile=-/etc/${name}.env
ExecStart=${process.execPath} ${trestyBin} start ${resolve(o.app)}
${o.user ? `User=${o.user}\n` : ''}StateDirectory=${name}
LogsDirectory=${name}
# tresty start stops nginx, the sidecar and its workers on SIGTERM, in order.
KillSignal=SIGTERM
TimeoutStopSec=30
Restart=on-failure
RestartSec=2
# nginx binds the port as this user: below 1024 it needs this (or a port above 1024).
AmbientCapabilities=CAP_NET_BIND_SERVICE

[Install]
WantedBy=multi-user.target
`
}
