// Public types of plisio-sdk. The model types are generated from the Rust binding by napi-rs
// (../index.d.ts); this file declares the JS layer: the client, its namespaces, the error classes,
// callbacks (with the Express middleware) and the sandbox.

import type { IncomingMessage, ServerResponse } from 'node:http'
import type {
  AddressCheck,
  Balance,
  CallbackDelivery,
  CallbackEvent,
  CashOutRequest,
  Commission,
  CommissionRequest,
  Currency,
  Deposit,
  DepositRequest,
  DepositsFilter,
  DepositsPage,
  FeeDetails,
  FeeEstimate,
  FeeEstimateRequest,
  FeePlanDetails,
  FeePlans,
  Invoice,
  InvoiceDetails,
  InvoiceShop,
  LoggedRequest,
  MockOptions,
  NewInvoice,
  Operation,
  OperationParams,
  OperationsFilter,
  OperationsPage,
  OperationTx,
  PageLinks,
  PageMeta,
  PayInRequest,
  PayInvoiceRequest,
  Payout,
  PayoutRequest,
  Shop,
  SimulationResult,
  WithdrawalOptions,
} from '../index'

export type {
  AddressCheck,
  Balance,
  CallbackDelivery,
  CallbackEvent,
  CashOutRequest,
  Commission,
  CommissionRequest,
  Currency,
  Deposit,
  DepositRequest,
  DepositsFilter,
  DepositsPage,
  FeeDetails,
  FeeEstimate,
  FeeEstimateRequest,
  FeePlanDetails,
  FeePlans,
  Invoice,
  InvoiceDetails,
  InvoiceShop,
  LoggedRequest,
  MockOptions,
  NewInvoice,
  Operation,
  OperationParams,
  OperationsFilter,
  OperationsPage,
  OperationTx,
  PageLinks,
  PageMeta,
  PayInRequest,
  PayInvoiceRequest,
  Payout,
  PayoutRequest,
  Shop,
  SimulationResult,
  WithdrawalOptions,
}

/** Known operation types; Plisio may add others (kept as plain strings). */
export type OperationType = 'invoice' | 'cash_in' | 'cash_out' | 'mass_cash_out' | (string & {})
/** Known statuses (note the spaces); Plisio may add others. */
export type Status =
  | 'new'
  | 'pending'
  | 'pending internal'
  | 'expired'
  | 'completed'
  | 'mismatch'
  | 'error'
  | 'cancelled'
  | 'cancelled duplicate'
  | (string & {})
/** Known fee plans; chains may offer others. */
export type FeePlan = 'economy' | 'normal' | 'priority' | 'custom' | (string & {})

/** Settings of a Client. */
export interface ClientOptions {
  /** Your shop's secret API key. */
  apiKey: string
  /** API base URL (default `https://api.plisio.net/api/v1`); plain `http://` only for loopback. */
  baseUrl?: string
  /** Total time allowed for one attempt, in milliseconds (default 30000). */
  timeoutMs?: number
  /** Retries of read calls after the first attempt (default 2). Withdrawals and invoice creation are never retried once sent. */
  maxRetries?: number
}

/** A withdrawal to several addresses in one transaction: `payouts`, or the parallel lists `to` + `amounts`. */
export type MassCashOutRequest =
  | { currency: string; payouts: PayoutRequest[]; to?: never; amounts?: never; feePlan?: FeePlan }
  | { currency: string; to: string[]; amounts: string[]; payouts?: never; feePlan?: FeePlan }

export declare class Operations {
  private constructor()
  /** One page of operations (transactions). */
  list(filter?: OperationsFilter): Promise<OperationsPage>
  /** Details of one operation. */
  get(id: string): Promise<Operation>
  /** Every operation matching `filter`, following pages lazily (`for await`); each operation once. */
  iterate(filter?: OperationsFilter): AsyncGenerator<Operation, void, undefined>
}

