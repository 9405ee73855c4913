/**
 * The Node-side type check (tsconfig.node.json) has no njs-types: this loose stand-in lets unit
 * tests import src/njs files that name the njs request type. Inside nginx the real one applies.
 */
interface NginxHTTPRequest {
  [key: string]: any
}

/** Stand-ins for njs globals named by src/njs/session (Node's own crypto.subtle is used at run time). */
type CryptoKey = any
interface NgxSharedDict<V = any> { [key: string]: any }
declare const ngx: any
