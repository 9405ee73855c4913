/** Types of make-literal-apps.mjs (the generator of the literal bench apps). */
/** The breakdown probes' variants of the literal app (see literalApp). */
export interface LiteralAppOptions { middleware?: boolean; headers?: boolean; onLog?: boolean }
export function literalApp(routes: number, routesModule?: string, o?: LiteralAppOptions): string
export function literalAppFile(routes: number, o?: LiteralAppOptions, name?: string): string
