/**
 * Finding (or installing) an nginx whose njs module is new enough for tresty.
 *
 * Order: TRESTY_NGINX (a binary the user names) → a system nginx whose njs has
 * js_shared_dict_zone (njs ≥ 0.8) → a Debian root under ~/.cache/tresty/roots built with
 * debootstrap, whose nginx runs from the host through the root's own dynamic loader.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'

export type Engine = 'njs' | 'qjs'

/** One runnable nginx: how to exec it and which module line its config needs. */
export interface Runtime {
  /** Row name, e.g. `njs-0.8`, `qjs-1.0`, `system`. */
  row: string
  /** argv[0] plus any leading arguments (the Debian root's ld.so and its library path). */
  command: string[]
  /** `load_module` path, or null where the js module is built in or loaded by the user. */
  jsModule: string | null
  engine: Engine
  /** Human-readable description, e.g. `nginx 1.26.3 + njs 0.8.9 (Debian trixie root)`. */
  description: string
}

/** The engine rows tests can run on (DEFAULT_ROW is the one used when none is asked for). */
export const ROWS: Record<string, { suite: string; engine: Engine }> = {
  'njs-0.8': { suite: 'trixie', engine: 'njs' },
  'njs-1.0': { suite: 'sid', engine: 'njs' },
  'qjs-1.0': { suite: 'sid', engine: 'qjs' },
}
/**
 * QuickJS is the default where tresty installs a root: upstream recommends it from njs 1.0,
 * and it keeps module state in pooled contexts, so an app's top level (its route
 * declarations) runs once per context instead of once per request (bench/README.md). The
 * njs engine rows stay supported and tested.
 */
export const DEFAULT_ROW = 'qjs-1.0'

export const cacheDir = process.env.TRESTY_CACHE || join(homedir(), '.cache', 'tresty')

export class RuntimeError extends Error {}

function log(msg: string) {
  process.stderr.write(`tresty: ${msg}\n`)
}

/** Runs `nginx -t` on a config holding `http` body text; returns nginx's complaint or null. */
function testConfig(rt: Runtime, httpBody: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'tresty-probe-'))
  try {
    const conf = join(dir, 'nginx.conf')
    writeFileSync(conf, [
      rt.jsModule ? `load_module ${rt.jsModule};` : '',
      `pid ${dir}/nginx.pid;`, `error_log ${dir}/error.log;`,
      'events {}',
      `http { access_log off; client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir};`,
      `uwsgi_temp_path ${dir}; scgi_temp_path ${dir}; ${httpBody} }`,
    ].join('\n'))
    const res = spawnSync(rt.command[0], [...rt.command.slice(1), '-t', '-p', dir, '-c', conf, '-e', `${dir}/error.log`], { encoding: 'utf8' })
    return res.status === 0 ? null : (res.stderr || res.stdout || 'nginx -t failed').trim()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Refuses runtimes without js_shared_dict_zone (njs < 0.8), and qjs rows without QuickJS. */
export function checkRuntime(rt: Runtime): Runtime {
  const dict = testConfig(rt, 'js_shared_dict_zone zone=tresty_probe:64k;')
  if (dict) {
    if (/unknown directive "js_shared_dict_zone"/.test(dict))
      throw new RuntimeError(`${rt.description}: its njs is older than 0.8 (no js_shared_dict_zone). ` +
        'tresty needs njs ≥ 0.8: install nginx from Debian 13 or the official nginx packages, or unset TRESTY_NGINX.')
    if (/unknown directive "js_/.test(dict))
      throw new RuntimeError(`${rt.description}: the njs module is not loaded. Set TRESTY_NJS_MODULE to ngx_http_js_module.so.`)
    throw new RuntimeError(`${rt.description}: nginx -t failed:\n${dict}`)
  }
  if (rt.engine === 'qjs' && testConfig(rt, 'js_engine qjs;'))
    throw new RuntimeError(`${rt.description}: this njs has no QuickJS engine (js_engine qjs).`)
  return rt
}

/** argv to run a Debian root's nginx from the host, through the root's own dynamic loader. */
export function rootCommand(root: string): string[] {
  const libs = [`${root}/lib/x86_64-linux-gnu`, `${root}/usr/lib/x86_64-linux-gnu`].join(':')
  return [`${root}/lib64/ld-linux-x86-64.so.2`, '--library-path', libs, `${root}/usr/sbin/nginx`]
}

function rootRuntime(row: string): Runtime {
  const { suite, engine } = ROWS[row]
  const root = ensureRoot(suite)
  const version = (pkg: string) => {
    try {
      return execFileSync('dpkg-query', [`--admindir=${root}/var/lib/dpkg`, '-W', '-f=${Version}', pkg], { encoding: 'utf8' }).replace(/-.*$/, '')
    } catch { return '?' }
  }
  return {
    row,
    command: rootCommand(root),
    jsModule: `${root}/usr/lib/nginx/modules/ngx_http_js_module.so`,
    engine,
    description: `nginx ${version('nginx')} + njs ${version('libnginx-mod-http-js')} (${engine} engine, Debian ${suite} root)`,
  }
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH || '').split(':').concat(['/usr/sbin', '/usr/local/sbin'])) {
    const p = join(dir, name)
    if (dir && existsSync(p)) return p
  }
  return null
}

