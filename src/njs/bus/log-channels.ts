/**
 * `log:<level>` channels into nginx's error log: after `busLog(bus)`,
 * `bus.publish('log:warn', 'disk', 80, '%')` writes "bus log:warn: disk 80 %" at nginx's warn
 * level. Sub-channels reach their level (`log:error:db` is written as an error). Levels: error,
 * warn, info, debug (njs has no debug level: written at info, tagged `log:debug`). nginx only
 * keeps what its `error_log` level lets through (`error_log … info;` to see everything).
 */
import type { Bus, Subscription } from '../../shared/bus.ts'

const LEVELS = ['error', 'warn', 'info', 'debug']

function nginxLevel(level: string): number {
  switch (level) {
    case 'error': return ngx.ERR
    case 'warn': return ngx.WARN
    default: return ngx.INFO
  }
}

/** "Name: message" and the stack (QuickJS's stack has only the frames, the njs engine's both). */
export function errorText(e: any): string {
  const head = String(e)
  const stack = e && e.stack ? String(e.stack) : ''
  if (!stack) return head
  return stack.indexOf(head) === 0 ? stack : head + '\n' + stack
}

/** One argument as log text: strings as they are, errors with their stack, the rest as JSON. */
export function logText(v: any): string {
  if (typeof v === 'string') return v
  if (v instanceof Error) return errorText(v)
  try {
    const json = JSON.stringify(v)
    return json === undefined ? String(v) : json
  } catch (e) {
    return String(v)
  }
}

function writer(level: string) {
  const ngxLevel = nginxLevel(level)
  return (...args: any[]) => {
    const parts: string[] = []
    for (let i = 0; i < args.length; i++) parts.push(logText(args[i]))
    // One line per entry: a message cannot forge further log lines.
    ngx.log(ngxLevel, `bus log:${level}: ${parts.join(' ').replace(/[\r\n]+/g, ' ')}`)
  }
}

/** Subscribes the error-log writers (lowest priority, so app subscribers run first); returns them. */
export function busLog(b: Bus): Subscription[] {
  const subs: Subscription[] = []
  for (let i = 0; i < LEVELS.length; i++) subs.push(b.subscribe('log:' + LEVELS[i], writer(LEVELS[i]), { priority: -1e9 }))
  return subs
}
