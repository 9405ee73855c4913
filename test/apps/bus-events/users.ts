/** Handlers the config map in events.json names (test/apps/bus-app.ts wires them). */
import { stop } from 'tresty/bus'

export function getUser(q: unknown, id: string) {
  return stop({ id, name: `user ${id}` })
}
export function audit(q: unknown, id: string) {
  return `audit:${id}`
}
export function first() {
  return 'first'
}