export declare class Withdrawals {
  private constructor()
  /** Send `amount` (a decimal string) of `currency` to one address. The address is checked
   * (checksum, network) first unless `options.checkAddress` is false. Never retried once sent: on
   * OutcomeUnknownError look for it in `operations.list` before trying again. */
  cashOut(request: CashOutRequest, options?: WithdrawalOptions): Promise<Operation>
  /** Send to several addresses in one transaction (addresses checked as for cashOut). */
  massCashOut(request: MassCashOutRequest, options?: WithdrawalOptions): Promise<Operation>
}

export declare class Deposits {
  private constructor()
  /** Get (or create) the permanent deposit address of user `uid` for each coin. */
  create(request: DepositRequest): Promise<Deposit[]>
  /** One page of deposit addresses. */
  list(filter?: DepositsFilter): Promise<DepositsPage>
  /** Every deposit address matching `filter`, following pages lazily (`for await`). */
  iterate(filter?: DepositsFilter): AsyncGenerator<Deposit, void, undefined>
}

export declare class Invoices {
  private constructor()
  /** Create an invoice. Never retried once sent: on OutcomeUnknownError search the operations by
   * order number, or resend with `returnExisting: true`. */
  create(invoice: NewInvoice): Promise<Invoice>
  /** Invoice details. */
  get(id: string): Promise<InvoiceDetails>
  /** Set the payer's e-mail on an invoice; answers the invoice details. */
  setEmail(id: string, email: string): Promise<InvoiceDetails>
  /** Switch the coin the payer pays with (Plisio creates a child invoice, see `activeInvoiceId`). Never retried once sent. */
  switchCurrency(id: string, currency: string): Promise<InvoiceDetails>
}

export declare class Balances {
  private constructor()
  /** The balance of one coin. */
  get(currency: string): Promise<Balance>
}

export declare class Fees {
  private constructor()
  /** Network fee for sending `payouts`. */
  estimate(request: FeeEstimateRequest): Promise<FeeEstimate>
  /** Fee plus Plisio commission. */
  commission(request: CommissionRequest): Promise<Commission>
  /** Fee plans of a coin. */
  plans(currency: string): Promise<FeePlans>
}

export declare class Currencies {
  private constructor()
  /** Supported coins with their rates in `fiat` (USD when omitted). */
  list(fiat?: string): Promise<Currency[]>
}

export declare class ShopApi {
  private constructor()
  /** Your shop's settings. */
  get(): Promise<Shop>
}

/**
 * A Plisio API client: one connection pool, safe for concurrent use; keep one for the life of the
 * process. Amounts are decimal strings in and out, timestamps are `Date`, every model keeps `raw`.
 * It never exposes the API key (not in errors, not in `util.inspect`).
 */
export declare class Client {
  constructor(options: ClientOptions)
  /** Operations (transactions): list, details, iteration. */
  readonly operations: Operations
  /** Withdrawals (money-moving, never retried). */
  readonly withdrawals: Withdrawals
  /** White-label deposit addresses. */
  readonly deposits: Deposits
  /** Invoices. */
  readonly invoices: Invoices
  /** Balances. */
  readonly balances: Balances
  /** Fees, commissions and fee plans. */
  readonly fees: Fees
  /** Supported currencies. */
  readonly currencies: Currencies
  /** Shop information. */
  readonly shop: ShopApi
  /** The base URL in use. */
  readonly baseUrl: string
  /** Retries of read calls after the first attempt. */
  readonly maxRetries: number
  /** Mask the API key in any text (for applications that log their own messages). */
  redact(text: string): string
  toJSON(): { baseUrl: string; maxRetries: number }
}

/** Stable error codes (the `code` of PlisioError). */
export type ErrorCode =
  | 'api_error'
  | 'authentication'
  | 'not_found'
  | 'rate_limited'
  | 'invalid_input'
  | 'configuration'
  | 'timeout'
  | 'connection'
  | 'decode'
  | 'signature'
  | 'outcome_unknown'
  | 'internal'
  | 'mock_error'

