/**
 * `.tsx` views: Babel's JSX transform with the automatic runtime, importing `jsx`/`jsxs`/
 * `Fragment` from `tresty/jsx-runtime` (src/njs/jsx-runtime), which renders onto the same
 * escaping HTML DSL as tresty/html. tsconfig.json says the same to tsc (`"jsx": "react-jsx"`,
 * `"jsxImportSource": "tresty"`), so what type-checks is what runs.
 */

/** The source extensions the build resolves and hands to Babel. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.js']

/** The Babel plugin entry for JSX (@babel/plugin-transform-react-jsx@7). */
export function jsxPlugin(resolveModule: (name: string) => string = (name) => name): [string, object] {
  return [resolveModule('@babel/plugin-transform-react-jsx'), { runtime: 'automatic', importSource: 'tresty', development: false }]
}
