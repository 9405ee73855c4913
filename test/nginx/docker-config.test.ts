/**
 * No Docker engine runs here, so the stack is validated piece by piece: the compose file's
 * references exist, the app images install the packed tarball (as a user's project does), docker/nginx.conf passes `nginx -t` (paths mapped onto this checkout),
 * and the k6 script parses.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { findRuntime } from '../../src/node/runtime/find-nginx.ts'
import { bundle } from '../../src/node/bundler/bundle.ts'
import { repoRoot } from '../support/nginx.ts'

describe('docker stack files', () => {
  it('compose services point at files that exist', () => {
    const compose = parse(readFileSync(join(repoRoot, 'docker/compose.yml'), 'utf8'))
    expect(Object.keys(compose.services).sort()).toEqual(['k6', 'mongo', 'nginx', 'package', 'redis', 'sidecar'])
    for (const name of ['package', 'nginx', 'sidecar']) {
      const b = compose.services[name].build
      expect(existsSync(join(repoRoot, 'docker', b.context, b.dockerfile)), name).toBe(true)
    }
    expect(existsSync(join(repoRoot, 'docker/k6/load.js'))).toBe(true)
  })

  it('the app images install tresty from the packed tarball, not from the repository', () => {
    const compose = parse(readFileSync(join(repoRoot, 'docker/compose.yml'), 'utf8'))
    expect(compose.services.package.image).toBe('tresty-package')
    expect(readFileSync(join(repoRoot, 'docker/Dockerfile.package'), 'utf8')).toMatch(/npm pack --pack-destination \/pkg/)
    for (const name of ['nginx', 'sidecar']) {
      expect(compose.services[name].build.additional_contexts, name).toEqual({ 'tresty-package': 'service:package' })
      const file = readFileSync(join(repoRoot, 'docker', `Dockerfile.${name}`), 'utf8')
      expect(file, name).toMatch(/^FROM tresty-package AS package$/m)
      expect(file, name).toMatch(/npm install [^\n]*\/pkg\/tresty\.tgz/)
      // Only the app's own files come from the build context: no src/, bin/ or lock file.
      const copies = file.split('\n').filter((l) => /^COPY (?!--from)/.test(l))
      for (const line of copies) expect(line, name).not.toMatch(/\b(src|bin|package(-lock)?\.json|tsconfig\.json)\b/)
    }
    expect(readFileSync(join(repoRoot, 'docker/Dockerfile.sidecar'), 'utf8')).toMatch(/--omit=dev/)
    expect(readFileSync(join(repoRoot, 'docker/Dockerfile.nginx'), 'utf8')).toMatch(/node_modules\/tresty\/nginx \/srv\/tresty\/nginx/)
    // The QuickJS engine of the official image.
    expect(readFileSync(join(repoRoot, 'docker/nginx.conf'), 'utf8')).toMatch(/^\s*js_engine qjs;/m)
    // The example's tasks import tresty as a user's do, so the copied sources work from /app.
    expect(readFileSync(join(repoRoot, 'examples/tasks.ts'), 'utf8')).toMatch(/from 'tresty\/node'/)
  })

  it('docker/nginx.conf passes nginx -t', async () => {
    const rt = findRuntime()
    const dir = mkdtempSync(join(tmpdir(), 'tresty-docker-'))
    try {
      await bundle(join(repoRoot, 'examples/app.ts'), join(dir, 'build'))
      let conf = readFileSync(join(repoRoot, 'docker/nginx.conf'), 'utf8')
        .replace('load_module modules/ngx_http_js_module.so;', rt.jsModule ? `load_module ${rt.jsModule};` : '')
        .replaceAll('/srv/tresty/build', join(dir, 'build'))
        .replaceAll('/srv/tresty/nginx', join(repoRoot, 'nginx'))
        .replace('unix:/run/tresty/sidecar.sock', `unix:${dir}/sidecar.sock`)
        .replace('access_log /dev/stdout tresty;', `access_log ${dir}/access.log tresty;`)
        .replace('error_log /dev/stderr info;', `error_log ${dir}/error.log;\npid ${dir}/nginx.pid;`)
        .replace('http {', `http {\n    client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};`)
      if (rt.engine !== 'qjs') conf = conf.replace('js_engine qjs;', '').replace(/js_context_reuse_max_size .*\n/, '')
      writeFileSync(join(dir, 'nginx.conf'), conf)
      const res = spawnSync(rt.command[0], [...rt.command.slice(1), '-t', '-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { encoding: 'utf8' })
      expect(res.stderr, res.stderr).toMatch(/syntax is ok/)
      expect(res.status, res.stderr).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the k6 script parses as an ES module', () => {
    const res = spawnSync(process.execPath, ['--check', '--input-type=module'], { input: readFileSync(join(repoRoot, 'docker/k6/load.js')), encoding: 'utf8' })
    expect(res.stderr).toBe('')
    expect(res.status).toBe(0)
  })
})