/** Base class of every error thrown by plisio-sdk. */
export declare class PlisioError extends Error {
  constructor(message: string, attrs?: Record<string, unknown>)
  /** Stable machine-readable code, identical in every language of the SDK. */
  readonly code: ErrorCode
  /** Plisio's own error code (`data.code`), when Plisio answered with an error envelope. */
  readonly plisioCode: number | null
  /** HTTP status of the answer that caused the error, when there was one. */
  readonly httpStatus: number | null
  /** Field → messages, parsed from Plisio's JSON-encoded `data.message` (empty otherwise). */
  readonly fieldErrors: Record<string, string[]>
  /** True when retrying the same call later may succeed (never for `outcome_unknown`). */
  readonly retryable: boolean
}
/** Plisio answered with an error envelope (validation, unsupported currency, insufficient funds…). */
export declare class ApiError extends PlisioError {
  /** Plisio's `data.name`, e.g. `Unprocessable entity`. */
  readonly apiName?: string
  /** Plisio's `data.message` as sent (redacted). */
  readonly apiMessage?: string
}
/** The API key was refused. */
export declare class AuthenticationError extends PlisioError {}
/** The resource does not exist. */
export declare class NotFoundError extends PlisioError {}
/** HTTP 429; `retryAfterMs` is the server's Retry-After, when it sent one. */
export declare class RateLimitedError extends PlisioError {
  readonly retryAfterMs: number | null
}
/** Bad input, refused before any request was sent; `field` names the parameter (`amount`, `payouts[1].to`, …). */
export declare class InvalidInputError extends PlisioError {
  readonly field: string | null
}
/** The client configuration is unusable. */
export declare class ConfigurationError extends PlisioError {}
/** A read request timed out (after its retries). */
export declare class TimeoutError extends PlisioError {
  readonly endpoint: string | null
  readonly attempts: number | null
}
/** The connection failed after its retries. */
export declare class ConnectionError extends PlisioError {
  readonly endpoint: string | null
}
/** The answer could not be understood; `snippet` is a redacted, truncated copy of the body. */
export declare class DecodeError extends PlisioError {
  readonly endpoint: string | null
  readonly snippet: string | null
}
/** A callback failed verification. */
export declare class SignatureError extends PlisioError {
  readonly reason: 'mismatch' | 'missing_hash' | 'empty_secret' | 'empty_body' | 'not_raw_body' | 'malformed' | null
}
/** A withdrawal or invoice creation may have reached Plisio, result unknown; NOT retried: reconcile first. */
export declare class OutcomeUnknownError extends PlisioError {
  readonly endpoint: string | null
}
/** A bug inside the SDK (a Rust panic caught at the boundary); the process is unaffected. */
export declare class InternalError extends PlisioError {}
/** A sandbox control failed. */
export declare class MockServerError extends PlisioError {
  readonly kind: 'not_found' | 'invalid_request' | 'shut_down' | 'io' | null
}

/** Every stable error code, in the core's order. */
export declare const ERROR_CODES: readonly ErrorCode[]
/** Error class by code. */
export declare const ERROR_CLASSES: Readonly<Record<ErrorCode, typeof PlisioError>>
/** Version of the native core. */
export declare const VERSION: string

/** Check a destination address for a coin as withdrawals do before sending; throws
 * InvalidInputError (field `to`) for a bad checksum, a wrong network, a wrong length, an invalid
 * character or an unrecognised format. Coins the SDK does not know pass unchecked (`checked: false`). */
export declare function validateAddress(currency: string, address: string): AddressCheck

/** A raw callback body: exactly the bytes Plisio sent. */
export type RawBody = string | Uint8Array | ArrayBuffer

/**
 * Verify a Plisio callback with the shop's secret key and return the typed event. Pass the RAW
 * request body (a Buffer or string, never a parsed object) and the request's Content-Type; JSON
 * mode and both form modes are supported. Throws SignatureError.
 */
export declare function verifyCallback(body: RawBody, secret: string, contentType?: string | null): CallbackEvent

/** A verifier keyed once with the secret: reuse it for many callbacks. */
export declare class CallbackVerifier {
  constructor(secret: string)
  /** Verify a raw callback body and return the typed event; see `verifyCallback`. */
  verify(body: RawBody, contentType?: string | null): CallbackEvent
  /** Check only the signature (no event is built); throws SignatureError. */
  checkSignature(body: RawBody, contentType?: string | null): void
}

