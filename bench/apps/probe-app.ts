/** Breakdown probe: the raw handler, with an empty tresty app made at top level (what `app()` costs). */
import { app } from 'tresty'
import raw from './raw.ts'

const a = app()
export default { content: raw.content, app: a }
