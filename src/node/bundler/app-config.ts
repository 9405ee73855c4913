/**
 * Rollup plugin: the app config for TRESTY_ENV (defaults merged with that environment's
 * section) becomes the virtual module `tresty:app-config`, which tresty/config reads. Secrets
 * stay markers (`{"$secret":"NAME"}`): their values are read in nginx at run time, so they are
 * never in the bundle. The JSON is a string constant parsed on first use, which costs the njs
 * engine's per-request module run nothing.
 */
import type { Plugin } from 'rollup'
import { selectEnvironment } from '../../shared/app-config.ts'
import { environmentName, findConfigFile, loadDefinition } from '../config/app-config.ts'

const ID = 'tresty:app-config'
const RESOLVED = '\0' + ID

export function appConfigPlugin(): Plugin {
  let entry = ''
  return {
    name: 'tresty-app-config',
    buildStart(options) {
      const input = options.input
      entry = Array.isArray(input) ? input[0] : typeof input === 'string' ? input : Object.values(input)[0]
    },
    resolveId(source) {
      return source === ID ? RESOLVED : null
    },
    async load(id) {
      if (id !== RESOLVED) return null
      const env = environmentName()
      const file = findConfigFile(entry)
      let json = '{}'
      if (file) {
        this.addWatchFile(file)
        json = JSON.stringify(selectEnvironment(await loadDefinition(file), env))
      }
      return `export const environment = ${JSON.stringify(env)};\nexport const source = ${JSON.stringify(json)};\n`
    },
  }
}
