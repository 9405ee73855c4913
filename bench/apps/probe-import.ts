/** Breakdown probe: the raw handler in a module that also imports tresty (its bundle top level), no app made. */
import { app } from 'tresty'
import raw from './raw.ts'

export default { content: raw.content, app }
