/**
 * The bench's peers (`npm run bench -- --peers`): the same GET /json/42 → 37-byte JSON served
 * by other stacks, measured in the same run and the same way as tresty's targets (server pinned
 * to the server core, its CPU µs per request, wrk on the other core, interleaved rounds).
 *
 * A peer that cannot run here (no Go, no Lua root, a package missing) throws `Skip` with the
 * reason; the bench prints it as a "skipped: why" row instead of failing the run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cacheDir, ensureRoot, findRuntime, rootCommand } from '../../src/node/runtime/find-nginx.ts'
import { freePort, startNginx, waitForPort } from '../../src/node/runtime/nginx-process.ts'
import { nginxProblems, soleWorker } from '../lib.ts'

const peersDir = dirname(fileURLToPath(import.meta.url))

/** A peer that cannot be measured here, and why. */
export class Skip extends Error {}

export interface PeerContext {
  /** The temp dir this peer may write to (removed by the caller). */
  prefix: string
  /** The core the server is pinned to. */
  cpu: number
  /** Build what is missing (the Lua root) instead of skipping. */
  setup: boolean
}

/** A running peer: the process whose CPU time is measured, and how to stop it. */
export interface PeerProcess {
  pid: number
  url: string
  /** Stops it; returns problems worth reporting (crashes, errors in its log). */
  stop(): Promise<string[]>
  /** Its log so far (stderr, or nginx's error log). */
  log(): string
}

export interface Peer {
  name: string
  title: string
  /** Seconds of load before the measured rounds (beyond the bench's own warm-up): Node's JIT needs a few. */
  warmSeconds?: number
  start(ctx: PeerContext): Promise<PeerProcess>
}

/** The Debian root of the Lua peer: the njs engine row's suite, plus the Lua module and cjson. */
export const LUA_ROOT = { suite: 'trixie', name: 'trixie-lua', extra: ['libnginx-mod-http-lua', 'lua-cjson'] }
const HELLO = '{"message":"Hello, World!","id":"42"}'

/** Starts a command pinned to `cpu`; its pid is the measured one (taskset execs it). */
async function startProcess(argv: string[], port: number, cpu: number, env: NodeJS.ProcessEnv = {}): Promise<PeerProcess> {
  const child: ChildProcess = spawn('taskset', ['-c', String(cpu), ...argv], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } })
  let stderr = ''
  child.stderr!.on('data', (d) => { stderr += d })
  const exited = new Promise<void>((res) => child.once('exit', () => res()))
  try {
    await Promise.race([
      waitForPort(port, 20_000),
      exited.then(() => { throw new Error(`${argv.join(' ')} exited at start:\n${stderr}`) }),
    ])
  } catch (e) {
    child.kill('SIGKILL')
    throw e
  }
  return {
    pid: child.pid!,
    url: `http://127.0.0.1:${port}/json/42`,
    log: () => stderr,
    async stop() {
      const crashed = child.exitCode !== null || child.signalCode !== null
      if (!crashed) {
        child.kill('SIGTERM')
        const hard = setTimeout(() => child.kill('SIGKILL'), 3000)
        await exited
        clearTimeout(hard)
      }
      return crashed ? [`exited during the run: ${stderr.slice(-300)}`] : []
    },
  }
}

/** An nginx (argv `command`), one worker pinned to `cpu`; `modules` are load_module paths, `http` goes inside `http {}`. */
async function startPeerNginx(command: string[], modules: string[], http: string, ctx: PeerContext): Promise<PeerProcess> {
  const port = await freePort()
  const p = ctx.prefix
  mkdirSync(join(p, 'logs'), { recursive: true })
  const temps = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${p}/tmp_${t};`).join('\n')
  const conf = join(p, 'nginx.conf')
  writeFileSync(conf, `${modules.map((m) => `load_module ${m};`).join('\n')}
daemon off;
worker_processes 1;
pid ${p}/nginx.pid;
error_log ${p}/logs/error.log warn;
events { worker_connections 4096; }
http {
${temps}
    access_log off;
    server_tokens off;
    keepalive_requests 100000;
${http.replace(/PORT/g, String(port))}
}
`)
  const rt = { row: 'peer', command: ['taskset', '-c', String(ctx.cpu), ...command], jsModule: null, engine: 'njs' as const, description: command.join(' ') }
  const nginx = await startNginx(rt, p, conf, port)
  let worker: number
  try {
    worker = await soleWorker(nginx.process.pid!)
  } catch (e) {
    await nginx.stop()
    throw e
  }
  return {
    pid: worker,
    url: `http://127.0.0.1:${port}/json/42`,
    log: () => nginx.errorLog(),
    async stop() {
      await nginx.stop()
      return nginxProblems(nginx.errorLog())
    },
  }
}

