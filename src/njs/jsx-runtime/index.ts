/**
 * tresty/jsx-runtime — what `.tsx` views compile to (tsconfig `"jsx": "react-jsx"`,
 * `"jsxImportSource": "tresty"`; the build's Babel step uses the same automatic runtime).
 * `<div class="x">{name}</div>` becomes `jsx('div', { class: 'x', children: name })`, which
 * renders through the same code as the tag functions of tresty/html: same escaping, same URL
 * checks, same void-element rule. Components are functions of their props returning markup.
 */
import { checkTagName, element, isHtml, renderChildren, toHtml, type AttrValue, type Child, type Html } from '../html/render.ts'
import type { NormalTag, VoidTag } from '../html/tags.ts'

type Props = Record<string, any> & { children?: any }
type Component = (props: any) => Child

export function jsx(type: string | Component, props: Props | null, _key?: unknown): Html {
  const p: Props = props || {}
  if (typeof type === 'function') {
    const out = type(p)
    return isHtml(out) ? out : toHtml(renderChildren(out))
  }
  checkTagName(type)
  return element(type, p, p.children, true)
}

export const jsxs = jsx
export const jsxDEV = jsx

/** `<>…</>`: the children without an element around them. */
export function Fragment(props: { children?: Child }): Html {
  return toHtml(renderChildren(props.children))
}

type Attributes = { [name: string]: AttrValue | Child; children?: Child; key?: string | number }
type VoidAttributes = { [name: string]: AttrValue; children?: never; key?: string | number }

export namespace JSX {
  export type Element = Html
  export interface ElementChildrenAttribute { children: {} }
  export interface IntrinsicAttributes { key?: string | number }
  type Known = { [K in NormalTag]: Attributes } & { [K in VoidTag]: VoidAttributes }
  export interface IntrinsicElements extends Known {
    /** Custom elements: any name with a dash. */
    [custom: `${string}-${string}`]: Attributes
  }
}
