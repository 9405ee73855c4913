/** Breakdown probe: a tresty app without routes whose one middleware answers the JSON as an object (JSON send). */
import { app } from 'tresty'

const a = app()
a.use(() => ({ message: 'Hello, World!', id: '42' }))
export default a
