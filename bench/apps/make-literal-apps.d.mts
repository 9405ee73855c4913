/** Types of make-literal-apps.mjs (the generator of the literal bench apps). */
export function literalApp(routes: number, routesModule?: string): string
export function literalAppFile(routes: number): string
