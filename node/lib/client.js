'use strict'

// The client: namespaces over the native client, typed errors and async iterators. Every
// behaviour (validation, exact money, retries, redaction, pagination) is in the Rust core.

const util = require('node:util')
const native = require('../index.js')
const errors = require('./errors.js')
const { wrapSync, wrapAsync, callAsync, ConfigurationError, InvalidInputError } = errors
const { decode } = require('./decode.js')

/** A native call answering the JSON text of a model: the decoded model. */
function call(fn) {
  return callAsync(fn).then(decode)
}


/** JS numbers for page/limit must be whole and positive before they become u32 in Rust (napi
 * would wrap -1 and truncate 1.5 silently). */
function checkPaging(filter) {
  if (filter === undefined || filter === null) return undefined
  if (typeof filter !== 'object') {
    throw new InvalidInputError(`expected a filter object, got ${typeof filter}`, { field: 'filter' })
  }
  for (const field of ['page', 'limit']) {
    const v = filter[field]
    if (v === undefined || v === null) continue
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > 0xffffffff) {
      throw new InvalidInputError(`invalid ${field}: expected a whole number, got ${typeof v === 'number' ? v : typeof v}`, { field })
    }
  }
  return filter
}

/** A request argument must be an object (napi's own message for null is not helpful). */
function req(request, name = 'request') {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    throw new InvalidInputError(`invalid ${name}: expected an object, got ${request === null ? 'null' : Array.isArray(request) ? 'an array' : typeof request}`, { field: name })
  }
  return request
}

/** Iterate a native cursor (pages are fetched only when their first item is asked for). */
async function* drain(makeCursor) {
  const cursor = wrapSync(makeCursor)
  for (;;) {
    const item = await wrapAsync(cursor.next())
    if (item === null) return
    yield decode(item)
  }
}

