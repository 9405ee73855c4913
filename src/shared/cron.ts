/**
 * Cron expressions and their fire times, in UTC, for both sides: njs (tresty/schedule, on
 * js_periodic) and Node (the sidecar's scheduler). No Map/Set/generators, nothing built at
 * module load: njs runs a module's top level again for every request.
 *
 * Accepted:
 *   `m h dom mon dow`       5 fields: minute hour day-of-month month day-of-week
 *   `s m h dom mon dow`     6 fields: a leading seconds field (short intervals)
 *   each field: `*`, `n`, `a-b`, lists `a,b-c`, steps `* /n` `a-b/n` `a/n` (a to the field's end);
 *   month names jan…dec, day names sun…sat (any case), day-of-week 0 or 7 = Sunday
 *   `@yearly` `@annually` `@monthly` `@weekly` `@daily` `@midnight` `@hourly`
 *   `@every 10s` / `@every 5m` / `@every 2h`: every period, counted from the Unix epoch (so
 *   every host computes the same fire times)
 * Day of month and day of week: when both are restricted (neither is a bare `*`), a day
 * matches when EITHER matches; otherwise both must. (cron-parser and croner agree on this;
 * Vixie cron also counts `*` + step, e.g. `* /2`, as unrestricted.) An empty expression is an
 * error, not `* * * * *`.
 * Not accepted (clear error): Quartz's `?`, `L`, `W`, `#`, Jenkins' `H`. Times are UTC; there is no
 * time-zone option.
 */

export interface Cron {
  /** The expression as given. */
  source: string
  /** `@every`: the period in ms (0: a field expression). */
  every: number
  /** Per field (seconds, minutes, hours, day of month, month, day of week): `ok[v]` is true when v fires. */
  sec: boolean[]
  min: boolean[]
  hour: boolean[]
  dom: boolean[]
  mon: boolean[]
  dow: boolean[]
  /** Whether day of month / day of week were a bare `*` (the OR rule needs both restricted). */
  domStar: boolean
  dowStar: boolean
}

/** Throws the error a bad expression gets (name 'CronError'); a plain Error so njs needs no class lowering. */
function fail(expr: string, why: string): never {
  const e = new Error(`invalid cron expression ${JSON.stringify(expr)}: ${why}`)
  e.name = 'CronError'
  throw e
}

function macro(name: string): string | null {
  switch (name) {
    case '@yearly': case '@annually': return '0 0 1 1 *'
    case '@monthly': return '0 0 1 * *'
    case '@weekly': return '0 0 * * 0'
    case '@daily': case '@midnight': return '0 0 * * *'
    case '@hourly': return '0 * * * *'
    default: return null
  }
}

function monthNumber(s: string): number {
  switch (s) {
    case 'jan': return 1; case 'feb': return 2; case 'mar': return 3; case 'apr': return 4
    case 'may': return 5; case 'jun': return 6; case 'jul': return 7; case 'aug': return 8
    case 'sep': return 9; case 'oct': return 10; case 'nov': return 11; case 'dec': return 12
    default: return -1
  }
}

function dayNumber(s: string): number {
  switch (s) {
    case 'sun': return 0; case 'mon': return 1; case 'tue': return 2; case 'wed': return 3
    case 'thu': return 4; case 'fri': return 5; case 'sat': return 6
    default: return -1
  }
}

/** One value of field `kind` (0 s, 1 m, 2 h, 3 dom, 4 mon, 5 dow) within [lo, hi]. */
function value(expr: string, label: string, kind: number, s: string, lo: number, hi: number): number {
  let n = -1
  if (/^\d{1,2}$/.test(s)) n = Number(s)
  else if (/^[a-z]{3}$/i.test(s)) n = kind === 4 ? monthNumber(s.toLowerCase()) : kind === 5 ? dayNumber(s.toLowerCase()) : -1
  if (n < 0) {
    const ext = /[?#]|^[LWH]|\d[LW]$/i.test(s) ? ' (Quartz/Jenkins extensions ? L W # H are not supported)' : ''
    fail(expr, `${label}: ${JSON.stringify(s)} is not a value${ext}`)
  }
  if (n < lo || n > hi) fail(expr, `${label}: ${n} is outside ${lo}-${hi}`)
  return n
}

/** Parses one field into `size` flags. Day of week takes 0-7 and folds 7 into 0. */
function field(expr: string, text: string, kind: number): boolean[] {
  const labels = ['seconds', 'minute', 'hour', 'day of month', 'month', 'day of week']
  const los = [0, 0, 0, 1, 1, 0]
  const his = [59, 59, 23, 31, 12, 7]
  const label = labels[kind]
  const lo = los[kind]
  const hi = his[kind]
  const ok: boolean[] = []
  for (let i = 0; i <= hi; i++) ok.push(false)
  const parts = text.split(',')
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]
    const slash = part.split('/')
    if (slash.length > 2) fail(expr, `${label}: ${JSON.stringify(part)} has two steps`)
    let step = 1
    if (slash.length === 2) {
      if (!/^\d{1,3}$/.test(slash[1]) || Number(slash[1]) === 0) fail(expr, `${label}: step ${JSON.stringify(slash[1])} is not a positive number`)
      step = Number(slash[1])
    }
    const range = slash[0]
    let from: number
    let to: number
    if (range === '*') {
      from = lo
      to = kind === 5 ? 6 : hi
    } else {
      const dash = range.split('-')
      if (dash.length > 2 || dash[0] === '') fail(expr, `${label}: ${JSON.stringify(part)} is not a value, range or step`)
      from = value(expr, label, kind, dash[0], lo, hi)
      to = dash.length === 2 ? value(expr, label, kind, dash[1], lo, hi) : slash.length === 2 ? hi : from
      if (from > to) fail(expr, `${label}: range ${range} runs backwards`)
    }
    for (let v = from; v <= to; v += step) ok[kind === 5 && v === 7 ? 0 : v] = true
  }
  return ok
}

