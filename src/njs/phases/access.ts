/**
 * `js_content app.access`, in the `internal` location `auth_request` calls (nginx/guard.conf):
 * the app's guards decide 2xx / 401 / 403 for the path nginx routes the main request on.
 * On success it sets `X-Tresty-Guard` (that path), which guard.conf copies into
 * `$tresty_guard_passed` for the content phase to check (see phases/content.ts).
 *
 * One error boundary: a guard that throws is a logged 500 (a guard's HttpError keeps 401/403).
 * In an auth_request subrequest `r.return()` misbehaves: set the status, send the header, finish.
 */
import type { AppState } from '../app-state.ts'
import { createRequest } from '../request.ts'
import { createResponse } from '../response.ts'
import { describeError } from '../error.ts'
import { writeHeaders } from '../headers.ts'
import { normalisePath, underPrefix } from '../guard-path.ts'
import { guardToken } from './content.ts'
import { GUARD_HEADER } from '../../shared/manifest.ts'

export async function access(app: AppState, raw: NginxHTTPRequest): Promise<void> {
  const r = createResponse(raw)
  let status = 204
  let path = ''
  try {
    // The subrequest's own uri is /_tresty/access (checked on every engine row): decide on
    // the client's target, normalised as nginx normalised the main request's $uri.
    const uri = raw.variables.request_uri || raw.uri
    const qs = uri.indexOf('?')
    path = normalisePath(uri)
    const q = createRequest(raw, raw.variables.request_method || raw.method, path, app._bodyLimit)
    q._args = qs < 0 ? '' : uri.slice(qs + 1)
    const guards = app._guards
    for (let i = 0; i < guards.length; i++) {
      const g = guards[i]
      if (!underPrefix(g.prefix, path)) continue
      const verdict = await g.guard(q, r)
      if (verdict === false) { status = 403; break }
      if (typeof verdict === 'number' && verdict >= 300) { status = verdict; break }
    }
  } catch (e) {
    status = describeError(raw, e).status
  }
  // auth_request passes on 401 and 403; any other refusal becomes one of them (or a 500).
  if (status !== 401 && status !== 403 && status >= 300) status = status >= 500 ? 500 : 403
  if (status < 300) r.headers[GUARD_HEADER] = guardToken(path)
  try {
    writeHeaders(raw, r.headers)
  } catch (e) {
    describeError(raw, e)
    status = 500
  }
  try {
    raw.status = status
    raw.sendHeader()
    raw.finish()
  } catch (e) { /* the client is gone */ }
}
