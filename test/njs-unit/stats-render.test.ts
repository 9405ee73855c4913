import { describe, expect, it } from 'vitest'
import { render } from '../../src/njs/stats/prometheus-text.ts'
import { escapeLabelValue, labelName, metricName, seriesId } from '../../src/njs/stats/series.ts'

describe('series ids', () => {
  it('sorts labels, escapes values, leaves out null/undefined', () => {
    expect(seriesId('req', { b: 'x', a: 1, c: null, d: undefined })).toBe('req{a="1",b="x"}')
    expect(seriesId('req', {})).toBe('req')
    expect(seriesId('req', null)).toBe('req')
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd')
  })
  it('fixes invalid metric and label names', () => {
    expect(metricName('http.requests-total')).toBe('http_requests_total')
    expect(metricName('9lives')).toBe('_9lives')
    expect(metricName('ns:ok_1')).toBe('ns:ok_1')
    expect(labelName('bad-name')).toBe('bad_name')
    expect(labelName('__name__')).toBe('x__name__')
    expect(labelName('1st')).toBe('_1st')
  })
  it('cuts very long label values', () => {
    expect(seriesId('k', { v: 'x'.repeat(1000) })).toBe(`k{v="${'x'.repeat(256)}"}`)
  })
})

describe('render', () => {
  it('renders stats as four families and histograms cumulatively, families sorted', () => {
    const text = render([
      ['vb{x="1"}', 6], ['cb{x="1"}', 3], ['va', 1], ['ca', 1],
      ['nh{op="f"}', 3], ['sh{op="f"}', 0.75], ['bh{op="f"}\t0.5', 2], ['bh{op="f"}\t0.1', 0], ['bh{op="f"}\t1', 1],
      ['#series', 3], ['#dropped', 7],
    ], (name) => (name === 'b' ? '# TYPE b_delta gauge\nb_delta{x="1"} 2' : undefined)).text
    expect(text).toBe([
      '# TYPE a counter', 'a 1', '# TYPE a_count counter', 'a_count 1', '# TYPE a_avg gauge', 'a_avg 1',
      '# TYPE b counter', 'b{x="1"} 6', '# TYPE b_count counter', 'b_count{x="1"} 3',
      '# TYPE b_delta gauge', 'b_delta{x="1"} 2', '# TYPE b_avg gauge', 'b_avg{x="1"} 2',
      '# TYPE h histogram',
      'h_bucket{op="f",le="0.1"} 0', 'h_bucket{op="f",le="0.5"} 2', 'h_bucket{op="f",le="1"} 3', 'h_bucket{op="f",le="+Inf"} 3',
      'h_sum{op="f"} 0.75', 'h_count{op="f"} 3',
      '# HELP tresty_stats_series Series kept in the stats zone.', '# TYPE tresty_stats_series gauge', 'tresty_stats_series 3',
      '# HELP tresty_stats_dropped_total Writes dropped because the series limit was reached or the zone was full.',
      '# TYPE tresty_stats_dropped_total counter', 'tresty_stats_dropped_total 7', '',
    ].join('\n'))
  })
  it('leaves out a sum without its count (lost a race with the series limit)', () => {
    expect(render([['vorphan', 5]]).text).not.toContain('orphan')
  })
  it('handles a metric named __proto__', () => {
    expect(render([['v__proto__', 2], ['c__proto__', 1]]).text).toContain('__proto__ 2\n')
  })
})
