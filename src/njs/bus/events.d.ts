/**
 * `import map from 'tresty-events:./path/events.json'`: a config map of `module#function`
 * strings, which the build (src/node/bundler/bus-events.ts) turns into a wiring of functions.
 */
declare module 'tresty-events:*' {
  const wiring: import('../../shared/bus.ts').Wiring
  export default wiring
}
