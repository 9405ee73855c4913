/** The 100-route bench app with its routes declared in a loop (benchApp), which the build cannot compile. */
import { benchApp } from './routes.ts'

export default benchApp(100)
