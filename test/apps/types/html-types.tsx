/**
 * Type tests for tresty/html and TSX, checked by `npm run typecheck`; each `@ts-expect-error`
 * line must be a type error (test/node-unit/type-fixtures.test.ts also strips them and checks tsc
 * then fails on exactly those lines).
 */
import { view, type Tags, type Html } from 'tresty/html'

export const ok: Html = <div class="a" data-x={1} hidden={false}><br /><img src="/a.png" alt="" />{'text'}{[1, 2]}{null}</div>
export const custom = <my-widget foo="bar">x</my-widget>
export const svg = <svg><path d="M0 0" /></svg>
function Card(props: { title: string; children?: Html | string }) { return <section><h2>{props.title}</h2>{props.children}</section> }
export const card = <Card title="t">body</Card>

// @ts-expect-error — void elements take no children
export const brChild = <br>x</br>
// @ts-expect-error — unknown tag
export const blink = <blink>x</blink>
// @ts-expect-error — attribute values are not objects
export const styleObj = <div style={{ color: 'red' }}></div>
// @ts-expect-error — a component's props are typed
export const noTitle = <Card>body</Card>
// @ts-expect-error — so are their types
export const badTitle = <Card title={1} />

export const page = view((args: { n: number }, h: Tags) => h.div('.x', h.span(String(args.n))), { n: 1 })
// @ts-expect-error — args are typed
view((args: { n: number }, h: Tags) => h.p(String(args.n)), { n: '1' })
// @ts-expect-error — void tag functions take attributes only
view((_: null, h: Tags) => h.br({}, 'child'), null)
// @ts-expect-error — no such tag function
view((_: null, h: Tags) => h.blink('x'), null)
// @ts-expect-error — a plain object is not content
view((_: null, h: Tags) => h.p({ a: 1 }), null)
