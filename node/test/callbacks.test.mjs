// Callbacks end to end: the sandbox POSTs signed callbacks (JSON, multipart, urlencoded) to a real
// Express app on loopback using plisioCallback(); the framework-free path with node:http.
import { test, before, after, beforeEach } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { once } from 'node:events'
import { sdk, require, sandbox, vectors } from './support/helpers.mjs'

const express = require('express')
const { plisioCallback, verifyCallback, verifyCallbackRequest, CallbackVerifier, SignatureError } = sdk

let mock
let client
let server
let base
const received = []
const errors = []

before(async () => {
  ;({ mock, client } = await sandbox())
  const app = express()
  // The callback route reads the raw body itself: no body parser before it.
  app.post('/plisio/callback', plisioCallback({ secret: mock.apiKey }), (req, res) => {
    received.push({ event: req.plisioEvent, local: res.locals.plisioEvent })
    res.send('OK')
  })
  // A route where express.json() already consumed the body: the signature cannot be checked.
  app.post('/parsed', express.json(), plisioCallback({ secret: mock.apiKey }), (req, res) => {
    received.push({ event: req.plisioEvent })
    res.send('OK')
  })
  // express.raw() before the middleware is fine: the Buffer is the raw body.
  app.post('/raw', express.raw({ type: '*/*' }), plisioCallback({ secret: mock.apiKey }), (req, res) => {
    received.push({ event: req.plisioEvent })
    res.send('OK')
  })
  // A custom error handler.
  app.post(
    '/custom',
    plisioCallback({
      secret: mock.apiKey,
      onError: (err, req, res) => {
        errors.push(err)
        res.status(403).send('nope')
      },
    }),
    (req, res) => res.send('OK'),
  )
  server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  base = `http://127.0.0.1:${server.address().port}`
})

after(async () => {
  server.close()
  await mock.stop()
})

beforeEach(() => {
  received.length = 0
  errors.length = 0
})

async function newInvoice(callbackUrl, n) {
  return client.invoices.create({ orderName: `Order ${n}`, orderNumber: `cb-${n}-${Date.now()}`, currency: 'BTC', amount: '0.00150000', callbackUrl })
}

test('invoice paid, JSON callback (json=true) → Express middleware → handler', async () => {
  const inv = await newInvoice(`${base}/plisio/callback?json=true`, 1)
  const r = await mock.payInvoice({ txnId: inv.txnId })
  assert.equal(r.callback.format, 'json')
  assert.equal(r.callback.status, 200, r.callback.responseBody ?? r.callback.error)
  assert.equal(received.length, 1)
  const { event, local } = received[0]
  assert.equal(local, event)
  assert.equal(event.ipnType, 'invoice')
  assert.equal(event.txnId, inv.txnId)
  assert.equal(event.status, 'completed')
  assert.equal(event.isPaid, true)
  assert.equal(event.isInvoice, true)
  assert.equal(event.amount, '0.00150000')
  assert.equal(event.format, 'json')
  assert.equal(event.verifyHash, r.callback.verifyHash)
  assert.equal(event.raw.txn_id, inv.txnId)
})

test('invoice callbacks in multipart (default) and urlencoded form', async () => {
  for (const [format, expected] of [
    [undefined, 'multipart'],
    ['urlencoded', 'urlencoded'],
    ['multipart', 'multipart'],
  ]) {
    received.length = 0
    const inv = await newInvoice(`${base}/plisio/callback`, `f-${expected}`)
    const r = await mock.payInvoice({ txnId: inv.txnId, format, status: 'mismatch' })
    assert.equal(r.callback.format, expected)
    assert.equal(r.callback.status, 200, r.callback.responseBody ?? r.callback.error)
    assert.equal(received.length, 1)
    assert.equal(received[0].event.format, expected)
    assert.equal(received[0].event.status, 'mismatch')
    assert.equal(received[0].event.isPaid, true)
    // The same body verifies offline too, as a Buffer and as a string.
    const ev = verifyCallback(Buffer.from(r.callback.body), mock.apiKey, r.callback.contentType)
    assert.equal(ev.txnId, inv.txnId)
    assert.equal(verifyCallback(r.callback.body, mock.apiKey, r.callback.contentType).txnId, inv.txnId)
  }
})

test('white-label deposit: pay_in callback with the deposit fields', async () => {
  await client.deposits.create({ uid: 'cust-7', currencies: ['USDT_TRX'] })
  const r = await mock.simulatePayIn({ uid: 'cust-7', psysCid: 'USDT_TRX', amount: '25.5', callbackUrl: `${base}/plisio/callback?json=true` })
  assert.equal(r.callback.status, 200, r.callback.responseBody ?? r.callback.error)
  const { event } = received[0]
  assert.equal(event.ipnType, 'pay_in')
  assert.equal(event.isPayIn, true)
  assert.equal(event.depositUid, 'cust-7')
  assert.equal(event.psysCid, 'USDT_TRX')
  assert.match(event.amount, /^25\.50*$/)
  assert.equal(typeof event.depositSum, 'string')
})

