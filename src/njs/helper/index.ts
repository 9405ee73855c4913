/**
 * tresty/helper — slugs, Losty's string/object/array/functional helpers and Oresty's PHP-like
 * ones. Each is also importable alone (`tresty/helper/slug`, `tresty/helper/php`, …); the build
 * keeps only what an app uses. See docs/helpers.md.
 */
export { slug } from './slug/index.ts'
export * from './string/index.ts'
export * from './collection/index.ts'
export * from './php/index.ts'
