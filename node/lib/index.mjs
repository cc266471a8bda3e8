// ESM entry of plisio-sdk: the same objects as the CommonJS entry (one copy of every class, so
// `instanceof` works whichever way a module imported the SDK).
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const sdk = require('./index.js')

export const {
  Client,
  validateAddress,
  verifyCallback,
  CallbackVerifier,
  plisioCallback,
  verifyCallbackRequest,
  readRawBody,
  MockServer,
  ERROR_CODES,
  ERROR_CLASSES,
  VERSION,
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
} = sdk

export default sdk
