/** The cron math of src/shared/cron.ts (both sides use it): parsing, errors, next fire times in UTC. */
import { describe, expect, it } from 'vitest'
import { nextFire, parseCron } from '../../src/shared/cron.ts'
import { corpus } from '../support/corpora.ts'

/** The next `n` fire times after `start`, as ISO strings. */
function fires(expr: string, start: string, n: number): string[] {
  const c = parseCron(expr)
  const out: string[] = []
  let t = Date.parse(start)
  for (let i = 0; i < n; i++) {
    t = nextFire(c, t)
    if (t < 0) break
    out.push(new Date(t).toISOString().replace('.000Z', 'Z'))
  }
  return out
}

// [expression, start, the fire times that follow]
const CASES: [string, string, string[]][] = [
  ['* * * * *', '2026-03-01T10:00:30Z', ['2026-03-01T10:01:00Z', '2026-03-01T10:02:00Z']],
  ['* * * * *', '2026-03-01T10:00:00Z', ['2026-03-01T10:01:00Z']], // strictly after the start
  ['*/5 * * * *', '2026-03-01T10:03:00Z', ['2026-03-01T10:05:00Z', '2026-03-01T10:10:00Z']],
  ['*/5 * * * *', '2026-03-01T10:55:00Z', ['2026-03-01T11:00:00Z']],
  ['0 * * * *', '2026-12-31T23:30:00Z', ['2027-01-01T00:00:00Z', '2027-01-01T01:00:00Z']],
  ['30 2 * * *', '2026-03-01T03:00:00Z', ['2026-03-02T02:30:00Z', '2026-03-03T02:30:00Z']],
  ['0 9-17/4 * * *', '2026-03-01T00:00:00Z', ['2026-03-01T09:00:00Z', '2026-03-01T13:00:00Z', '2026-03-01T17:00:00Z', '2026-03-02T09:00:00Z']],
  ['15,45 * * * *', '2026-03-01T10:20:00Z', ['2026-03-01T10:45:00Z', '2026-03-01T11:15:00Z']],
  ['0-10/5,50 * * * *', '2026-03-01T10:00:00Z', ['2026-03-01T10:05:00Z', '2026-03-01T10:10:00Z', '2026-03-01T10:50:00Z', '2026-03-01T11:00:00Z']],
  ['10/20 * * * *', '2026-03-01T10:00:00Z', ['2026-03-01T10:10:00Z', '2026-03-01T10:30:00Z', '2026-03-01T10:50:00Z', '2026-03-01T11:10:00Z']],
  ['0 0 1 * *', '2026-01-15T00:00:00Z', ['2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z']],
  ['0 0 31 * *', '2026-01-31T12:00:00Z', ['2026-03-31T00:00:00Z', '2026-05-31T00:00:00Z']], // skips short months
  ['0 0 29 2 *', '2026-01-01T00:00:00Z', ['2028-02-29T00:00:00Z', '2032-02-29T00:00:00Z']], // leap days
  ['0 0 * * 0', '2026-03-01T00:00:00Z', ['2026-03-08T00:00:00Z']], // 2026-03-01 is a Sunday
  ['0 0 * * 7', '2026-03-01T00:00:00Z', ['2026-03-08T00:00:00Z']], // 7 is Sunday too
  ['0 0 * * sun', '2026-03-02T00:00:00Z', ['2026-03-08T00:00:00Z']],
  ['0 8 * * mon-fri', '2026-03-06T09:00:00Z', ['2026-03-09T08:00:00Z', '2026-03-10T08:00:00Z']], // Fri → Mon
  ['0 8 * * MON,wed,Fri', '2026-03-02T09:00:00Z', ['2026-03-04T08:00:00Z', '2026-03-06T08:00:00Z', '2026-03-09T08:00:00Z']],
  ['0 0 * * 5-7', '2026-03-01T00:00:00Z', ['2026-03-06T00:00:00Z', '2026-03-07T00:00:00Z', '2026-03-08T00:00:00Z']],
  ['0 0 1 jan,jul *', '2026-02-01T00:00:00Z', ['2026-07-01T00:00:00Z', '2027-01-01T00:00:00Z']],
  ['0 0 1 MAR-may *', '2026-03-15T00:00:00Z', ['2026-04-01T00:00:00Z', '2026-05-01T00:00:00Z', '2027-03-01T00:00:00Z']],
  ['0 0 */10 * *', '2026-01-25T00:00:00Z', ['2026-01-31T00:00:00Z', '2026-02-01T00:00:00Z']],
  // Both day fields restricted: either matches (13th or any Friday).
  ['0 0 13 * 5', '2026-03-01T00:00:00Z', ['2026-03-06T00:00:00Z', '2026-03-13T00:00:00Z', '2026-03-20T00:00:00Z']],
  // One of them a bare star: both must match (here: Fridays).
  ['0 0 * * 5', '2026-03-01T00:00:00Z', ['2026-03-06T00:00:00Z', '2026-03-13T00:00:00Z']],
  // A stepped star is a restriction like any other: every day of month OR Friday = every day.
  ['0 0 */1 * 5', '2026-03-01T00:00:00Z', ['2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z']],
  ['0 0 1-7 * */7', '2026-03-01T00:00:00Z', ['2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z', '2026-03-04T00:00:00Z']], // 1st-7th OR Sundays
  ['@hourly', '2026-03-01T10:59:59Z', ['2026-03-01T11:00:00Z']],
  ['@daily', '2026-03-01T10:00:00Z', ['2026-03-02T00:00:00Z']],
  ['@midnight', '2026-03-01T00:00:00Z', ['2026-03-02T00:00:00Z']],
  ['@weekly', '2026-03-01T10:00:00Z', ['2026-03-08T00:00:00Z']],
  ['@monthly', '2026-03-01T10:00:00Z', ['2026-04-01T00:00:00Z']],
  ['@yearly', '2026-03-01T10:00:00Z', ['2027-01-01T00:00:00Z']],
  ['@annually', '2026-03-01T10:00:00Z', ['2027-01-01T00:00:00Z']],
  // Seconds first with six fields.
  ['* * * * * *', '2026-03-01T10:00:00.500Z', ['2026-03-01T10:00:01Z', '2026-03-01T10:00:02Z']],
  ['*/2 * * * * *', '2026-03-01T10:00:59Z', ['2026-03-01T10:01:00Z', '2026-03-01T10:01:02Z']],
  ['30 0 0 * * *', '2026-03-01T00:00:30Z', ['2026-03-02T00:00:30Z']],
  ['@every 2s', '2026-03-01T10:00:01Z', ['2026-03-01T10:00:02Z', '2026-03-01T10:00:04Z']],
  ['@every 7m', '1970-01-01T00:00:00Z', ['1970-01-01T00:07:00Z', '1970-01-01T00:14:00Z']],
  ['@every 1h', '2026-03-01T10:30:00Z', ['2026-03-01T11:00:00Z']],
  ['  0   12 * * *  ', '2026-03-01T00:00:00Z', ['2026-03-01T12:00:00Z']], // extra spaces
  ['59 23 31 12 *', '2026-12-31T23:59:00Z', ['2027-12-31T23:59:00Z']],
]

