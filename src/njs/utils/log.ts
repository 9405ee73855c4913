/**
 * Text for nginx's error log. Anything that came from a request (a decoded URI with `%0d%0a`,
 * a header, an error message quoting input) could otherwise forge log lines: control
 * characters are written as `\n`, `\r`, `\xNN`, so one entry stays one line.
 */
export function logSafe(s: string): string {
  // A literal here, not a module constant: the njs engine runs module top levels per request.
  if (!/[\x00-\x1f\x7f]/.test(s)) return s
  // The escaper is made here, not at top level: only text with control characters pays for it.
  return s.replace(/[\x00-\x1f\x7f]/g, (c: string) => {
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    if (c === '\t') return '\\t'
    const code = c.charCodeAt(0)
    return '\\x' + (code < 16 ? '0' : '') + code.toString(16)
  })
}

/** An error's message and stack, for the log (QuickJS stacks hold only the frames; njs stacks start with "Name: message"). */
export function errorDetail(e: any): string {
  let detail = String(e)
  if (e && e.stack) detail = e.stack.indexOf(detail) === 0 ? e.stack : `${detail}\n${e.stack}`
  return detail
}
