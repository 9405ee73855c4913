// `npm run build:types` (run by `prepack`): the .d.ts files package.json's `types` conditions
// name, so a consumer's default tsconfig type-checks an app (the sources import with `.ts`
// extensions, which tsc refuses without allowImportingTsExtensions). The code itself ships
// as source: `tresty build` bundles the njs parts, the CLI runs the Node parts through tsx.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'dist/types')
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
rmSync(out, { recursive: true, force: true })
for (const project of ['tsconfig.types.json', 'tsconfig.types-node.json'])
  execFileSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' })

// Relative `.ts` specifiers (kept by declaration emit) become `.js`, which tsc maps to the
// `.d.ts` beside it; the njs side's files say which ambient types they use (ngx, NginxHTTPRequest).
const NJS_TYPES = '/// <reference types="njs-types/ngx_http_js_module" />\n'
function rewrite(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name)
    if (entry.isDirectory()) { rewrite(file); continue }
    if (!file.endsWith('.d.ts')) continue
    let text = readFileSync(file, 'utf8').replace(/((?:from |import\()\s*['"]\.{1,2}\/[^'"]*?)\.tsx?(['"])/g, '$1.js$2')
    if (!file.startsWith(join(out, 'node'))) text = NJS_TYPES + text
    writeFileSync(file, text)
  }
}
rewrite(out)