/** What the callback helpers need from a request (node:http IncomingMessage and what frameworks build on it). */
export type CallbackRequest = IncomingMessage & { body?: unknown; rawBody?: unknown }

/** Options of the callback helpers. */
export interface RawBodyOptions {
  /** Largest body accepted, in bytes (default 1 MiB). */
  limit?: number
}

/** The raw body of a request (`req.body` Buffer/string, `req.rawBody`, else the stream itself). */
export declare function readRawBody(req: CallbackRequest, options?: RawBodyOptions): Promise<string | Uint8Array>

/** Verify the callback carried by an HTTP request (node:http, Express, Fastify `request.raw`, Koa `ctx.req`). */
export declare function verifyCallbackRequest(req: CallbackRequest, secret: string | CallbackVerifier, options?: RawBodyOptions): Promise<CallbackEvent>

export interface PlisioCallbackOptions extends RawBodyOptions {
  /** Your shop's secret key. */
  secret: string
  /** Handle a failed verification yourself (default: answer 422 `{"error":"invalid_callback","reason":…}`). */
  onError?: (err: PlisioError | Error, req: CallbackRequest, res: ServerResponse, next: (err?: unknown) => void) => void
}

/**
 * Express / Connect middleware for the callback route: reads the raw body (mount it before any body
 * parser on that route), verifies it, sets `req.plisioEvent` and `res.locals.plisioEvent`, calls `next()`.
 */
export declare function plisioCallback(
  options: PlisioCallbackOptions,
): (req: CallbackRequest, res: ServerResponse & { locals?: Record<string, any> }, next: (err?: unknown) => void) => void

declare global {
  namespace Express {
    interface Request {
      /** The verified Plisio callback, set by `plisioCallback()`. */
      plisioEvent?: CallbackEvent
    }
  }
}

/** A fault for the sandbox to inject into upcoming API answers (`path`: substring filter; `times`: how many requests, default 1). */
export type MockFault = { path?: string; times?: number } & (
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; code: number; body?: string }
  | { kind: 'html_502' }
  | { kind: 'rate_limit'; retryAfterSecs?: number }
  | { kind: 'truncated_json' }
  | { kind: 'invalid_json' }
  | { kind: 'reset' }
  | { kind: 'oversized'; bytes: number }
)

/** The Plisio sandbox (plisio-mock) running in this process on 127.0.0.1, for tests. */
export declare class MockServer {
  private constructor()
  /** Start a sandbox (a free port unless `options.port`). */
  static start(options?: MockOptions): Promise<MockServer>
  /** The API base URL: `http://127.0.0.1:<port>/api/v1`. */
  readonly url: string
  /** The server root: `http://127.0.0.1:<port>`. */
  readonly rootUrl: string
  /** The sandbox shop's (test) secret key. */
  readonly apiKey: string
  /** A Client for this sandbox. */
  client(options?: Partial<ClientOptions>): Client
  /** Queue a fault for upcoming API requests. */
  pushFault(fault: MockFault): void
  /** Drop every queued fault. */
  clearFaults(): void
  /** The API requests received so far, oldest first (`api_key` shown as `***`). */
  requests(): LoggedRequest[]
  /** Empty the request log. */
  clearRequests(): void
  /** Set the balance of a coin (a decimal string). */
  setBalance(psysCid: string, amount: string): void
  /** The balance of a coin as a decimal string (`null` for an unknown coin). */
  balance(psysCid: string): string | null
  /** Add `count` synthetic older operations; returns how many were added. */
  seedOperations(count: number, options?: { type?: OperationType; psysCid?: string }): number
  /** Turn white-label processing on or off. */
  setWhiteLabel(on: boolean): void
  /** Set (or clear with `null`) the shop's Status URL. */
  setCallbackUrl(url: string | null): void
  /** Back to the starting state. */
  reset(): void
  /** A deposit arrives on a user's address; POSTs the signed `pay_in` callback. */
  simulatePayIn(request: PayInRequest): Promise<SimulationResult>
  /** Pay an invoice; POSTs the signed `invoice` callback. */
  payInvoice(request: PayInvoiceRequest): Promise<SimulationResult>
  /** Stop the server. Idempotent. */
  stop(): Promise<void>
}
