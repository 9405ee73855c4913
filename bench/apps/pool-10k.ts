/** Context-pool bench: the 10,000-route app, measured on GET /slow/:id (a 20 ms timer holds each request's context). */
import { benchApp } from './routes.ts'

export default benchApp(10000, { slow: true })
