/**
 * Tasks of the example app. `tresty dev` finds this file beside examples/app.ts; the sidecar's
 * worker processes load it (never nginx), so this is ordinary Node code.
 */
import { defineTask } from 'tresty/node'

defineTask('word-count', async (payload: { text: string }, ctx) => {
  await ctx.progress(50)
  const words = payload.text.split(/\s+/).filter(Boolean)
  return { words: words.length, longest: words.reduce((a, w) => (w.length > a.length ? w : a), '') }
})
