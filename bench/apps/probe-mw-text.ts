/** Breakdown probe: a tresty app without routes whose one middleware answers the JSON as a ready string. */
import { app } from 'tresty'

const a = app()
a.use(() => '{"message":"Hello, World!","id":"42"}')
export default a
