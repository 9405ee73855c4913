/**
 * The Node-side type check (tsconfig.node.json) has no njs-types: this loose stand-in lets unit
 * tests import src/njs files that name the njs request type. Inside nginx the real one applies.
 */
interface NginxHTTPRequest {
  [key: string]: any
}
