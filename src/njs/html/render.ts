/**
 * The core of the HTML DSL: an element is rendered to its HTML string at once and wrapped in
 * an `Html` object, the one kind of value that is inserted unescaped. Everything else given
 * as content (strings, numbers) is escaped; attribute values are always escaped, and URL
 * attributes lose code-running schemes.
 */
import { escapeHtml, isUrlAttribute, safeUrl } from './escape.ts'
import { isKnownTag, isValidAttrName, isValidTagName, isVoidTag } from './tags.ts'

/**
 * Markup that is already safe: what tags, `view` fragments and `raw()` return. Recognised by
 * its constructor, never by a property, so a JSON object from a request cannot pass as one.
 */
export interface Html {
  readonly html: string
  toString(): string
}

function SafeHtml(this: any, html: string) {
  this.html = html
}
SafeHtml.prototype.toString = function (this: Html) { return this.html }

export function isHtml(x: unknown): x is Html {
  return x instanceof (SafeHtml as any)
}

export function toHtml(html: string): Html {
  return new (SafeHtml as any)(html)
}

/** What may be given as content: escaped text, safe markup, lists of them; null/undefined/booleans render nothing (as in JSX). */
export type Child = Html | string | number | boolean | null | undefined | readonly Child[]

export type AttrValue = string | number | boolean | null | undefined | Html | readonly (string | number | boolean | null | undefined)[]
export type Attrs = Record<string, AttrValue>

/** Set while `view(…, strict)` runs: tag names outside the known list are refused. */
let strictMode = false

export function setStrict(on: boolean): boolean {
  const was = strictMode
  strictMode = on
  return was
}

/**
 * What is known about a name already seen in this VM (tag names and attribute names are
 * nearly always literals, so each is checked once, not once per element): per request on
 * the njs engine, per context on QuickJS; at most 512 names (data used as names by mistake
 * cannot grow it without bound).
 */
let tagInfo: Record<string, number> | null = null
let attrInfo: Record<string, number> | null = null
let infoCount = 0

const TAG_VALID = 1
const TAG_KNOWN = 2

function remember(table: Record<string, number>, name: string, info: number): number {
  if (infoCount < 512) { table[name] = info; infoCount++ }
  return info
}

/** Checks a tag name given as a string (`tag(name)`, JSX): always its syntax, in strict mode its membership. */
export function checkTagName(name: string): void {
  const table = tagInfo || (tagInfo = Object.create(null) as Record<string, number>)
  let info = typeof name === 'string' ? table[name] : 0
  if (info === void 0) {
    info = !isValidTagName(name) ? 0 : TAG_VALID | (isKnownTag(name) || isKnownTag(name.toLowerCase()) ? TAG_KNOWN : 0)
    remember(table, name, info)
  }
  if (!info) throw new Error(`html: invalid tag name ${JSON.stringify(String(name))}`)
  if (strictMode && !(info & TAG_KNOWN)) throw new Error(`html: unknown tag <${name}> (strict)`)
}

const ATTR_VALID = 1
const ATTR_URL = 2
const ATTR_SRCDOC = 4

/** Whether an attribute name may be written, and whether it holds a URL or srcdoc markup. */
function attrKind(name: string): number {
  const table = attrInfo || (attrInfo = Object.create(null) as Record<string, number>)
  const info = table[name]
  if (info !== void 0) return info
  if (!isValidAttrName(name)) return remember(table, name, 0)
  const lower = name.toLowerCase()
  return remember(table, name, ATTR_VALID | (isUrlAttribute(lower) ? ATTR_URL : 0) | (lower === 'srcdoc' ? ATTR_SRCDOC : 0))
}

/** The HTML of one piece of content (strings and lists concatenated: cheaper than arrays + join on both engines). */
export function childHtml(c: any): string {
  if (c === null || c === void 0 || c === true || c === false) return ''
  const t = typeof c
  if (t === 'string') return escapeHtml(c)
  if (t === 'number') return String(c)
  if (c instanceof (SafeHtml as any)) return c.html
  if (Array.isArray(c)) {
    let out = ''
    for (let i = 0; i < c.length; i++) out += childHtml(c[i])
    return out
  }
  throw new Error(`html: cannot render a ${t === 'object' ? 'plain object' : t} as content (use a tag, a string or raw(); attributes alone: div({ … }, ''))`)
}

export function renderChildren(children: any): string {
  return childHtml(children)
}

/**
 * Losty's shorthand: `#id.class1.class2[name=value][flag]`, quotes around a value optional.
 * Returns attributes in order of appearance, classes joined.
 */
export function parseShorthand(tag: string, s: string): Attrs {
  const attrs: Attrs = {}
  let classes = ''
  let i = 0
  while (i < s.length) {
    const c = s.charAt(i)
    if (c === '.' || c === '#') {
      let j = i + 1
      while (j < s.length && '.#['.indexOf(s.charAt(j)) < 0) j++
      const word = s.slice(i + 1, j)
      if (word === '' || /\s/.test(word)) throw new Error(`html: ${tag}('${s}'): bad ${c === '.' ? 'class' : 'id'} ${JSON.stringify(word)}`)
      if (c === '#') attrs.id = word
      else classes = classes ? classes + ' ' + word : word
      i = j
    } else if (c === '[') {
      const j = s.indexOf(']', i)
      if (j < 0) throw new Error(`html: ${tag}('${s}'): unclosed [`)
      const body = s.slice(i + 1, j)
      const eq = body.indexOf('=')
      const name = eq < 0 ? body : body.slice(0, eq)
      // A shorthand string may come from data by mistake (`p(text, more)`): it never makes
      // an event handler, a style or an srcdoc (write those in an attribute object).
      const lower = name.toLowerCase()
      if (lower.slice(0, 2) === 'on' || lower === 'style' || lower === 'srcdoc') {
        throw new Error(`html: ${tag}('${s}'): ${name} cannot be given in a shorthand string`)
      }
      if (eq < 0) attrs[body] = true
      else {
        let value = body.slice(eq + 1)
        const q = value.charAt(0)
        if ((q === '"' || q === "'") && value.length > 1 && value.charAt(value.length - 1) === q) value = value.slice(1, -1)
        attrs[body.slice(0, eq)] = value
      }
      i = j + 1
    } else {
      throw new Error(`html: ${tag}('${s}'): attributes must start with '.', '#' or '['`)
    }
  }
  if (classes) attrs.class = typeof attrs.class === 'string' ? attrs.class + ' ' + classes : classes
  return attrs
}