describe('next fire times', () => {
  for (const [expr, start, want] of CASES) {
    it(`${expr} after ${start}`, () => expect(fires(expr, start, want.length)).toEqual(want))
  }
})

const BAD: [string, RegExp][] = [
  ['', /fields/],
  ['* * * *', /4 fields/],
  ['* * * * * * *', /7 fields/],
  ['60 * * * *', /minute: 60 is outside 0-59/],
  ['* 24 * * *', /hour: 24/],
  ['* * 0 * *', /day of month: 0/],
  ['* * 32 * *', /day of month: 32/],
  ['* * * 13 *', /month: 13/],
  ['* * * * 8', /day of week: 8/],
  ['30-20 * * * *', /runs backwards/],
  ['*/0 * * * *', /step/],
  ['*/x * * * *', /step/],
  ['1/2/3 * * * *', /two steps/],
  ['-1 * * * *', /not a value/],
  ['1,,2 * * * *', /not a value/],
  ['* * * foo *', /"foo" is not a value/],
  ['* * * * mon-foo', /"foo"/],
  ['* * * jan-mon *', /"mon" is not a value/], // day names are not months
  ['0 0 ? * MON', /Quartz/],
  ['0 0 L * *', /Quartz/],
  ['0 0 * * 5#3', /not a value/],
  ['H * * * *', /Quartz\/Jenkins/],
  ['0 0 30 2 *', /no allowed month has that day/],
  ['@reboot', /unknown shorthand/],
  ['@every 0s', /@every/],
  ['@every 5x', /unknown shorthand/],
]

describe('invalid expressions', () => {
  for (const [expr, why] of BAD) {
    it(JSON.stringify(expr), () => {
      expect(() => parseCron(expr)).toThrow(why)
      try { parseCron(expr) } catch (e) { expect((e as Error).name).toBe('CronError') }
    })
  }
})

const UNSUPPORTED = ['quartz_extension', 'jenkins_hash', 'short_form', 'timezone']
const cases = corpus('cron-cases.json')
describe.skipIf(!cases)('cron-cases.json (peer corpus)', () => {
  // The one deliberate difference: an empty expression is an error here (cron-parser reads '* * * * *').
  const usable = (c: any) => c.expression.trim() !== '' && !c.tags.some((t: string) => UNSUPPORTED.includes(t)) &&
    Object.keys(c.options).every((k) => k === 'tz' && c.options.tz === 'UTC')
  it('valid plain and seconds-field cases give the same next fire times', () => {
    const valid = (cases ?? []).filter((c: any) => c.valid && usable(c))
    expect(valid.length).toBeGreaterThan(50)
    const wrong: string[] = []
    for (const c of valid) {
      let got: string[]
      try { got = fires(c.expression, c.start_utc ?? c.start, c.next.length).map((s) => s.replace('Z', '.000Z')) } catch (e) { got = [String(e)] }
      if (JSON.stringify(got) !== JSON.stringify(c.next)) wrong.push(`${c.expression} after ${c.start}: ${got.join(' ')} ≠ ${c.next.join(' ')}`)
    }
    expect(wrong).toEqual([])
  })
  it('rejects what both reference parsers reject', () => {
    const invalid = (cases ?? []).filter((c: any) => !c.valid && c.rejected_by_both && usable(c))
    expect(invalid.length).toBeGreaterThan(10)
    const accepted = invalid.filter((c: any) => { try { parseCron(c.expression); return true } catch { return false } })
    expect(accepted.map((c: any) => c.expression)).toEqual([])
  })
})
