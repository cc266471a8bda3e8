// Every error class, produced for real, with its fields; the class hierarchy; panics contained.
import { test, before, after, beforeEach } from 'node:test'
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { sdk, require, sandbox } from './support/helpers.mjs'

const native = require('../../index.js')
const { PlisioError, ERROR_CLASSES, ERROR_CODES } = sdk

let mock
let client
before(async () => {
  ;({ mock, client } = await sandbox())
})
after(() => mock.stop())
beforeEach(() => {
  mock.clearFaults()
  mock.clearRequests()
})

test('one class per stable code, all PlisioError subclasses', () => {
  assert.deepEqual(ERROR_CODES, [
    'api_error',
    'authentication',
    'not_found',
    'rate_limited',
    'invalid_input',
    'configuration',
    'timeout',
    'connection',
    'decode',
    'signature',
    'internal',
    'outcome_unknown',
  ])
  for (const code of ERROR_CODES) {
    const Cls = ERROR_CLASSES[code]
    assert.ok(Cls, `a class for ${code}`)
    const e = new Cls('m')
    assert.ok(e instanceof PlisioError && e instanceof Error)
    assert.equal(e.code, code)
    assert.equal(e.name, Cls.name)
    assert.equal(e.plisioCode, null)
    assert.equal(e.httpStatus, null)
    assert.deepEqual(e.fieldErrors, {})
    assert.ok(sdk[Cls.name] === Cls, `${Cls.name} is exported`)
  }
  assert.ok(new sdk.MockServerError('m') instanceof PlisioError)
})

/** Assert `promise` rejects with class `Cls` and these attributes; returns the error. */
async function rejectsWith(promise, Cls, attrs) {
  let err
  await assert.rejects(promise, (e) => {
    err = e
    return true
  })
  assert.ok(err instanceof Cls, `expected ${Cls.name}, got ${inspect(err)}`)
  assert.ok(err instanceof PlisioError)
  assert.notEqual(err.code, 'GenericFailure')
  assert.equal(err.constructor.name, Cls.name)
  for (const [k, v] of Object.entries(attrs)) assert.deepEqual(err[k], v, `${Cls.name}.${k}`)
  return err
}