function attrText(name: string, srcdoc: boolean, value: any): string {
  const t = typeof value
  if (t === 'string') return srcdoc ? escapeHtml(value) : value
  if (t === 'number') return String(value)
  // Markup for an iframe's srcdoc is an Html value; a plain string there is shown as text.
  if (value instanceof (SafeHtml as any)) return value.html
  if (Array.isArray(value)) {
    let out = ''
    for (let i = 0; i < value.length; i++) {
      const p = value[i]
      if (p === null || p === void 0 || p === false || p === true || p === '') continue
      if (typeof p !== 'string' && typeof p !== 'number') throw new Error(`html: attribute ${name}: list items must be strings or numbers`)
      out = out ? out + ' ' + p : String(p)
    }
    return out
  }
  throw new Error(`html: attribute ${name}: a ${t === 'object' ? 'plain object' : t} is not a value`)
}

/** ` name="value"` for each attribute; JSX's className/htmlFor are class/for; false/null/undefined are left out. */
export function renderAttrs(attrs: Attrs, skipChildren: boolean): string {
  let out = ''
  for (let name in attrs) {
    if (!Object.prototype.hasOwnProperty.call(attrs, name)) continue
    if (skipChildren && (name === 'children' || name === 'key')) continue
    const value = attrs[name]
    if (value === null || value === void 0 || value === false) continue
    if (name === 'className') name = 'class'
    else if (name === 'htmlFor') name = 'for'
    const kind = attrKind(name)
    if (!kind) throw new Error(`html: invalid attribute name ${JSON.stringify(name)}`)
    if (value === true) { out += ' ' + name; continue }
    let text = attrText(name, (kind & ATTR_SRCDOC) !== 0, value)
    if (kind & ATTR_URL) text = safeUrl(text)
    out += ' ' + name + '="' + escapeHtml(text) + '"'
  }
  return out
}

/** Renders one element; `children` is anything `childHtml` takes. */
export function element(tag: string, attrs: Attrs | null, children: any, fromProps: boolean): Html {
  const open = '<' + tag + (attrs ? renderAttrs(attrs, fromProps) : '') + '>'
  if (isVoidTag(tag)) {
    if (children !== void 0 && children !== null && !(Array.isArray(children) && children.length === 0)) {
      throw new Error(`html: <${tag}> is a void element and cannot have children`)
    }
    return toHtml(open)
  }
  return toHtml(open + childHtml(children) + '</' + tag + '>')
}

function isAttrObject(x: any): boolean {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !isHtml(x)
}

/**
 * A tag function's arguments, Losty's rule: with two or more, the first is the attributes
 * when it is a string (shorthand; must be '' or start with `.`, `#`, `[`), null/undefined, or
 * an object; a single argument is content — so a value from a request that happens to be an
 * object is refused as content, never taken as attributes (`p(body.note)` cannot become
 * `<p onclick=…>`). Attributes without content: `div({ class: 'x' }, '')`. A void element
 * takes one argument at most: its attributes (object or shorthand string).
 */
export function tagCall(tag: string, args: IArguments | any[]): Html {
  const n = args.length
  let attrs = ''
  let from = 0
  const first = n ? args[0] : void 0
  if (isVoidTag(tag)) {
    if (n > 1) throw new Error(`html: <${tag}> is a void element and cannot have children`)
    if (typeof first === 'string' && (first === '' || '.#['.indexOf(first.charAt(0)) >= 0)) attrs = shorthandHtml(tag, first)
    else if (isAttrObject(first)) attrs = renderAttrs(first, false)
    else if (first !== void 0 && first !== null) throw new Error(`html: <${tag}> is a void element and cannot have children`)
    return toHtml('<' + tag + attrs + '>')
  }
  if (n >= 2) {
    if (typeof first === 'string') { attrs = shorthandHtml(tag, first); from = 1 }
    else if (first === null || first === void 0) from = 1
    else if (isAttrObject(first)) { attrs = renderAttrs(first, false); from = 1 }
  }
  let inner = ''
  for (let i = from; i < n; i++) inner += childHtml(args[i])
  return toHtml('<' + tag + attrs + '>' + inner + '</' + tag + '>')
}

/**
 * Rendered shorthand attributes, by string: templates repeat the same literals (every `li` of
 * a list). Kept per VM (per request on the njs engine, per context on QuickJS), at most 256.
 */
let shorthands: Record<string, string> | null = null
let shorthandCount = 0

function shorthandHtml(tag: string, s: string): string {
  if (s === '') return ''
  const cache = shorthands || (shorthands = Object.create(null) as Record<string, string>)
  const hit = cache[s]
  if (hit !== void 0) return hit
  const html = renderAttrs(parseShorthand(tag, s), false)
  if (shorthandCount < 256) { cache[s] = html; shorthandCount++ }
  return html
}
