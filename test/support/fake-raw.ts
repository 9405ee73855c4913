/** A stand-in for the njs request object, with only what the body readers touch. */
export function fakeRaw(body: string | Buffer | undefined, headers: Record<string, string> = {},
  variables: Record<string, string> = {}): NginxHTTPRequest {
  const headersIn: Record<string, string> = {}
  for (const k of Object.keys(headers)) {
    // nginx's headersIn is case-insensitive; the readers use canonical names
    headersIn[k.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()).join('-')] = headers[k]
  }
  const buf = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : body
  if (buf && headersIn['Content-Length'] === undefined) headersIn['Content-Length'] = String(buf.length)
  return { requestBuffer: buf, headersIn, variables, error: () => {} } as unknown as NginxHTTPRequest
}

/** Runs `fn` and returns the HttpError it threw (fails when it did not throw). */
export function thrown(fn: () => unknown): { status: number; message: string } {
  try {
    fn()
  } catch (e) {
    return e as { status: number; message: string }
  }
  throw new Error('expected a throw')
}
