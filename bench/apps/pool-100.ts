/** Context-pool bench: the 100-route app, measured on GET /slow/:id (a 20 ms timer holds each request's context). */
import { benchApp } from './routes.ts'

export default benchApp(100, { slow: true })
