/**
 * The element names the DSL knows: HTML's (living standard, plus a few obsolete ones still
 * seen) and common SVG/MathML roots. Strings, not tables: on the njs engine a module's top
 * level runs for every request, and a string literal costs nothing there. The same strings
 * give the TypeScript types (`NormalTag`, `VoidTag`) for the tag object and JSX.
 */
export const NORMAL_TAGS = 'a abbr address article aside audio b bdi bdo blockquote body button canvas caption cite code colgroup data datalist dd del details dfn dialog div dl dt em fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup html i iframe ins kbd label legend li main map mark menu meter nav noscript object ol optgroup option output p picture pre progress q rp rt ruby s samp script search section select slot small span strong style sub summary sup table tbody td template textarea tfoot th thead time title tr u ul var video svg g path circle ellipse line polyline polygon rect text tspan defs symbol use marker clipPath mask pattern linearGradient radialGradient stop foreignObject math'

/** Elements that cannot have content: `<br>`, never `<br></br>`. */
export const VOID_TAGS = 'area base br col embed hr img input link meta source track wbr'

type Split<S extends string, Acc = never> = S extends `${infer H} ${infer T}` ? Split<T, Acc | H> : Acc | S
export type NormalTag = Split<typeof NORMAL_TAGS>
export type VoidTag = Split<typeof VOID_TAGS>
export type KnownTag = NormalTag | VoidTag

function listed(list: string, name: string): boolean {
  // whole words only: 'b' is listed, 'bd' is not
  return (' ' + list + ' ').indexOf(' ' + name + ' ') >= 0
}

/** A switch, not a list search: asked for every element rendered. Any case (`BR` too). */
export function isVoidTag(name: string): boolean {
  switch (name.length < 7 ? name.toLowerCase() : '') {
    case 'area': case 'base': case 'br': case 'col': case 'embed': case 'hr': case 'img': case 'input':
    case 'link': case 'meta': case 'source': case 'track': case 'wbr':
      return true
    default:
      return false
  }
}

export function isKnownTag(name: string): boolean {
  return listed(NORMAL_TAGS, name) || listed(VOID_TAGS, name)
}

/** Element names the DSL will write at all (strict or not): letters, digits, `-`, `:`; starting with a letter. */
export function isValidTagName(name: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9]*(?:[-:][a-zA-Z0-9]+)*$/.test(name)
}

/** Attribute names that cannot break out of the tag: no blanks, quotes, `=`, `<`, `>`, `/`. */
export function isValidAttrName(name: string): boolean {
  return /^[a-zA-Z_:@][a-zA-Z0-9_:.@-]*$/.test(name)
}
