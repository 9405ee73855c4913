/** Written by the build (src/node/bundler/app-config.ts): the selected environment and its config as JSON. */
declare module 'tresty:app-config' {
  export const environment: string
  export const source: string
}
