/**
 * tresty/html — Losty's `losty.view`: tags are functions, a view renders a template to a string.
 *
 *   import { view } from 'tresty/html'
 *   const page = (args: { name: string }, h: Tags) => h.html(h.body(h.h1('.title', 'Hello ', args.name)))
 *   r.headers['Content-Type'] = 'text/html; charset=utf-8'
 *   return view(page, { name: q.query.name })       // '<!DOCTYPE html><html><body><h1 class="title">Hello …'
 *
 * Text and attribute values are escaped; `raw(html)` is the one way to insert markup as is.
 * `.tsx` views compile onto the same functions (see tresty/jsx-runtime). See docs/views.md.
 */
import { checkTagName, element, renderChildren, setStrict, tagCall, toHtml, type Attrs, type Child, type Html } from './render.ts'
import { NORMAL_TAGS, VOID_TAGS, type NormalTag, type VoidTag } from './tags.ts'

export type { Html, Child, Attrs, AttrValue } from './render.ts'
export { isHtml } from './render.ts'
export { escapeHtml, safeUrl, UNSAFE_URL } from './escape.ts'
export type { KnownTag, NormalTag, VoidTag } from './tags.ts'

/**
 * A normal element: `(...children)` or `(attrs, child, ...children)` — attrs an object or a
 * shorthand string like `'#id.cls[title=x]'`, taken as attributes only when content follows.
 */
export type TagFn = {
  (attrs: Attrs | string | null | undefined, child: Child, ...children: Child[]): Html
  (...children: Child[]): Html
}
/** A void element (`br`, `img`, `input`, …): attributes only. */
export type VoidTagFn = (attrs?: Attrs | string | null) => Html

/** The tag functions a template receives, plus `tag(name, …)` for any other valid name and `raw`. */
export type Tags = { [K in NormalTag]: TagFn } & { [K in VoidTag]: VoidTagFn } & {
  /** Any element by name (custom elements: `tag('my-widget', …)`); refused in strict mode when unknown. */
  tag(name: string, ...args: any[]): Html
  raw: typeof raw
}

export type Template<A> = (args: A, h: Tags) => Child

/** Markup inserted as is, unescaped: the one explicit opt-out. Never give it user input. */
export function raw(html: string): Html {
  return toHtml(String(html))
}

/** Any element by name; the name is checked (syntax always, known names in strict mode). */
export function tag(name: string, ...args: any[]): Html {
  checkTagName(name)
  return tagCall(name, args)
}

/** Content rendered to safe markup without an element around it (a fragment). */
export function fragment(...children: Child[]): Html {
  return toHtml(renderChildren(children))
}

/** An element from a name, attributes and children (what the JSX runtime calls). */
export function h(name: string, attrs: Attrs | null, ...children: Child[]): Html {
  checkTagName(name)
  return element(name, attrs, children, false)
}

/**
 * The tag object, built on first use: on the njs engine once per request that renders a
 * view, on QuickJS once per context. ~130 small closures; nothing at module load.
 */
let tags: Tags | null = null

function makeTag(name: string) {
  return function () { return tagCall(name, arguments) }
}

export function getTags(): Tags {
  if (tags) return tags
  const t: any = { tag, raw }
  const names = (NORMAL_TAGS + ' ' + VOID_TAGS).split(' ')
  for (let i = 0; i < names.length; i++) t[names[i]] = makeTag(names[i])
  tags = t
  return t
}

/**
 * Renders `template(args, tags)` to a string, with `<!DOCTYPE html>` in front unless
 * `noDoctype`. `strict` refuses tag names outside the known HTML/SVG list (for `tag(name)`
 * and JSX). The template may return an element, a string (escaped), or a list of them.
 */
export function view<A>(template: Template<A>, args: A, noDoctype?: boolean, strict?: boolean): string {
  const was = setStrict(!!strict)
  try {
    // The h object (~130 functions) only for a template that takes it: TSX templates and
    // those using tresty/html/elements do not, and skip building it (njs engine: per request).
    const out = renderChildren(template(args, template.length >= 2 ? getTags() : (void 0 as any)))
    return noDoctype ? out : '<!DOCTYPE html>' + out
  } finally {
    setStrict(was)
  }
}