test('a tampered or unsigned callback is answered 422 and never reaches the handler', async () => {
  const inv = await newInvoice(`${base}/plisio/callback?json=true`, 'tamper')
  const r = await mock.payInvoice({ txnId: inv.txnId })
  received.length = 0
  const tampered = r.callback.body.replace('"completed"', '"cancelled"')
  assert.notEqual(tampered, r.callback.body)
  let res = await fetch(`${base}/plisio/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: tampered })
  assert.equal(res.status, 422)
  assert.deepEqual(await res.json(), { error: 'invalid_callback', reason: 'mismatch' })
  res = await fetch(`${base}/plisio/callback`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'status=completed&amount=1' })
  assert.equal(res.status, 422)
  assert.deepEqual(await res.json(), { error: 'invalid_callback', reason: 'missing_hash' })
  res = await fetch(`${base}/custom`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: tampered })
  assert.equal(res.status, 403)
  assert.ok(errors[0] instanceof SignatureError && errors[0].reason === 'mismatch')
  assert.equal(received.length, 0)
})

test('a body already parsed by express.json() is refused as not_raw_body; express.raw() works', async () => {
  const inv = await newInvoice(undefined, 'parsed')
  const r = await mock.payInvoice({ txnId: inv.txnId, callbackUrl: `${base}/parsed?json=true` })
  assert.equal(r.callback.status, 422)
  assert.deepEqual(JSON.parse(r.callback.responseBody), { error: 'invalid_callback', reason: 'not_raw_body' })
  const inv2 = await newInvoice(undefined, 'raw')
  const r2 = await mock.payInvoice({ txnId: inv2.txnId, callbackUrl: `${base}/raw?json=true` })
  assert.equal(r2.callback.status, 200)
  assert.equal(received.at(-1).event.txnId, inv2.txnId)
})

test('the body size limit answers 413', async () => {
  const res = await fetch(`${base}/plisio/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x":"' + 'a'.repeat(1_100_000) + '"}' })
  assert.equal(res.status, 413)
})

test('framework-free: verifyCallbackRequest on a plain node:http server', async () => {
  const events = []
  const srv = http.createServer(async (req, res) => {
    try {
      events.push(await verifyCallbackRequest(req, mock.apiKey))
      res.end('OK')
    } catch (e) {
      res.statusCode = e instanceof SignatureError ? 400 : 500
      res.end(e.reason ?? 'error')
    }
  })
  srv.listen(0, '127.0.0.1')
  await once(srv, 'listening')
  try {
    const url = `http://127.0.0.1:${srv.address().port}/cb`
    const inv = await newInvoice(url, 'plain')
    const r = await mock.payInvoice({ txnId: inv.txnId })
    assert.equal(r.callback.status, 200)
    assert.equal(events[0].txnId, inv.txnId)
    assert.equal(events[0].format, 'multipart')
    const bad = await fetch(url, { method: 'POST', body: r.callback.body.replace(inv.txnId, 'ffffffffffffffffffffffff'), headers: { 'content-type': r.callback.contentType } })
    assert.equal(bad.status, 400)
    assert.equal(await bad.text(), 'mismatch')
  } finally {
    srv.close()
  }
})

test('CallbackVerifier.checkSignature: the signature alone, both modes', () => {
  for (const c of vectors('callbacks.json').cases) {
    const v = new CallbackVerifier(c.secret || 'unused')
    if (c.expect.valid) {
      assert.equal(v.checkSignature(c.body, c.content_type), undefined, c.name)
      assert.equal(v.checkSignature(Buffer.from(c.body), c.content_type), undefined, c.name)
    } else if (c.secret) {
      assert.throws(() => v.checkSignature(c.body, c.content_type), (e) => e instanceof SignatureError && e.reason === c.expect.reason, c.name)
    }
  }
})

test('CallbackVerifier is reusable and hides its secret', () => {
  const v = new CallbackVerifier(mock.apiKey)
  assert.ok(!require('node:util').inspect(v, { showHidden: true }).includes(mock.apiKey))
  assert.throws(() => v.verify('{"a":"b","verify_hash":"0000000000000000000000000000000000000000"}', 'application/json'), (e) => e instanceof SignatureError && e.reason === 'mismatch')
})

test('plisioCallback() refuses to start without a secret', () => {
  assert.throws(() => plisioCallback({}), (e) => e instanceof SignatureError && e.reason === 'empty_secret')
})

test('the published signature vector (plisio-api.md §5.4): valid as published, refused when altered', () => {
  const c = vectors('callbacks.json').cases.find((v) => v.name.startsWith('published vector (plisio-api.md 5.4)'))
  assert.ok(c, 'the vector is in tests/conformance/callbacks.json')
  for (const body of [c.body, Buffer.from(c.body)]) {
    const event = verifyCallback(body, c.secret, 'application/json')
    assert.equal(event.verifyHash, '6c53ff3472d694bfa13851ef266ec67389d25e2f')
    assert.equal(event.txnId, '61b19fd3f609ba61f4282547')
    assert.equal(event.amount, '15.300000')
    assert.equal(event.sourceAmount, '15.00')
    assert.equal(event.status, 'completed')
    assert.equal(event.format, 'json')
  }
  assert.throws(() => verifyCallback(c.body.replace('15.300000', '15.300001'), c.secret, 'application/json'), (e) => e instanceof SignatureError && e.reason === 'mismatch')
  assert.throws(() => verifyCallback(c.body, c.secret.slice(1), 'application/json'), (e) => e instanceof SignatureError && e.reason === 'mismatch')
})
