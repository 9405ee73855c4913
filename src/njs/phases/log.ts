/**
 * `js_set $tresty_log app.log` (nginx/log-hooks.conf): the log phase. Runs the app's onLog
 * hooks synchronously after the response went out and always returns "" (the variable only
 * makes nginx run this). One error boundary per hook: a failing hook is logged, the others run.
 */
import type { AppState, LogRequest } from '../app-state.ts'
import { errorDetail, logSafe } from '../utils/log.ts'

export function log(app: AppState, raw: NginxHTTPRequest): string {
  const hooks = app._logHooks
  if (hooks.length) {
    const entry: LogRequest = {
      raw,
      route: (raw.variables as any).tresty_route || '',
      method: raw.method,
      status: Number(raw.variables.status) || 0,
      time: Number(raw.variables.request_time) || 0,
    }
    for (let i = 0; i < hooks.length; i++) {
      try { hooks[i](entry) } catch (e) { raw.error(logSafe(`tresty: log hook failed: ${errorDetail(e)}`)) }
    }
  }
  return ''
}
