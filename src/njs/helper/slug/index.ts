/**
 * slug(text, maxLength?) — a URL slug: lower-case ASCII letters and digits joined by `-`.
 * Semantics of @sindresorhus/slugify 2.x with its default options (checked against its test
 * cases, see test/njs-unit/slug.test.ts): accents folded, Latin/Greek/Cyrillic transliterated,
 * `&` → and, camelCase split (`fooBar` → foo-bar), contractions joined (`Don't` → dont), any
 * other character a separator, separators collapsed and trimmed.
 *
 * `maxLength` cuts at the last separator that fits, so words stay whole; only a first word
 * longer than maxLength is cut inside. The output is ASCII, so no surrogate pair is ever split.
 */
import { CYRILLIC, CYRILLIC_BASE, GREEK, GREEK_BASE, LATIN, LATIN_BASE, LATIN_EXTENDED, LATIN_EXTENDED_BASE } from './tables.ts'

/** Entry `i` of a fixed-width table (see tables.ts). */
function entry(table: string, i: number): string {
  const e = table.slice(i * 3, i * 3 + 3)
  const pad = e.indexOf('_')
  return pad < 0 ? e : e.slice(0, pad)
}

/** The ASCII spelling of one non-ASCII code point (' ' for a separator, '' to drop it). */
function transliterate(cp: number): string {
  if (cp >= LATIN_BASE && cp < LATIN_BASE + 400) return entry(LATIN, cp - LATIN_BASE)
  if (cp >= 0x300 && cp <= 0x36f) return '' // combining accents (decomposed input)
  if (cp >= GREEK_BASE && cp < GREEK_BASE + 73) return entry(GREEK, cp - GREEK_BASE)
  if (cp >= CYRILLIC_BASE && cp < CYRILLIC_BASE + 96) return entry(CYRILLIC, cp - CYRILLIC_BASE)
  if (cp >= LATIN_EXTENDED_BASE && cp < LATIN_EXTENDED_BASE + 256) return entry(LATIN_EXTENDED, cp - LATIN_EXTENDED_BASE)
  switch (cp) {
    case 0x490: return 'G'
    case 0x491: return 'g'
    case 0x2665: return ' love '
    case 0x1f984: return ' unicorn '
    default: return ' '
  }
}

/** Splits camelCase and acronyms the way @sindresorhus/slugify does (`APISection` → API Section, `APIs` stays). */
function decamelize(s: string): string {
  return s
    .replace(/([A-Z]{2,})(\d+)/g, '$1 $2')
    .replace(/([a-z\d]+)([A-Z]{2,})/g, '$1 $2')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-rt-z\d]+)/g, '$1 $2')
}

export function slug(text: string, maxLength?: number): string {
  let ascii = ''
  const s = String(text == null ? '' : text)
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i)
    if (cp < 0x80) {
      ascii += cp === 0x26 ? ' and ' : s.charAt(i)
      continue
    }
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1)
      if (lo >= 0xdc00 && lo <= 0xdfff) { cp = (cp - 0xd800) * 0x400 + lo - 0xdc00 + 0x10000; i++ }
    }
    ascii += transliterate(cp)
  }
  // contractions and possessives: Conway's → Conways, Don't → Dont (not "conway-s")
  ascii = ascii.replace(/([a-zA-Z\d]+)['’]([ts])(?=\s|$|[^a-zA-Z\d])/g, '$1$2')
  let out = decamelize(ascii).toLowerCase().replace(/[^a-z\d]+/g, '-').replace(/^-+|-+$/g, '')
  if (maxLength !== void 0 && maxLength >= 0 && out.length > maxLength) {
    const cut = out.lastIndexOf('-', maxLength)
    out = cut > 0 ? out.slice(0, cut) : out.slice(0, maxLength)
    out = out.replace(/-+$/, '')
  }
  return out
}
