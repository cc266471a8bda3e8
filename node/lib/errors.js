'use strict'

// Error classes of plisio-sdk. The native addon rejects with a marked JSON payload (an async napi
// rejection cannot carry a custom code); `fromNative` turns it into the matching subclass. Every
// message comes from the Rust core, which has already removed the API key.

const MARK = '[plisio-native-error]'

/** Base class of every error thrown by plisio-sdk. */
class PlisioError extends Error {
  constructor(message, attrs = {}) {
    super(message)
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false, configurable: true, writable: true })
    /** Stable machine-readable code, identical in every language of the SDK. */
    this.code = attrs.code ?? new.target.code ?? 'internal'
    /** Plisio's own error code (`data.code`), when Plisio answered with an error envelope. */
    this.plisioCode = attrs.plisioCode ?? null
    /** HTTP status of the answer that caused the error, when there was one. */
    this.httpStatus = attrs.httpStatus ?? null
    /** Field → messages, parsed from Plisio's JSON-encoded `data.message` (empty otherwise). */
    this.fieldErrors = attrs.fieldErrors ?? {}
    /** True when retrying the same call later may succeed (never for `outcome_unknown`). */
    this.retryable = attrs.retryable ?? false
  }
}

/** Plisio answered with an error envelope (validation, unsupported currency, insufficient funds…). */
class ApiError extends PlisioError {}
ApiError.code = 'api_error'

/** The API key was refused. */
class AuthenticationError extends PlisioError {}
AuthenticationError.code = 'authentication'

/** The resource does not exist. */
class NotFoundError extends PlisioError {}
NotFoundError.code = 'not_found'

/** HTTP 429. `retryAfterMs` is the server's Retry-After, when it sent one. */
class RateLimitedError extends PlisioError {
  constructor(message, attrs = {}) {
    super(message, attrs)
    this.retryAfterMs = attrs.retryAfterMs ?? null
  }
}
RateLimitedError.code = 'rate_limited'

/** Bad input, refused before any request was sent. `field` names the parameter at fault. */
class InvalidInputError extends PlisioError {
  constructor(message, attrs = {}) {
    super(message, attrs)
    this.field = attrs.field ?? null
  }
}
InvalidInputError.code = 'invalid_input'

/** The client configuration is unusable (empty key, plain http:// to a non-loopback host…). */
class ConfigurationError extends PlisioError {}
ConfigurationError.code = 'configuration'

/** A read request timed out (after its retries). */
class TimeoutError extends PlisioError {
  constructor(message, attrs = {}) {
    super(message, attrs)
    this.endpoint = attrs.endpoint ?? null
    this.attempts = attrs.attempts ?? null
  }
}
TimeoutError.code = 'timeout'

/** The connection failed (refused, reset, TLS) after its retries. */
class ConnectionError extends PlisioError {
  constructor(message, attrs = {}) {
    super(message, attrs)
    this.endpoint = attrs.endpoint ?? null
  }
}
ConnectionError.code = 'connection'

/** The answer could not be understood; `snippet` is a redacted, truncated copy of the body. */
class DecodeError extends PlisioError {
  constructor(message, attrs = {}) {
    super(message, attrs)
    this.endpoint = attrs.endpoint ?? null
    this.snippet = attrs.snippet ?? null
  }
}
DecodeError.code = 'decode'

/** A callback failed verification; `reason` is `mismatch`, `missing_hash`, `empty_secret`,
 * `empty_body`, `not_raw_body` or `malformed`. */
class SignatureError extends PlisioError {
  constructor(message, attrs = {}) {
    super(message, attrs)
    this.reason = attrs.reason ?? null
  }
}
SignatureError.code = 'signature'

/** A withdrawal or invoice creation may have reached Plisio but its result is unknown. It was NOT
 * retried: reconcile through `client.operations.list(...)` before trying again. */
class OutcomeUnknownError extends PlisioError {
  constructor(message, attrs = {}) {
    super(message, attrs)
    this.endpoint = attrs.endpoint ?? null
  }
}
OutcomeUnknownError.code = 'outcome_unknown'

