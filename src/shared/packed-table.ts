/**
 * The route table as the build embeds it in the bundle for QuickJS (src/node/bundler/embed-table.ts
 * writes it, src/njs/embedded-table.ts reads it back): the AppManifest with its big lists packed
 * so that a fresh context makes few JavaScript values while reading it. QuickJS pays ~0.2 µs for
 * every value `JSON.parse` makes and ~150 ns for every string, and a 10,000-route table holds
 * ~85,000 values, ~55,000 of them strings.
 *
 * A packed field is an object `{ $: kind, … }` in place of the list (every other field, and any
 * list not worth packing, stays as it is); its numbers `at`/`text` index the bundle's second
 * variable, an array of string literals (`texts`): a big string inside the JSON would be
 * scanned twice.
 *
 * - `{ $: 'i16' | 'i32', at }`: numbers, little-endian, base64 in `texts[at]`; read back as an
 *   Int16Array or Int32Array (one native decode; the router only indexes them, so a typed
 *   array serves).
 * - `{ $: 'lines', text, at }`: Lines (src/shared/lines.ts: sorted keys, route paths), its
 *   text `texts[text]` as it is and its offsets packed as `i32` in `texts[at]`: no string per
 *   entry is made until a lookup reads one.
 * - `{ $: 'dict', at, values, wide? }`: a Dict (src/shared/dict.ts: methods, pattern segments
 *   and names), its indices packed as `i16` (`i32` when `wide`) in `texts[at]`, its few values
 *   in the JSON. No value per entry is made: the router reads `values[at[i]]` in place.
 */
export type PackedField =
  | { $: 'i16' | 'i32'; at: number }
  | { $: 'lines'; text: number; at: number }
  | { $: 'dict'; at: number; wide?: true; values: (string | null)[] }