/** The Lua root: present, built now (`setup`), or a Skip saying how to get it. */
function luaRoot(setup: boolean): string {
  const root = join(cacheDir, 'roots', LUA_ROOT.name)
  const ready = () => existsSync(join(root, 'usr/lib/nginx/modules/ngx_http_lua_module.so')) &&
    existsSync(join(root, 'usr/lib/x86_64-linux-gnu/lua/5.1/cjson.so'))
  if (ready()) return root
  if (existsSync(join(root, 'usr/sbin/nginx')))
    throw new Skip(`${root} exists without the Lua module or cjson: remove it and run \`npm run bench -- --peers --setup\``)
  if (!setup) throw new Skip(`no Lua root (${root}); build it with \`npm run bench -- --peers --setup\` (root, debootstrap, ~1 min)`)
  try {
    ensureRoot(LUA_ROOT.suite, LUA_ROOT.name, LUA_ROOT.extra)
  } catch (e) {
    throw new Skip(`could not build the Lua root: ${(e as Error).message}`)
  }
  if (!ready()) throw new Skip(`${root} was built but has no Lua module or cjson`)
  return root
}

/** Builds bench/peers/go/main.go (standard library only) into the peer's temp dir. */
function buildGo(ctx: PeerContext): string {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' })
  if (go.error || go.status !== 0) throw new Skip('no Go toolchain (`go` not on PATH; Debian: apt-get install golang-go)')
  const out = join(ctx.prefix, 'peer-go')
  // A cache of its own, kept between bench runs (the first build compiles net/http: ~30 s here).
  const cache = join(tmpdir(), 'tresty-bench-gocache')
  const res = spawnSync('go', ['build', '-o', out, join(peersDir, 'go/main.go')], {
    encoding: 'utf8', cwd: ctx.prefix,
    env: { ...process.env, GOCACHE: cache, GOPATH: join(cache, 'gopath'), GO111MODULE: 'off', GOFLAGS: '', CGO_ENABLED: '0' },
  })
  if (res.status !== 0) throw new Skip(`go build failed: ${(res.stderr || res.stdout).slice(0, 300)}`)
  return out
}

/** A Node peer needs its packages installed (they are devDependencies). */
function needPackages(names: string[]): void {
  const req = createRequire(join(peersDir, 'index.ts'))
  for (const n of names) {
    try { req.resolve(n) } catch { throw new Skip(`npm package ${n} is not installed (npm install)`) }
  }
}

function nodePeer(name: string, title: string, file: string, packages: string[]): Peer {
  return {
    name, title, warmSeconds: 3,
    async start(ctx) {
      needPackages(packages)
      const port = await freePort()
      return startProcess([process.execPath, join(peersDir, file), String(port), '100'], port, ctx.cpu)
    },
  }
}

export const PEERS: Peer[] = [
  {
    name: 'nginx-return',
    title: 'nginx `return 200` with the JSON (the floor; nginx of the njs-engine row)',
    async start(ctx) {
      return startPeerNginx(findRuntime('njs-0.8').command, [], `    server {
        listen 127.0.0.1:PORT;
        location / { default_type application/json; return 200 '${HELLO}'; }
    }`, ctx)
    },
  },
  {
    name: 'lua',
    title: 'OpenResty-style Lua: LuaJIT + lua-cjson, 100-route table, 2 middleware steps (same nginx binary as njs-0.8, libnginx-mod-http-lua)',
    async start(ctx) {
      const root = luaRoot(ctx.setup)
      const lua = `${root}/usr/share/lua/5.1`
      const modules = ['ndk_http_module.so', 'ngx_http_lua_module.so'].map((m) => `${root}/usr/lib/nginx/modules/${m}`)
      return startPeerNginx(rootCommand(root), modules, `    lua_package_path '${peersDir}/lua/?.lua;${lua}/?.lua;${lua}/?/init.lua;;';
    lua_package_cpath '${root}/usr/lib/x86_64-linux-gnu/lua/5.1/?.so;;';
    # Loaded in the master (as OpenResty apps do): workers run as nobody and cannot read the root under ~.
    init_by_lua_block { require "app" }
    server {
        listen 127.0.0.1:PORT;
        location / { content_by_lua_block { require("app").content() } }
    }`, ctx)
    },
  },
  {
    name: 'go',
    title: 'Go net/http (standard library), GOMAXPROCS=1, no router (path split by hand)',
    async start(ctx) {
      const bin = buildGo(ctx)
      const port = await freePort()
      return startProcess([bin, String(port)], port, ctx.cpu, { GOMAXPROCS: '1' })
    },
  },
  nodePeer('node-http', 'Node `http`, no framework (path split by hand)', 'node-http.mjs', []),
  nodePeer('fastify', 'Fastify, 100 routes + 2 hooks (onRequest, onSend), response schema', 'fastify.mjs', ['fastify']),
  nodePeer('hono', 'Hono on @hono/node-server, 100 routes + 2 middlewares', 'hono.mjs', ['hono', '@hono/node-server']),
]

/** The Go and Node versions, for the report. */
export function peerVersions(): Record<string, string> {
  const out: Record<string, string> = { node: process.version }
  const go = spawnSync('go', ['version'], { encoding: 'utf8' })
  if (go.status === 0) out.go = go.stdout.trim().replace(/^go version /, '')
  const req = createRequire(join(peersDir, 'index.ts'))
  for (const n of ['fastify', 'hono', '@hono/node-server']) {
    try {
      let dir = dirname(req.resolve(n))
      while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== n) dir = dirname(dir)
      out[n] = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version
    } catch { /* not installed */ }
  }
  return out
}