class Operations {
  #n
  constructor(n) {
    this.#n = n
  }
  /** One page of operations (transactions). */
  list(filter) {
    return call(() => this.#n.operationsList(checkPaging(filter)))
  }
  /** Details of one operation. */
  get(id) {
    return call(() => this.#n.operationsGet(id))
  }
  /** Every operation matching `filter`, following pages lazily (`for await`). Operations that
   * reappear on a later page are yielded once. */
  iterate(filter) {
    return drain(() => this.#n.operationsCursor(checkPaging(filter)))
  }
}

class Withdrawals {
  #n
  constructor(n) {
    this.#n = n
  }
  /** Send `amount` (a decimal string) of `currency` to one address. The address is checked
   * (checksum, network) first unless `options.checkAddress` is false. Never retried once sent: on
   * OutcomeUnknownError look for it in `operations.list` before trying again. */
  cashOut(request, options) {
    return call(() => this.#n.withdrawalsCashOut(req(request), options ?? undefined))
  }
  /** Send to several addresses in one transaction (addresses checked as for cashOut). */
  massCashOut(request, options) {
    return call(() => this.#n.withdrawalsMassCashOut(req(request), options ?? undefined))
  }
}

class Deposits {
  #n
  constructor(n) {
    this.#n = n
  }
  /** Get (or create) the permanent deposit address of user `uid` for each coin. */
  create(request) {
    return call(() => this.#n.depositsCreate(req(request)))
  }
  /** One page of deposit addresses. */
  list(filter) {
    return call(() => this.#n.depositsList(checkPaging(filter)))
  }
  /** Every deposit address matching `filter`, following pages lazily (`for await`). */
  iterate(filter) {
    return drain(() => this.#n.depositsCursor(checkPaging(filter)))
  }
}

class Invoices {
  #n
  constructor(n) {
    this.#n = n
  }
  /** Create an invoice. Never retried once sent: on OutcomeUnknownError search the operations by
   * order number, or resend with `returnExisting: true`. */
  create(invoice) {
    return call(() => this.#n.invoicesCreate(req(invoice, 'invoice')))
  }
  /** Invoice details. */
  get(id) {
    return call(() => this.#n.invoicesGet(id))
  }
  /** Set the payer's e-mail on an invoice; answers the invoice details. */
  setEmail(id, email) {
    return call(() => this.#n.invoicesSetEmail(id, email))
  }
  /** Switch the coin the payer pays with (Plisio creates a child invoice, see `activeInvoiceId`).
   * Never retried once sent. */
  switchCurrency(id, currency) {
    return call(() => this.#n.invoicesSwitchCurrency(id, currency))
  }
}

class Balances {
  #n
  constructor(n) {
    this.#n = n
  }
  /** The balance of one coin. */
  get(currency) {
    return call(() => this.#n.balancesGet(currency))
  }
}

class Fees {
  #n
  constructor(n) {
    this.#n = n
  }
  /** Network fee for sending `payouts`. */
  estimate(request) {
    return call(() => this.#n.feesEstimate(req(request)))
  }
  /** Fee plus Plisio commission. */
  commission(request) {
    return call(() => this.#n.feesCommission(req(request)))
  }
  /** Fee plans of a coin. */
  plans(currency) {
    return call(() => this.#n.feesPlans(currency))
  }
}

class Currencies {
  #n
  constructor(n) {
    this.#n = n
  }
  /** Supported coins with their rates in `fiat` (USD when omitted). */
  list(fiat) {
    return call(() => this.#n.currenciesList(fiat ?? undefined))
  }
}

class ShopApi {
  #n
  constructor(n) {
    this.#n = n
  }
  /** Your shop's settings. */
  get() {
    return call(() => this.#n.shopGet())
  }
}

const OPTION_TYPES = { baseUrl: 'string', timeoutMs: 'number', maxRetries: 'number' }

/**
 * A Plisio API client. Cheap to keep for the life of the process (one connection pool); safe for
 * concurrent use. It never exposes the API key (not in errors, not in `util.inspect`).
 */
class Client {
  #n
  constructor(options) {
    if (options === null || typeof options !== 'object') {
      throw new ConfigurationError('new Client(options) needs an options object: { apiKey, baseUrl?, timeoutMs?, maxRetries? }')
    }
    const { apiKey, baseUrl, timeoutMs, maxRetries } = options
    if (typeof apiKey !== 'string') {
      throw new ConfigurationError(`apiKey must be a string (your shop's secret key), got ${apiKey === null ? 'null' : typeof apiKey}`)
    }
    for (const [name, type] of Object.entries(OPTION_TYPES)) {
      const v = options[name]
      if (v !== undefined && v !== null && typeof v !== type) {
        throw new ConfigurationError(`${name} must be a ${type}, got ${typeof v}`)
      }
    }
    if (maxRetries !== undefined && maxRetries !== null && !(Number.isSafeInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 100)) {
      throw new ConfigurationError(`maxRetries must be a whole number between 0 and 100, got ${maxRetries}`)
    }
    const n = wrapSync(() => new native.NativeClient(apiKey, { baseUrl: baseUrl ?? undefined, timeoutMs: timeoutMs ?? undefined, maxRetries: maxRetries ?? undefined }))
    this.#n = n
    /** Operations (transactions): list, details, iteration. */
    this.operations = new Operations(n)
    /** Withdrawals (money-moving, never retried). */
    this.withdrawals = new Withdrawals(n)
    /** White-label deposit addresses. */
    this.deposits = new Deposits(n)
    /** Invoices. */
    this.invoices = new Invoices(n)
    /** Balances. */
    this.balances = new Balances(n)
    /** Fees, commissions and fee plans. */
    this.fees = new Fees(n)
    /** Supported currencies. */
    this.currencies = new Currencies(n)
    /** Shop information. */
    this.shop = new ShopApi(n)
    Object.freeze(this)
  }

  /** The base URL in use. */
  get baseUrl() {
    return this.#n.baseUrl
  }

  /** Retries of read calls after the first attempt. */
  get maxRetries() {
    return this.#n.maxRetries
  }

  /** Mask the API key in any text (for applications that log their own messages). */
  redact(text) {
    return this.#n.redact(String(text))
  }

  toJSON() {
    return { baseUrl: this.baseUrl, maxRetries: this.maxRetries }
  }

  [util.inspect.custom]() {
    return `Client { baseUrl: ${util.inspect(this.baseUrl)}, maxRetries: ${this.maxRetries}, apiKey: '***' }`
  }
}

module.exports = { Client }
