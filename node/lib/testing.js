'use strict'

// MockServer: the Rust sandbox (plisio-mock) running inside this process on 127.0.0.1, for your
// tests: a stateful fake Plisio shop with simulation controls, a request log and a fault queue.

const util = require('node:util')
const native = require('../index.js')
const { Client } = require('./client.js')
const { wrapSync, callAsync } = require('./errors.js')

const TOKEN = Symbol('plisio.MockServer')

class MockServer {
  #n

  /** Use `await MockServer.start(options)`. */
  constructor(token, n) {
    if (token !== TOKEN) throw new TypeError('use `await MockServer.start(options)` to create a MockServer')
    this.#n = n
  }

  /**
   * Start a sandbox on 127.0.0.1 (a free port unless `options.port`). Options: `apiKey`,
   * `callbackUrl` (the shop's Status URL), `whiteLabel`, `balances` ({ BTC: '1.5' }), `shopName`,
   * `shopId`, `commissionPercent`, `callbackTimeoutMs`.
   */
  static async start(options) {
    return new MockServer(TOKEN, wrapSync(() => native.NativeMockServer.start(options ?? undefined)))
  }

  /** The API base URL: `http://127.0.0.1:<port>/api/v1`. */
  get url() {
    return this.#n.url
  }

  /** The server root: `http://127.0.0.1:<port>`. */
  get rootUrl() {
    return this.#n.rootUrl
  }

  /** The sandbox shop's (test) secret key. */
  get apiKey() {
    return this.#n.apiKey
  }

  /** A Client for this sandbox (`options` may override `timeoutMs`, `maxRetries`, …). */
  client(options = {}) {
    return new Client({ apiKey: this.apiKey, baseUrl: this.url, ...options })
  }

  /** Queue a fault for upcoming API requests: `{ kind: 'delay', ms, path? }`, `{ kind: 'status',
   * code, body? }`, `{ kind: 'html_502' }`, `{ kind: 'rate_limit', retryAfterSecs? }`,
   * `{ kind: 'truncated_json' }`, `{ kind: 'invalid_json' }`, `{ kind: 'reset' }`,
   * `{ kind: 'oversized', bytes }`; each with optional `path` (substring filter) and `times`. */
  pushFault(fault) {
    wrapSync(() => this.#n.pushFault(fault))
  }

  /** Drop every queued fault. */
  clearFaults() {
    wrapSync(() => this.#n.clearFaults())
  }

  /** The API requests received so far, oldest first (`api_key` shown as `***`). */
  requests() {
    return wrapSync(() => this.#n.requests())
  }

  /** Empty the request log. */
  clearRequests() {
    wrapSync(() => this.#n.clearRequests())
  }

  /** Set the balance of a coin (a decimal string). */
  setBalance(psysCid, amount) {
    wrapSync(() => this.#n.setBalance(psysCid, amount))
  }

  /** The balance of a coin as a decimal string (`null` for an unknown coin). */
  balance(psysCid) {
    return wrapSync(() => this.#n.balance(psysCid))
  }

  /** Add `count` synthetic older operations (for pagination tests); returns how many were added. */
  seedOperations(count, { type, psysCid } = {}) {
    return wrapSync(() => this.#n.seedOperations(count, type ?? undefined, psysCid ?? undefined))
  }

  /** Turn white-label processing on or off. */
  setWhiteLabel(on) {
    wrapSync(() => this.#n.setWhiteLabel(on))
  }

  /** Set (or clear with `null`) the shop's Status URL, the default callback target. */
  setCallbackUrl(url) {
    wrapSync(() => this.#n.setCallbackUrl(url ?? undefined))
  }

  /** Back to the starting state (balances, operations, invoices, deposits, faults, request log). */
  reset() {
    wrapSync(() => this.#n.reset())
  }

  /** A deposit arrives on a user's address (`deposits.create` first): credits the balance, records
   * a `cash_in` operation and POSTs the signed `pay_in` callback. */
  simulatePayIn(request) {
    return callAsync(() => this.#n.simulatePayIn(request))
  }

  /** Pay an invoice (in full unless `amount`/`status` say otherwise) and POST the signed callback. */
  payInvoice(request) {
    return callAsync(() => this.#n.payInvoice(request))
  }

  /** Stop the server. Idempotent. */
  stop() {
    return callAsync(() => this.#n.stop())
  }

  [util.inspect.custom]() {
    return `MockServer { url: ${util.inspect(this.url)} }`
  }
}

if (typeof Symbol.asyncDispose === 'symbol') {
  MockServer.prototype[Symbol.asyncDispose] = function () {
    return this.stop()
  }
}

module.exports = { MockServer }
