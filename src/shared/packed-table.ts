/**
 * The route table as the build embeds it in the bundle for QuickJS (src/node/bundler/embed-table.ts
 * writes it, src/njs/embedded-table.ts reads it back): the AppManifest with its big arrays packed
 * so that a fresh context makes few JavaScript values while reading it. QuickJS's `JSON.parse`
 * pays ~0.2 µs for every value, and a 10,000-route table holds ~85,000 of them (~20 ms).
 *
 * A packed field is an object `{ $: kind, at, … }` in place of the array (every other field,
 * and any array not worth packing, stays as it is); `at` indexes the bundle's second variable,
 * an array of string literals (`texts`): a big string inside the JSON would be scanned twice.
 *
 * - `{ $: 'i16' | 'i32', at }`: numbers, little-endian, base64 in `texts[at]`; read back as an
 *   Int16Array or Int32Array (one native decode; the router only indexes them, so a typed
 *   array serves).
 * - `{ $: 'lines', at, nulls? }`: strings none of which holds a line break, read back as
 *   `texts[at].split('\n')` (native: about half what JSON.parse costs per string); the
 *   elements at the indices in `nulls` are null (written as '').
 *
 * The strings stay one value each: a 10,000-route table still makes ~55,000 (~10 ms in a fresh
 * QuickJS context); what would go further is a table shape with fewer per-route strings.
 */
export type PackedField =
  | { $: 'i16' | 'i32'; at: number }
  | { $: 'lines'; at: number; nulls?: number[] }
