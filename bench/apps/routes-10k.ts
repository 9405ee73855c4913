/** The same app with 10,000 routes: routing cost must not grow with the route count. */
import { benchApp } from './routes.ts'

export default benchApp(10000)
