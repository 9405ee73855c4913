/** Breakdown probe: one route (GET /json/:id), no middleware. */
import { benchApp } from './routes.ts'

export default benchApp(1, { middleware: false })
