/**
 * Errors of tresty/client, named as Guzzle names its exceptions. Every error carries the
 * request that failed (`request`) and, when there was one, the response (`response`). They are
 * not HttpErrors: an uncaught one is the app's own 500, never the upstream's status passed on.
 */
import type { ClientResponse, SentRequest } from './types.ts'

export type ClientErrorName =
  | 'ClientException'            // 4xx with http_errors
  | 'ServerException'            // 5xx with http_errors (after the retries)
  | 'ConnectException'           // refused, reset, DNS, timeout: no response at all
  | 'TooManyRedirectsException'  // more than allow_redirects.max
  | 'BadResponseException'       // a redirect to a protocol that is not allowed
  | 'InvalidArgumentException'   // bad options (nothing was sent)

export interface ClientError extends Error {
  name: ClientErrorName
  isClientError: true
  request: SentRequest
  response?: ClientResponse
  /** For a timeout: true (a ConnectException too, as Guzzle's curl handler reports it). */
  timeout?: boolean
}

export function clientError(name: ClientErrorName, message: string, request: SentRequest, response?: ClientResponse): ClientError {
  const e = new Error(message) as ClientError
  e.name = name
  e.isClientError = true
  e.request = request
  if (response) e.response = response
  return e
}

export function isClientError(e: unknown): e is ClientError {
  return !!e && (e as ClientError).isClientError === true
}

/** Guzzle's message: "Client error: `GET http://x` resulted in a `404 Not Found` response:\n<body start>". */
export function statusError(request: SentRequest, response: ClientResponse): ClientError {
  const server = response.status >= 500
  const summary = response.body.length > 120 ? response.body.slice(0, 120) + ' (truncated...)' : response.body
  return clientError(server ? 'ServerException' : 'ClientException',
    (server ? 'Server' : 'Client') + ' error: `' + request.method + ' ' + request.url + '` resulted in a `' +
    response.status + (response.statusText ? ' ' + response.statusText : '') + '` response:\n' + summary,
    request, response)
}
