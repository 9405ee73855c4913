/** Breakdown probe: the 100-route app with one (empty) onLog hook: tresty's log phase on every request. */
import { benchApp } from './routes.ts'

export default benchApp(100, { onLog: true })