/** A bug inside the SDK (a Rust panic caught at the boundary, or an unexpected native failure).
 * The process is unaffected. */
class InternalError extends PlisioError {}
InternalError.code = 'internal'

/** A sandbox (`MockServer`) control failed; `kind` is `not_found`, `invalid_request`, `shut_down` or `io`. */
class MockServerError extends PlisioError {
  constructor(message, attrs = {}) {
    super(message, attrs)
    this.kind = attrs.kind ?? null
  }
}
MockServerError.code = 'mock_error'

const BY_CODE = {}
for (const cls of [
  ApiError,
  AuthenticationError,
  NotFoundError,
  RateLimitedError,
  InvalidInputError,
  ConfigurationError,
  TimeoutError,
  ConnectionError,
  DecodeError,
  SignatureError,
  OutcomeUnknownError,
  InternalError,
  MockServerError,
]) {
  BY_CODE[cls.code] = cls
}

// napi's own argument-conversion failures (a wrong type passed to a native function).
const ARGUMENT_STATUSES = new Set([
  'InvalidArg',
  'ObjectExpected',
  'StringExpected',
  'NameExpected',
  'FunctionExpected',
  'NumberExpected',
  'BooleanExpected',
  'ArrayExpected',
  'BigintExpected',
  'DateExpected',
  'ArrayBufferExpected',
  'DetachableArraybufferExpected',
])

/**
 * Convert whatever the native addon threw into a PlisioError subclass. Never returns a bare
 * napi `GenericFailure`.
 */
function fromNative(err) {
  if (err instanceof PlisioError) return err
  const message = err && typeof err.message === 'string' ? err.message : String(err)
  if (message.startsWith(MARK)) {
    let payload
    try {
      payload = JSON.parse(message.slice(MARK.length))
    } catch {
      payload = null
    }
    if (payload && typeof payload.code === 'string') {
      const Cls = BY_CODE[payload.code] ?? PlisioError
      const out = new Cls(payload.message, payload)
      for (const [k, v] of Object.entries(payload)) {
        if (!(k in out) && k !== 'message' && v !== null && v !== undefined) out[k] = v
      }
      return out
    }
  }
  if (err && (ARGUMENT_STATUSES.has(err.code) || err instanceof TypeError)) {
    const out = new InvalidInputError(`invalid argument: ${message}`, { field: null })
    out.cause = err
    return out
  }
  const out = new InternalError(`unexpected failure in the plisio-sdk native addon: ${message}`)
  out.cause = err
  return out
}

/** Call `fn`, converting a synchronous native throw. */
function wrapSync(fn) {
  try {
    return fn()
  } catch (e) {
    throw relocate(fromNative(e), e, wrapSync)
  }
}

/** Await `promise`, converting a native rejection. */
async function wrapAsync(promise) {
  try {
    return await promise
  } catch (e) {
    throw relocate(fromNative(e), e, wrapAsync)
  }
}

/** Call a native function that returns a Promise: a synchronous throw (argument conversion) and
 * a rejection both end as a rejected Promise with a PlisioError. */
function callAsync(fn) {
  let promise
  try {
    promise = fn()
  } catch (e) {
    return Promise.reject(relocate(fromNative(e), e, callAsync))
  }
  return wrapAsync(promise)
}

/** A converted error's stack starts at the caller, not inside this module. */
function relocate(converted, original, above) {
  if (converted !== original && typeof Error.captureStackTrace === 'function') Error.captureStackTrace(converted, above)
  return converted
}

module.exports = {
  PlisioError,
  ApiError,
  AuthenticationError,
  NotFoundError,
  RateLimitedError,
  InvalidInputError,
  ConfigurationError,
  TimeoutError,
  ConnectionError,
  DecodeError,
  SignatureError,
  OutcomeUnknownError,
  InternalError,
  MockServerError,
  ERROR_CLASSES: BY_CODE,
  fromNative,
  wrapSync,
  wrapAsync,
  callAsync,
}
