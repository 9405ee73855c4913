/** The files `tresty init` writes (see index.ts). Paths relative to the new app's directory. */
export interface TemplateValues {
  name: string
  tresty: string
  typescript: string
  typesNode: string
  tsx: string
}

export function templates(v: TemplateValues): Record<string, string> {
  return {
    'package.json': JSON.stringify({
      name: v.name,
      private: true,
      type: 'module',
      scripts: {
        dev: 'tresty dev app.ts',
        build: 'tresty build app.ts build',
        start: 'tresty start app.ts',
        test: 'tsc --noEmit && node --import tsx --test test/app.test.ts',
      },
      dependencies: { tresty: v.tresty },
      devDependencies: { '@types/node': v.typesNode, tsx: v.tsx, typescript: v.typescript },
      // Neither install script is needed: esbuild (under tsx) uses its platform package,
      // msgpackr (under bullmq) its pure-JS path. docs/cli.md.
      allowScripts: { esbuild: false, 'msgpackr-extract': false },
    }, null, 2) + '\n',

    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'nodenext',
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: ['node'],
        jsx: 'react-jsx',
        jsxImportSource: 'tresty',
      },
      include: ['*.ts', '*.tsx', 'test'],
    }, null, 2) + '\n',

    'app.ts': `/**
 * The app: it runs inside nginx (bundled by \`tresty build\`; \`tresty dev\` serves it on :8080).
 * Routes return what the client gets (objects become JSON); docs: node_modules/tresty/docs/.
 */
import { app, HttpError } from 'tresty'
import type { Request, Response } from 'tresty'
import { tasks } from 'tresty/sidecar'

const a = app()

a.get('/', () => ({ name: '${v.name}', routes: ['/hello/:name', 'POST /greetings', '/greetings/:id'] }))

a.get('/hello/:name', (q: Request) => {
  const name = q.params.name
  if (name.length > 64) throw HttpError(422, 'name is too long')
  return { hello: name }
})

// Long work goes to the Node sidecar's task workers (tasks.ts); the client polls for the result.
a.post('/greetings', async (q: Request, r: Response) => {
  const body = q.json() as { name?: unknown }
  if (typeof body?.name !== 'string' || !body.name) throw HttpError(422, 'name is required')
  const id = await tasks.enqueue(q, 'greet', { name: body.name })
  r.status = 202
  return { id }
})
a.get('/greetings/:id', (q: Request) => tasks.status(q, q.params.id))

export default a
`,

    'tasks.ts': `/**
 * Tasks run in the Node sidecar's worker processes (never in nginx): ordinary Node code.
 * \`tresty dev\` and \`tresty start\` load this file because it sits beside app.ts.
 */
import { defineTask } from 'tresty/node'

defineTask('greet', async (payload: { name: string }) => {
  return { greeting: \`Hello, \${payload.name}!\` }
})
`,

    'test/app.test.ts': `// The app in a real nginx with its sidecar (a Redis of its own unless TRESTY_REDIS_URL is set).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, type TestApp } from 'tresty/testing'

let server: TestApp
before(async () => { server = await startTestApp('app.ts') })
after(async () => { await server?.stop() })

test('GET /hello/:name', async () => {
  const res = await fetch(server.url + '/hello/ada')
  assert.equal(res.status, 200)
  assert.deepEqual(await res.json(), { hello: 'ada' })
})

test('a bad name is a 422, not a crash', async () => {
  const res = await fetch(server.url + '/hello/' + 'x'.repeat(65))
  assert.equal(res.status, 422)
})

test('a task runs in the sidecar', async () => {
  const queued = await fetch(server.url + '/greetings', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ada' }),
  })
  assert.equal(queued.status, 202)
  const { id } = await queued.json() as { id: string }
  for (let i = 0; i < 100; i++) {
    const status = await (await fetch(server.url + '/greetings/' + id)).json() as { state: string; result?: unknown }
    if (status.state === 'completed') return assert.deepEqual(status.result, { greeting: 'Hello, Ada!' })
    await new Promise((done) => setTimeout(done, 100))
  }
  assert.fail('the task did not complete')
})
`,

    'nginx.conf': `# For running the app in an nginx of your own (\`tresty start\` and \`tresty dev\` generate theirs):
#   npx tresty build app.ts build
#   nginx -p "$PWD" -c nginx.conf          (paths below are relative to -p)
# The sidecar (\`npx tresty sidecar\` with TRESTY_SIDECAR_SOCKET=$PWD/sidecar.sock) must share
# TRESTY_SIDECAR_SECRET with nginx. See node_modules/tresty/docs/cli.md.
load_module modules/ngx_http_js_module.so;   # Debian: /usr/lib/nginx/modules/ngx_http_js_module.so
worker_processes auto;
pid logs/nginx.pid;
error_log logs/error.log;
env TRESTY_SIDECAR_SECRET;
events { worker_connections 4096; }

http {
    js_engine qjs;                            # njs ≥ 0.8.6; remove for the njs engine
    js_context_reuse_max_size 64m;            # QuickJS: keep the app's contexts pooled
    js_path   build;
    js_import app from app.js;
    include   node_modules/tresty/nginx/http.conf;
    access_log logs/access.log tresty;

    upstream tresty_sidecar {
        server unix:sidecar.sock;
        keepalive 32;
    }
    js_var $tresty_sidecar_secret;

    server {
        listen 8080;
        include node_modules/tresty/nginx/locations.conf;
        include node_modules/tresty/nginx/sidecar-locations.conf;
    }
}
`,

    '.gitignore': 'node_modules\n/build/\n/logs/\n.tresty/\n',
  }
}
