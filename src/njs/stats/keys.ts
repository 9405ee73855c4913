/**
 * How stats live in shared memory.
 *
 * The number zone (`tresty_stats`), written by every request: each key is a one-character kind
 * and a series id (see series.ts); histogram buckets add a tab and the bucket's upper bound.
 *
 *   v<series>  sum of the values given to stat.incr      c<series>  number of stat.incr calls
 *   n<series>  histogram observations                    s<series>  histogram sum
 *   b<series>\t<le>  observations in the bucket ending at le (not cumulative)
 *   #series, #dropped  the series count and the writes dropped by the limit or a full zone
 *
 * The string zone (`tresty_stats_delta`), written only by the interval handler, per family:
 *
 *   d<name>  the rendered `<name>_delta` block of the last completed interval
 *   p<name>  each series' sum when that interval ended: `<labels>\t<sum>` lines
 */
export const SUM = 'v'
export const COUNT = 'c'
export const H_COUNT = 'n'
export const H_SUM = 's'
export const H_BUCKET = 'b'
export const SERIES = '#series'
export const DROPPED = '#dropped'
export const DELTA_BLOCK = 'd'
export const SNAPSHOT = 'p'
