/** Hostile strings through the DSL under Node (the same checks run through nginx in test/nginx/views.test.ts). */
import { describe, expect, it } from 'vitest'
import { getTags, view } from '../../src/njs/html/index.ts'
import { checkRendered, dangerousScheme, OWN_VECTORS } from '../support/xss-check.ts'
import { corpus } from '../support/corpora.ts'

function render(context: string, payload: string): string {
  const h = getTags()
  return view(() => context === 'text' ? h.div('#t', payload)
    : context === 'attr' ? h.div({ id: 't', title: payload, 'data-x': payload }, '')
      : h.a({ id: 't', href: payload }, h.img({ src: payload })), null, true)
}

describe('hostile strings in the DSL', () => {
  it('our own vectors', () => {
    for (const c of OWN_VECTORS) expect(checkRendered(c.context, c.payload, render(c.context, c.payload)), c.payload).toEqual([])
  })
  const cases = corpus('xss-vectors.json')
  it.skipIf(!cases)('every case of shared/corpora/xss-vectors.json', () => {
    let dangerous = 0
    for (const c of cases!) {
      expect(checkRendered(c.context, c.payload, render(c.context, c.payload)), `#${c.id} ${c.context} ${c.payload}`).toEqual([])
      if (c.dangerous_scheme) dangerous++
      // our reading of the scheme agrees with the WHATWG URL parser's (the corpus's flag)
      if (c.context === 'url') expect(dangerousScheme(c.payload), `#${c.id} ${c.payload}`).toBe(c.dangerous_scheme)
    }
    expect(cases!.length).toBeGreaterThan(700)
    expect(dangerous).toBeGreaterThan(20)
  })
})
