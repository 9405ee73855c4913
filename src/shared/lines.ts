/**
 * Many strings kept as one: string `i` is `text.slice(at[i], at[i + 1])` (`at` holds one offset
 * more than there are strings). The route table keeps its long string lists this way (sorted
 * keys, route paths): a fresh QuickJS context then makes no string per entry (~150 ns each,
 * ~55,000 for 10,000 routes) until one is read, and its heap holds two values per list instead
 * of thousands (njs walks the heap now and then, see docs/quickjs.md). The offsets say where
 * each string ends, so a string may hold any character.
 */
export interface Lines {
  text: string
  /** Offsets into `text`: a number array in JSON, an Int32Array where the bundle embeds it. */
  at: ArrayLike<number>
}

/** String `i` of `lines`. */
export function lineAt(lines: Lines, i: number): string {
  return lines.text.slice(lines.at[i], lines.at[i + 1])
}

/** How many strings `lines` holds. */
export function lineCount(lines: Lines): number {
  return lines.at.length - 1
}

/** `strings` as Lines. */
export function toLines(strings: string[]): Lines {
  const at: number[] = [0]
  let n = 0
  for (let i = 0; i < strings.length; i++) at.push(n += strings[i].length)
  return { text: strings.join(''), at }
}

/** Every string of `lines`, as an array (for the Node side: reports, tests). */
export function linesArray(lines: Lines): string[] {
  const out: string[] = []
  for (let i = 0; i < lineCount(lines); i++) out.push(lineAt(lines, i))
  return out
}
