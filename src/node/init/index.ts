/**
 * `tresty init [dir]`: a new app that passes its own tests at once (`npm install && npm test`).
 * The files are small on purpose; each says where to read on.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { templates } from './templates.ts'

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

export interface InitOptions {
  /** The tresty dependency's spec (default `^<this version>`). */
  trestySpec?: string
  quiet?: boolean
}

export async function init(dir: string, o: InitOptions = {}): Promise<string[]> {
  const own = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'))
  const files = templates({
    name: basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '') || 'tresty-app',
    tresty: o.trestySpec ?? `^${own.version}`,
    typescript: own.devDependencies?.typescript ?? '^5.9.3',
    typesNode: own.devDependencies?.['@types/node'] ?? '^20.19.0',
    tsx: own.dependencies.tsx,
  })
  const taken = Object.keys(files).filter((f) => existsSync(join(dir, f)))
  if (taken.length) throw new Error(`tresty init: ${dir} already has ${taken.join(', ')}; nothing written`)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  if (!o.quiet) {
    console.log(`tresty: a new app in ${dir}: ${Object.keys(files).join(', ')}`)
    console.log(`next:\n  cd ${dir}\n  npm install\n  npm test\n  npx tresty dev app.ts     # http://127.0.0.1:8080`)
  }
  return Object.keys(files)
}