function binaryRuntime(bin: string, row: string, engine: Engine): Runtime {
  const module = process.env.TRESTY_NJS_MODULE ??
    ['/usr/lib/nginx/modules/ngx_http_js_module.so', '/usr/lib64/nginx/modules/ngx_http_js_module.so',
      '/etc/nginx/modules/ngx_http_js_module.so', '/usr/local/nginx/modules/ngx_http_js_module.so'].find(existsSync) ?? null
  return { row, command: [bin], jsModule: module || null, engine, description: `${bin} (${row})` }
}

const resolved: Record<string, Runtime> = {}

/** A system nginx whose njs has QuickJS runs it (the default engine); otherwise the njs engine. */
function detectEngine(rt: Runtime): Runtime {
  if (testConfig(rt, 'js_engine qjs;')) return rt
  return { ...rt, engine: 'qjs', description: `${rt.description}, QuickJS engine` }
}

/**
 * The runtime for a row (default: TRESTY_RUNTIME or DEFAULT_ROW). With TRESTY_NGINX set, that
 * binary is used for every row (engine taken from the row name, detected when no row is
 * named). Without a row asked for, a suitable system nginx wins over installing a root, and
 * runs QuickJS when its njs has it.
 */
export function findRuntime(requested?: string): Runtime {
  const row = requested || process.env.TRESTY_RUNTIME || ''
  if (resolved[row]) return resolved[row]
  if (row && !ROWS[row] && row !== 'system')
    throw new RuntimeError(`unknown runtime row "${row}" (rows: ${Object.keys(ROWS).join(', ')}, system)`)
  let rt: Runtime | undefined
  const engine: Engine = row.startsWith('qjs') ? 'qjs' : 'njs'
  if (process.env.TRESTY_NGINX) {
    rt = checkRuntime(binaryRuntime(process.env.TRESTY_NGINX, row || 'custom', engine))
    if (!row) rt = detectEngine(rt)
  } else if (!row || row === 'system') {
    const sys = onPath('nginx')
    if (sys) {
      try { rt = detectEngine(checkRuntime(binaryRuntime(sys, 'system', 'njs'))) } catch (e) {
        if (row === 'system') throw e
        log(`system nginx not used: ${(e as Error).message}`)
      }
    } else if (row === 'system') throw new RuntimeError('no nginx on PATH')
  }
  rt = rt || checkRuntime(rootRuntime(row || DEFAULT_ROW))
  resolved[row] = rt
  return rt
}

/**
 * Builds (once) a minimal Debian root holding nginx-light and the njs module, plus `extra`
 * packages in a root of its own (`name`, default the suite), e.g. the bench's Lua peer.
 */
export function ensureRoot(suite: string, name = suite, extra: string[] = []): string {
  const roots = join(cacheDir, 'roots')
  const root = join(roots, name)
  if (existsSync(join(root, 'usr/sbin/nginx'))) return root
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')
  if (!onPath('debootstrap')) {
    if (!canInstall) throw new RuntimeError(noRuntimeHelp(suite))
    log('installing debootstrap (apt-get) …')
    run('apt-get', ['update', '-qq'])
    run('apt-get', ['install', '-y', '-qq', 'debootstrap'])
  }
  if (process.getuid?.() !== 0) throw new RuntimeError(noRuntimeHelp(suite))
  mkdirSync(roots, { recursive: true })
  const tmp = `${root}.tmp-${process.pid}`
  log(`building a Debian ${suite} root with nginx + njs in ${root} (about a minute, once) …`)
  const mirror = process.env.TRESTY_DEBIAN_MIRROR || 'http://deb.debian.org/debian'
  const include = ['nginx-light', 'libnginx-mod-http-js'].concat(extra).join(',')
  const res = spawnSync('debootstrap', ['--variant=minbase', `--include=${include}`, suite, tmp, mirror], { stdio: ['ignore', 'inherit', 'inherit'] })
  if (res.status !== 0) {
    rmSync(tmp, { recursive: true, force: true })
    throw new RuntimeError(`debootstrap ${suite} failed (exit ${res.status}). ${noRuntimeHelp(suite)}`)
  }
  renameSync(tmp, root)
  log(`Debian ${suite} root ready`)
  return root
}

function run(cmd: string, args: string[]) {
  const res = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  if (res.status !== 0) throw new RuntimeError(`${cmd} ${args.join(' ')} failed (exit ${res.status})`)
}

function noRuntimeHelp(suite: string) {
  return 'tresty needs nginx with njs ≥ 0.8 (js_shared_dict_zone). Either install one (Debian 13: ' +
    '`apt-get install nginx libnginx-mod-http-js`; or nginx.org packages with nginx-module-njs) and set ' +
    `TRESTY_NGINX=/path/to/nginx, or run as root on Debian/Ubuntu so tresty can build a Debian ${suite} ` +
    `root with debootstrap under ${cacheDir}/roots.`
}
