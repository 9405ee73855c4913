/**
 * `tresty check [app.ts] [--nginx-conf FILE]`: is this machine ready to run the app? One line
 * per check with PASS/FAIL/SKIP and, for a failure, the fix; exit status 1 when anything failed.
 *
 * Checks: nginx and njs versions, the engine, shared dict support, the zones the app reads
 * (declared in FILE, else in tresty's nginx/http.conf), the sidecar, Redis, MongoDB, SQL
 * databases (TRESTY_DATABASE_URL, comma-separated) and etcd when configured, the live config
 * mirror, and the app config's secrets.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { bundle } from '../bundler/bundle.ts'
import { snippetDir } from '../runtime/nginx-conf.ts'
import { loadConfig, type SidecarConfig } from '../sidecar/sidecar-config.ts'
import { findConfigFile, loadDefinition } from '../config/app-config.ts'
import { secretNames } from '../../shared/app-config.ts'
import {
  declaredZones, etcdCheck, mirrorCheck, mongoCheck, neededZones, njsCheck, redisCheck, runtimeCheck,
  secretsCheck, sidecarCheck, sqlCheck, zonesCheck, type CheckResult,
} from './checks.ts'

export type { CheckResult } from './checks.ts'

export interface CheckOptions {
  app?: string
  nginxConf?: string
  env?: NodeJS.ProcessEnv
  /** Sidecar config file (default: TRESTY_CONFIG or ./tresty.config.json). */
  configFile?: string
}

export async function runChecks(o: CheckOptions = {}): Promise<CheckResult[]> {
  const env = o.env ?? process.env
  const out: CheckResult[] = []
  const { result, rt } = runtimeCheck()
  out.push(result)
  if (rt) out.push(...njsCheck(rt))

  const declaredIn = o.nginxConf ? resolve(o.nginxConf) : join(snippetDir, 'http.conf')
  const declared = declaredZones(declaredIn)
  if (o.app) {
    const dir = mkdtempSync(join(tmpdir(), 'tresty-check-'))
    try {
      const built = await bundle(resolve(o.app), dir)
      out.push(zonesCheck(neededZones(readFileSync(built.file, 'utf8'), declaredZones(join(snippetDir, 'http.conf'))), declared, declaredIn))
    } catch (e) {
      out.push({ name: 'app', outcome: 'fail', detail: `${o.app} does not build: ${(e as Error).message}`, fix: 'fix the build error (`tresty build`)' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    const file = findConfigFile(o.app, env)
    if (file) {
      try { out.push(secretsCheck(secretNames(await loadDefinition(file)), env)) } catch (e) {
        out.push({ name: 'app config', outcome: 'fail', detail: `${file}: ${(e as Error).message}`, fix: 'export default defineConfig({ defaults, … })' })
      }
    }
  } else if (o.nginxConf) {
    out.push(zonesCheck(declaredZones(join(snippetDir, 'http.conf')), declared, declaredIn))
  }

  let c: SidecarConfig
  try {
    c = loadConfig({ env, file: o.configFile })
  } catch (e) {
    out.push({ name: 'sidecar config', outcome: 'fail', detail: (e as Error).message, fix: 'fix tresty.config.json or the TRESTY_* variables' })
    return out
  }
  const side = await sidecarCheck(c)
  out.push(side.result)
  out.push(await redisCheck(c.redisUrl, c.redisTimeoutMs))
  if (c.mongoUrl) out.push(await mongoCheck(c.mongoUrl, c.mongoTimeoutMs))
  const sql = (env.TRESTY_DATABASE_URL || env.DATABASE_URL || '').split(',').map((s) => s.trim()).filter(Boolean)
  for (const url of sql) out.push(await sqlCheck(url, 2000))
  if (c.etcdUrl) {
    out.push(await etcdCheck(c.etcdUrl, c.etcdTimeoutMs))
    if (side.address) out.push(await mirrorCheck(side.address))
  }
  return out
}

export function formatResults(results: CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length))
  return results.map((r) => `${r.outcome.toUpperCase().padEnd(4)}  ${r.name.padEnd(width)}  ${r.detail}${r.fix ? `\n      ${' '.repeat(width)}  fix: ${r.fix}` : ''}`).join('\n')
}

export async function main(argv: string[]): Promise<void> {
  const o: CheckOptions = {}
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--nginx-conf') o.nginxConf = argv[++i]
    else if (argv[i] === '--config') o.configFile = argv[++i]
    else if (!o.app) o.app = argv[i]
  }
  const results = await runChecks(o)
  console.log(formatResults(results))
  const failed = results.filter((r) => r.outcome === 'fail').length
  console.log(failed ? `\ntresty check: ${failed} failed` : '\ntresty check: all passed')
  process.exit(failed ? 1 : 0)
}
