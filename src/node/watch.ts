/**
 * Watches an app's source tree for `tresty dev`: one callback per burst of saves (editors
 * write a file in several steps), never for what the build itself writes or node_modules.
 */
import { watch, type FSWatcher } from 'node:fs'
import { relative, resolve, sep } from 'node:path'

const SOURCE = /\.(ts|tsx|js|mjs|json)$/
const SKIP = new Set(['node_modules', '.git', '.tresty', 'build', 'dist', 'logs'])

export function watchSources(dir: string, ignore: string[], onChange: (files: string[]) => void, delayMs = 150): { close(): void } {
  const ignored = ignore.map((p) => resolve(p))
  let pending = new Set<string>()
  let timer: NodeJS.Timeout | null = null
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, name) => {
    if (!name) return
    const file = resolve(dir, name.toString())
    const rel = relative(dir, file)
    if (!SOURCE.test(file) || rel.split(sep).some((part) => SKIP.has(part))) return
    if (ignored.some((p) => file === p || file.startsWith(p + sep))) return
    pending.add(file)
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      const files = [...pending]
      pending = new Set()
      timer = null
      onChange(files)
    }, delayMs)
  })
  return {
    close() {
      if (timer) clearTimeout(timer)
      watcher.close()
    },
  }
}
