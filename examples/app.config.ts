/**
 * The example app's config per environment (TRESTY_ENV: development, test, production), built
 * into the bundle; secrets are names of environment variables, read at run time.
 */
import { defineConfig, secret } from '../src/shared/app-config.ts'

export default defineConfig({
  defaults: {
    /** The quotes service /quote calls (live config `quotes.url` overrides it). */
    quotesUrl: 'http://127.0.0.1:9000',
    quotesTimeoutMs: 2000,
    /** Sent to the quotes service as a bearer token; unset → no Authorization header. */
    quotesToken: secret('EXAMPLE_QUOTES_TOKEN'),
  },
  production: { quotesTimeoutMs: 1000 },
})
