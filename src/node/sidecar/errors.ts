/** The one error type routes throw; the server turns it into `{error: {code, message}}`. */
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '../../shared/sidecar-protocol.ts'

export class SidecarError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string) {
    super(message)
    this.code = code
  }

  get status(): number {
    return ERROR_STATUS[this.code]
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } }
  }
}

/** Throws `bad_request` unless `ok`; keeps request validation to one line per rule. */
export function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new SidecarError('bad_request', message)
}
