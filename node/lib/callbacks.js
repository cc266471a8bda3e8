'use strict'

// Callback verification over the native verifier (the check itself is the Rust core's).

const util = require('node:util')
const native = require('../index.js')
const { wrapSync } = require('./errors.js')
const { decode } = require('./decode.js')

/** What may carry a raw callback body: a string or bytes. Anything else is passed as its string
 * form, so that a parsed object (`[object Object]`) is reported as `not_raw_body` by the core. */
function rawBody(body) {
  if (typeof body === 'string' || body instanceof Uint8Array) return body
  if (body === undefined || body === null) return ''
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  return String(body)
}

function contentTypeOf(contentType) {
  if (contentType === undefined || contentType === null) return undefined
  return Array.isArray(contentType) ? String(contentType[0]) : String(contentType)
}

/**
 * Verify a Plisio callback with the shop's secret key and return the typed event. Pass the RAW
 * request body (a Buffer or string, never a parsed object) and the request's Content-Type; JSON
 * mode and both form modes (urlencoded, multipart) are supported. Throws SignatureError.
 */
function verifyCallback(body, secret, contentType) {
  return decode(wrapSync(() => native.verifyCallback(rawBody(body), secret ?? '', contentTypeOf(contentType))))
}

/** A verifier keyed once with the secret: reuse it for many callbacks. */
class CallbackVerifier {
  #v
  constructor(secret) {
    this.#v = wrapSync(() => new native.CallbackVerifier(secret ?? ''))
  }
  /** Check only the signature of a raw callback body, without building the event (for code that
   * parses the body itself): returns nothing, throws SignatureError. */
  checkSignature(body, contentType) {
    wrapSync(() => this.#v.checkSignature(rawBody(body), contentTypeOf(contentType)))
  }
  /** Verify a raw callback body; see `verifyCallback`. */
  verify(body, contentType) {
    return decode(wrapSync(() => this.#v.verify(rawBody(body), contentTypeOf(contentType))))
  }
  [util.inspect.custom]() {
    return "CallbackVerifier { secret: '***' }"
  }
}

module.exports = { verifyCallback, CallbackVerifier, rawBody, contentTypeOf }
