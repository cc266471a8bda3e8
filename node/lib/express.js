'use strict'

// Receiving callbacks over HTTP: reading the RAW body (whatever the framework did), an Express /
// Connect middleware, and a framework-free function for node:http, Fastify, Koa and others.

const { CallbackVerifier, contentTypeOf } = require('./callbacks.js')
const { InvalidInputError, SignatureError } = require('./errors.js')

const DEFAULT_LIMIT = 1024 * 1024

/**
 * The raw body of a request, as Plisio sent it: `req.body` when a raw/text body parser already
 * produced a Buffer or string, `req.rawBody` when a framework kept one, else the request stream
 * itself. Rejects with SignatureError(`not_raw_body`) when another middleware consumed the stream
 * and kept only a parsed object (the signature cannot be checked on that).
 */
function readRawBody(req, { limit = DEFAULT_LIMIT } = {}) {
  if (req.body !== undefined && req.body !== null && (typeof req.body === 'string' || req.body instanceof Uint8Array)) {
    return Promise.resolve(req.body)
  }
  if (req.rawBody !== undefined && req.rawBody !== null && (typeof req.rawBody === 'string' || req.rawBody instanceof Uint8Array)) {
    return Promise.resolve(req.rawBody)
  }
  if (req.readableEnded || req._body === true || typeof req.on !== 'function') {
    return Promise.reject(
      new SignatureError(
        'callback signature check failed (not_raw_body): the request body was already consumed by another middleware ' +
          '(express.json()/urlencoded()?) and only a parsed object is left; mount plisioCallback() before any body parser ' +
          "on this route, or use express.raw({ type: '*/*' })",
        { reason: 'not_raw_body' },
      ),
    )
  }
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    let failed = false
    const onData = (chunk) => {
      if (failed) return
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      size += buf.length
      if (size > limit) {
        failed = true
        cleanup()
        req.resume()
        const err = new InvalidInputError(`invalid body: the callback body is larger than ${limit} bytes`, { field: 'body' })
        err.httpStatus = 413
        reject(err)
        return
      }
      chunks.push(buf)
    }
    const onEnd = () => {
      cleanup()
      if (!failed) resolve(Buffer.concat(chunks, size))
    }
    const onError = (e) => {
      cleanup()
      if (failed) return
      failed = true
      reject(e)
    }
    const cleanup = () => {
      req.removeListener('data', onData)
      req.removeListener('end', onEnd)
      req.removeListener('error', onError)
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}

/**
 * Verify the callback carried by an HTTP request (node:http `IncomingMessage`, Express/Connect
 * `req`, Fastify `request.raw` or a Fastify request whose body was kept as a Buffer, Koa `ctx.req`).
 * Resolves with the verified CallbackEvent; rejects with SignatureError.
 */
async function verifyCallbackRequest(req, secret, options = {}) {
  const verifier = secret instanceof CallbackVerifier ? secret : new CallbackVerifier(secret)
  const body = await readRawBody(req, options)
  const headers = req.headers || {}
  return verifier.verify(body, contentTypeOf(headers['content-type']))
}

function reply(res, status, payload) {
  if (res.headersSent) return
  const text = JSON.stringify(payload)
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('Content-Length', Buffer.byteLength(text))
  res.end(text)
}

/**
 * Express / Connect middleware for the callback route. Reads the raw body itself (mount it before
 * any body parser on that route), verifies `verify_hash` with `secret` (your shop's secret key),
 * sets `req.plisioEvent` (and `res.locals.plisioEvent`) and calls `next()`. A callback that fails
 * verification is answered `422 {"error":"invalid_callback","reason":…}` and never reaches your
 * handler, unless you pass `onError(err, req, res, next)`.
 */
function plisioCallback({ secret, limit = DEFAULT_LIMIT, onError } = {}) {
  const verifier = new CallbackVerifier(secret)
  return function plisioCallbackMiddleware(req, res, next) {
    verifyCallbackRequest(req, verifier, { limit }).then(
      (event) => {
        req.plisioEvent = event
        if (res.locals) res.locals.plisioEvent = event
        next()
      },
      (err) => {
        if (onError) return onError(err, req, res, next)
        if (err instanceof SignatureError) return reply(res, 422, { error: 'invalid_callback', reason: err.reason })
        if (err instanceof InvalidInputError && err.httpStatus === 413) return reply(res, 413, { error: 'body_too_large' })
        next(err)
      },
    )
  }
}

module.exports = { plisioCallback, verifyCallbackRequest, readRawBody }