/** Parses an expression; throws an Error (name 'CronError') naming what is wrong. */
export function parseCron(expression: string): Cron {
  if (typeof expression !== 'string') fail(String(expression), 'not a string')
  const expr = expression.trim()
  if (expr.charAt(0) === '@') {
    const every = /^@every\s+(\d+)\s*([smh])$/.exec(expr)
    if (every) {
      const ms = Number(every[1]) * (every[2] === 's' ? 1000 : every[2] === 'm' ? 60_000 : 3_600_000)
      if (ms <= 0 || ms > 366 * 86_400_000) fail(expression, '@every needs a period from 1s to 366 days')
      return { source: expression, every: ms, sec: [], min: [], hour: [], dom: [], mon: [], dow: [], domStar: true, dowStar: true }
    }
    const m = macro(expr.toLowerCase())
    if (!m) fail(expression, `unknown shorthand (use @yearly, @monthly, @weekly, @daily, @hourly or @every <n>s|m|h)`)
    return parseFields(expression, m)
  }
  return parseFields(expression, expr)
}

function parseFields(source: string, expr: string): Cron {
  const f = expr.split(/\s+/)
  if (f.length !== 5 && f.length !== 6) fail(source, `${f.length} fields (expected 5: minute hour day-of-month month day-of-week, or 6 with seconds first)`)
  if (f.length === 5) f.unshift('0')
  const c: Cron = {
    source, every: 0,
    sec: field(source, f[0], 0), min: field(source, f[1], 1), hour: field(source, f[2], 2),
    dom: field(source, f[3], 3), mon: field(source, f[4], 4), dow: field(source, f[5], 5),
    domStar: f[3] === '*', dowStar: f[5] === '*',
  }
  // A day of month no allowed month has (`0 0 30 2 *`) never fires: say so now, not never.
  if (!c.domStar && c.dowStar) {
    let possible = false
    const longest = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    for (let m = 1; m <= 12 && !possible; m++) for (let d = 1; d <= longest[m] && c.mon[m]; d++) if (c.dom[d]) { possible = true; break }
    if (!possible) fail(source, 'no allowed month has that day of month')
  }
  return c
}

/** The first i ≥ from with ok[i], or -1. */
function firstFrom(ok: boolean[], from: number): number {
  for (let i = from; i < ok.length; i++) if (ok[i]) return i
  return -1
}

function dayMatches(c: Cron, year: number, month: number, day: number): boolean {
  const dom = c.dom[day]
  const dow = c.dow[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]
  if (!c.domStar && !c.dowStar) return dom || dow
  return dom && dow
}

/**
 * The first fire time strictly after `afterMs` (ms since the epoch, UTC), or -1 when there
 * is none within 50 years. Second resolution: a 5-field expression fires at second 0.
 */
export function nextFire(c: Cron, afterMs: number): number {
  if (c.every) return (Math.floor(afterMs / c.every) + 1) * c.every
  // Walk forward field by field; whatever does not fit moves the next larger unit on and
  // resets the smaller ones (Date.UTC normalizes the overflow: day 32 is next month's 1st).
  let t = new Date((Math.floor(afterMs / 1000) + 1) * 1000)
  const lastYear = t.getUTCFullYear() + 50
  while (t.getUTCFullYear() <= lastYear) {
    const y = t.getUTCFullYear()
    const mo = t.getUTCMonth() + 1
    const d = t.getUTCDate()
    const h = t.getUTCHours()
    const mi = t.getUTCMinutes()
    const s = t.getUTCSeconds()
    const mo2 = firstFrom(c.mon, mo)
    if (mo2 < 0) { t = new Date(Date.UTC(y + 1, 0, 1)); continue }
    if (mo2 !== mo) { t = new Date(Date.UTC(y, mo2 - 1, 1)); continue }
    if (!dayMatches(c, y, mo, d)) { t = new Date(Date.UTC(y, mo - 1, d + 1)); continue }
    const h2 = firstFrom(c.hour, h)
    if (h2 < 0) { t = new Date(Date.UTC(y, mo - 1, d + 1)); continue }
    if (h2 !== h) { t = new Date(Date.UTC(y, mo - 1, d, h2)); continue }
    const mi2 = firstFrom(c.min, mi)
    if (mi2 < 0) { t = new Date(Date.UTC(y, mo - 1, d, h + 1)); continue }
    if (mi2 !== mi) { t = new Date(Date.UTC(y, mo - 1, d, h, mi2)); continue }
    const s2 = firstFrom(c.sec, s)
    if (s2 < 0) { t = new Date(Date.UTC(y, mo - 1, d, h, mi + 1)); continue }
    return Date.UTC(y, mo - 1, d, h, mi, s2)
  }
  return -1
}
