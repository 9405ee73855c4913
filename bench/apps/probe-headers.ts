/** Breakdown probe: the 100-route app whose handler also sets three headers. */
import { benchApp } from './routes.ts'

export default benchApp(100, { headers: true })