test('api_error: plisioCode, httpStatus, fieldErrors from the real sandbox', async () => {
  mock.setBalance('BTC', '0.00001')
  const e = await rejectsWith(client.withdrawals.cashOut({ currency: 'BTC', to: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh', amount: '1' }), sdk.ApiError, {
    code: 'api_error',
    plisioCode: 116,
    httpStatus: 422,
    retryable: false,
  })
  assert.ok(Array.isArray(e.fieldErrors.balance), inspect(e.fieldErrors))
  const u = await rejectsWith(client.balances.get('BTCX'), sdk.ApiError, { plisioCode: 105, httpStatus: 422 })
  assert.deepEqual(u.fieldErrors, { currency: ['BTCX'] })
})

test('authentication, not_found', async () => {
  await rejectsWith(mock.client({ apiKey: 'wrong_key' }).shop.get(), sdk.AuthenticationError, { code: 'authentication', httpStatus: 401, plisioCode: 401 })
  await rejectsWith(client.operations.get('ffffffffffffffffffffffff'), sdk.NotFoundError, { code: 'not_found', httpStatus: 404, plisioCode: 111 })
  await rejectsWith(client.invoices.get('ffffffffffffffffffffffff'), sdk.NotFoundError, { code: 'not_found' })
})

test('rate_limited, timeout, connection, decode, outcome_unknown', async () => {
  const once = mock.client({ maxRetries: 0, timeoutMs: 200 })
  mock.pushFault({ kind: 'rate_limit', retryAfterSecs: 3 })
  await rejectsWith(once.shop.get(), sdk.RateLimitedError, { code: 'rate_limited', httpStatus: 429, retryAfterMs: 3000, retryable: true })
  mock.pushFault({ kind: 'delay', ms: 800 })
  await rejectsWith(once.shop.get(), sdk.TimeoutError, { code: 'timeout', endpoint: 'shops', attempts: 1, retryable: true })
  mock.pushFault({ kind: 'reset' })
  await rejectsWith(once.currencies.list(), sdk.ConnectionError, { code: 'connection', endpoint: 'currencies', retryable: true })
  mock.pushFault({ kind: 'truncated_json' })
  const d = await rejectsWith(once.shop.get(), sdk.DecodeError, { code: 'decode', httpStatus: 200, endpoint: 'shops' })
  assert.equal(typeof d.snippet, 'string')
  mock.pushFault({ kind: 'truncated_json', path: 'invoices/new' })
  await rejectsWith(once.invoices.create({ orderName: 'o', orderNumber: 'x1', currency: 'BTC', amount: '0.001' }), sdk.OutcomeUnknownError, {
    code: 'outcome_unknown',
    endpoint: 'invoices/new',
    retryable: false,
  })
  mock.pushFault({ kind: 'html_502', path: 'operations/withdraw' })
  await rejectsWith(client.withdrawals.massCashOut({ currency: 'BTC', payouts: [{ to: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh', amount: '0.0001' }] }), sdk.OutcomeUnknownError, {
    endpoint: 'operations/withdraw',
  })
  assert.equal(mock.requests().filter((r) => r.path.endsWith('/operations/withdraw')).length, 1, 'a withdrawal is never retried')
})

test('invalid_input and configuration', async () => {
  const e = await rejectsWith(client.deposits.create({ uid: 'u'.repeat(256), currencies: ['BTC'] }), sdk.InvalidInputError, { code: 'invalid_input', field: 'uid' })
  assert.match(e.message, /255/)
  assert.throws(
    () => new sdk.Client({ apiKey: 'has space' }),
    (err) => err instanceof sdk.ConfigurationError && err.code === 'configuration' && !err.message.includes('has space'),
  )
  // Wrong argument types are InvalidInputError too, never a bare napi failure.
  await rejectsWith(client.operations.get(12345), sdk.InvalidInputError, { code: 'invalid_input' })
  await rejectsWith(client.withdrawals.cashOut(null), sdk.InvalidInputError, { code: 'invalid_input' })
  await rejectsWith(client.deposits.create({ uid: 'u', currencies: 'BTC' }), sdk.InvalidInputError, { code: 'invalid_input' })
  assert.deepEqual(mock.requests(), [])
})

test('signature errors carry the reason', () => {
  assert.throws(
    () => sdk.verifyCallback('{"a":"1","verify_hash":"00"}', 'secret', 'application/json'),
    (e) => e instanceof sdk.SignatureError && e.code === 'signature' && e.reason === 'mismatch',
  )
  assert.throws(() => sdk.verifyCallback('', 'secret'), (e) => e instanceof sdk.SignatureError && e.reason === 'empty_body')
  assert.throws(() => sdk.verifyCallback('{}', undefined), (e) => e instanceof sdk.SignatureError && e.reason === 'empty_secret')
  assert.throws(() => sdk.verifyCallback({ amount: '1', verify_hash: 'x' }, 'secret'), (e) => e instanceof sdk.SignatureError && e.reason === 'not_raw_body')
  assert.throws(() => new sdk.CallbackVerifier(''), (e) => e instanceof sdk.SignatureError && e.reason === 'empty_secret')
})

test('mock_error from the sandbox controls', async () => {
  await assert.rejects(mock.payInvoice({ txnId: 'ffffffffffffffffffffffff' }), (e) => e instanceof sdk.MockServerError && e.code === 'mock_error' && e.kind === 'not_found')
  assert.throws(() => mock.pushFault({ kind: 'no_such_fault' }), (e) => e instanceof sdk.MockServerError && e.kind === 'invalid_request')
})

test('a Rust panic becomes InternalError and the process lives on', async () => {
  for (const inFuture of [false, true]) {
    await assert.rejects(
      sdk.ERROR_CLASSES.internal && native.__panicForTests(inFuture).catch((e) => Promise.reject(require('../../lib/errors.js').fromNative(e))),
      (e) => {
        assert.ok(e instanceof sdk.InternalError, inspect(e))
        assert.equal(e.code, 'internal')
        assert.match(e.message, /deliberate test panic/)
        assert.match(e.message, /process is unaffected/)
        return true
      },
    )
  }
  // Still fully working afterwards.
  const shop = await client.shop.get()
  assert.equal(shop.name, 'Plisio Mock Shop')
})

test('an unknown native failure is InternalError, never a bare GenericFailure', () => {
  const { fromNative } = require('../../lib/errors.js')
  const raw = Object.assign(new Error('something odd'), { code: 'GenericFailure' })
  const e = fromNative(raw)
  assert.ok(e instanceof sdk.InternalError)
  assert.equal(e.code, 'internal')
  assert.equal(e.cause, raw)
})
