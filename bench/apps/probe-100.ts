/** Breakdown probe: the 100-route app without its two middlewares. */
import { benchApp } from './routes.ts'

export default benchApp(100, { middleware: false })
