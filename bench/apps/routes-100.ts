/** The tresty target: 100 routes, two middlewares, GET /json/:id. */
import { benchApp } from './routes.ts'

export default benchApp(100)
