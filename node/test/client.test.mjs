// Every endpoint against the real sandbox (plisio-mock in this process), iteration, exact
// amounts, number refusal, retries and the money-moving rules, and API-key redaction.
import { test, before, after, beforeEach } from 'node:test'
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { sdk, sandbox } from './support/helpers.mjs'

const { Client, PlisioError, InvalidInputError, OutcomeUnknownError, TimeoutError, RateLimitedError, ConnectionError, DecodeError } = sdk

const BTC_A = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh'
const BTC_B = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT'
const ETH_A = '0x' + 'ab'.repeat(20)

/** Exact decimal arithmetic on strings, through BigInt (for checking the sandbox's balances). */
function units(s, scale = 18) {
  const [i, f = ''] = s.split('.')
  return BigInt(i + f.padEnd(scale, '0'))
}

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

test('shop.get', async () => {
  const shop = await client.shop.get()
  assert.equal(shop.id, '6650c0ffee5d0a11b00c1d01')
  assert.equal(shop.name, 'Plisio Mock Shop')
  assert.equal(shop.whiteLabel, true)
  assert.equal(typeof shop.extraCommission, 'string')
  assert.equal(shop.raw.white_label, true, 'raw keeps the wire keys')
})

test('balances.get returns the exact string balance', async () => {
  mock.setBalance('BTC', '1.23456789')
  const b = await client.balances.get('BTC')
  assert.equal(b.psysCid, 'BTC')
  assert.equal(b.balance, '1.23456789')
  assert.equal(b.lockedBalance, null)
  assert.equal(mock.requests()[0].path, '/api/v1/balances/BTC')
})

test('currencies.list with and without fiat', async () => {
  const usd = await client.currencies.list()
  assert.ok(usd.length >= 20)
  assert.ok(usd.some((c) => c.cid === 'USDT_TRX'))
  const eur = await client.currencies.list('EUR')
  assert.equal(eur[0].fiat, 'EUR')
  assert.equal(typeof eur[0].fiatRate, 'string')
  assert.equal(typeof eur[0].precision, 'number')
  assert.equal(typeof eur[0].hidden, 'boolean')
  assert.equal(mock.requests().at(-1).path, '/api/v1/currencies/EUR')
})

test('fees: plans, estimate, commission', async () => {
  const plans = await client.fees.plans('BTC')
  assert.deepEqual(Object.keys(plans.plans).sort(), ['economy', 'normal', 'priority'])
  assert.match(plans.plans.normal.value, /^\d+\.\d+$/)
  const est = await client.fees.estimate({ currency: 'BTC', payouts: [{ to: BTC_A, amount: '0.01' }], feePlan: 'priority' })
  assert.equal(est.fee, plans.plans.priority.value)
  assert.equal(est.plan, 'priority')
  const q = mock.requests().at(-1)
  assert.equal(q.path, '/api/v1/operations/fee/BTC')
  assert.match(q.query, /addresses=bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh&amounts=0\.01&feePlan=priority/)
  const com = await client.fees.commission({ currency: 'BTC', payouts: [{ to: BTC_A, amount: '0.01' }], type: 'cash_out' })
  assert.equal(typeof com.commission, 'string')
  assert.equal(com.useWallet, false)
  assert.ok(com.plans.normal)
})

test('withdrawals.cashOut: 18 decimals exact end to end, balance debited exactly', async () => {
  mock.setBalance('ETH', '10')
  const amount = '0.123456789012345678'
  const w = await client.withdrawals.cashOut({ currency: 'ETH', to: ETH_A, amount })
  assert.equal(w.type, 'cash_out')
  assert.equal(w.status, 'completed')
  assert.equal(w.amount, amount)
  assert.equal(w.walletHash, ETH_A)
  assert.match(w.fee, /^\d+\.\d{18}$/)
  assert.ok(w.createdAt instanceof Date)
  assert.equal(units(mock.balance('ETH')), units('10') - units(amount) - units(w.fee))
  const sent = mock.requests()
  assert.equal(sent.length, 1)
  assert.match(sent[0].query, /amount=0\.123456789012345678/)
  assert.ok(!sent[0].query.includes(mock.apiKey))
  const again = await client.operations.get(w.id)
  assert.equal(again.amount, amount)
})

test('withdrawals.massCashOut: payouts list and parallel lists', async () => {
  mock.setBalance('BTC', '1')
  const m = await client.withdrawals.massCashOut({
    currency: 'BTC',
    payouts: [
      { to: BTC_A, amount: '0.001' },
      { to: BTC_B, amount: '0.00200000' },
    ],
    feePlan: 'economy',
  })
  assert.equal(m.type, 'mass_cash_out')
  assert.deepEqual(m.sendmany.map((p) => p.to).sort(), [BTC_A, BTC_B].sort())
  assert.ok(m.sendmany.every((p) => typeof p.amount === 'string'))
  assert.match(mock.requests()[0].query, /feePlan=economy/)
  const l = await client.withdrawals.massCashOut({ currency: 'BTC', to: [BTC_A, BTC_B], amounts: ['0.0001', '0.0002'] })
  assert.equal(l.type, 'mass_cash_out')
  assert.equal(l.sendmany.length, 2)
  await assert.rejects(
    client.withdrawals.massCashOut({ currency: 'BTC', payouts: [{ to: BTC_A, amount: '1' }], to: [BTC_A], amounts: ['1'] }),
    (e) => e instanceof InvalidInputError && e.field === 'payouts',
  )
})

test('a JS number amount is refused with a clear error, before any request', async () => {
  const cases = [
    [() => client.withdrawals.cashOut({ currency: 'BTC', to: BTC_A, amount: 0.1 }), 'amount'],
    [() => client.withdrawals.massCashOut({ currency: 'BTC', payouts: [{ to: BTC_A, amount: '0.1' }, { to: BTC_B, amount: 0.2 }] }), 'payouts[1].amount'],
    [() => client.withdrawals.massCashOut({ currency: 'BTC', to: [BTC_A], amounts: [1] }), 'payouts[0].amount'],
    [() => client.invoices.create({ orderName: 'o', orderNumber: '1', amount: 15 }), 'amount'],
    [() => client.invoices.create({ orderName: 'o', orderNumber: '1', sourceCurrency: 'USD', sourceAmount: 15.5 }), 'source_amount'],
    [() => client.fees.estimate({ currency: 'BTC', payouts: [{ to: BTC_A, amount: 1e-8 }] }), 'payouts[0].amount'],
    [() => client.fees.commission({ currency: 'BTC', payouts: [{ to: BTC_A, amount: 3 }] }), 'payouts[0].amount'],
  ]
  for (const [fn, field] of cases) {
    await assert.rejects(fn(), (e) => {
      assert.ok(e instanceof InvalidInputError, inspect(e))
      assert.equal(e.code, 'invalid_input')
      assert.equal(e.field, field)
      assert.match(e.message, /expected a decimal string such as "0\.001", got the number/)
      assert.match(e.message, /JS numbers are binary floats/)
      return true
    })
  }
  for (const [value, kind] of [
    [true, 'a boolean'],
    [{ value: '1' }, 'an object'],
    [['1'], 'an array'],
    [null, 'nothing'],
  ]) {
    await assert.rejects(client.withdrawals.cashOut({ currency: 'BTC', to: BTC_A, amount: value }), (e) => e instanceof InvalidInputError && e.field === 'amount' && e.message.includes(kind))
  }
  assert.deepEqual(mock.requests(), [], 'nothing was sent')
})

test('operations.list filters, operations.get, dates and redacted links', async () => {
  mock.setBalance('BTC', '1')
  const w = await client.withdrawals.cashOut({ currency: 'BTC', to: BTC_A, amount: '0.0005' })
  const page = await client.operations.list({ type: 'cash_out', currency: 'BTC', limit: 5 })
  assert.ok(page.operations.some((o) => o.id === w.id))
  assert.ok(page.operations.every((o) => o.type === 'cash_out'))
  assert.equal(page.meta.perPage, 5)
  assert.match(mock.requests().at(-1).query, /limit=5&type=cash_out&currency=BTC/)
  for (const link of Object.values(page.links)) {
    if (link !== null) assert.ok(!link.includes('api_key') && !link.includes(mock.apiKey), link)
  }
  const op = await client.operations.get(w.id)
  assert.equal(op.id, w.id)
  assert.ok(op.createdAt instanceof Date && !Number.isNaN(op.createdAt.getTime()))
  assert.ok(Math.abs(op.createdAt.getTime() - Date.now()) < 600_000)
  assert.equal(op.raw.id, w.id, 'raw keeps the JSON as received')
})

test('operations.iterate walks every page lazily, once per operation', async () => {
  mock.reset()
  assert.equal(mock.seedOperations(230, { type: 'cash_in', psysCid: 'BTC' }), 230)
  mock.clearRequests()
  const ids = new Set()
  for await (const op of client.operations.iterate({ limit: 100, type: 'cash_in' })) {
    assert.equal(op.type, 'cash_in')
    ids.add(op.id)
  }
  assert.equal(ids.size, 230)
  assert.equal(mock.requests().length, 3, 'three pages of 100')
  // Breaking out stops fetching.
  mock.clearRequests()
  let n = 0
  for await (const op of client.operations.iterate({ limit: 10 })) {
    assert.ok(op.id)
    if (++n === 15) break
  }
  assert.equal(n, 15)
  assert.equal(mock.requests().length, 2)
})

test('operations.iterate surfaces an error after the items before it', async () => {
  mock.reset()
  mock.seedOperations(30)
  const c = mock.client({ maxRetries: 0 })
  mock.pushFault({ kind: 'status', code: 404, body: '{"status":"error","data":{"name":"Not Found","message":"gone","code":111}}', path: 'operations', times: 1 })
  const it = c.operations.iterate({ limit: 10 })
  await assert.rejects(it.next(), (e) => e instanceof sdk.NotFoundError && e.plisioCode === 111)
  const seen = []
  mock.clearFaults()
  const it2 = c.operations.iterate({ limit: 10 })
  seen.push((await it2.next()).value.id)
  mock.pushFault({ kind: 'status', code: 422, body: '{"status":"error","data":{"message":"{\\"limit\\":\\"bad\\"}","code":103}}' })
  for (;;) {
    let r
    try {
      r = await it2.next()
    } catch (e) {
      assert.ok(e instanceof sdk.ApiError)
      assert.deepEqual(e.fieldErrors, { limit: ['bad'] })
      break
    }
    assert.equal(r.done, false, 'the error must come before the end')
    seen.push(r.value.id)
  }
  assert.equal(seen.length, 10, 'the first page was delivered in full before the error')
  assert.deepEqual(await it2.next(), { done: true, value: undefined })
})

test('deposits: create, list, iterate', async () => {
  mock.reset()
  const one = await client.deposits.create({ uid: 'user-42', currencies: ['BTC'] })
  assert.equal(one.length, 1)
  assert.equal(one[0].uid, 'user-42')
  assert.equal(one[0].psysCid, 'BTC')
  assert.match(one[0].hash, /^bc1q/)
  const many = await client.deposits.create({ uid: 'user-42', currencies: ['BTC', 'ETH', 'USDT_TRX'] })
  assert.deepEqual(many.map((d) => d.psysCid), ['BTC', 'ETH', 'USDT_TRX'])
  assert.equal(many[0].hash, one[0].hash, 'permanent address')
  const page = await client.deposits.list({ uid: 'user-42', limit: 2 })
  assert.equal(page.deposits.length, 2)
  assert.equal(page.limit, 2)
  assert.equal(page.hasMore, true)
  const all = []
  for await (const d of client.deposits.iterate({ uid: 'user-42', limit: 2 })) all.push(d.psysCid)
  assert.deepEqual(all.sort(), ['BTC', 'ETH', 'USDT_TRX'])
})

test('invoices: create in coin and in fiat, get details', async () => {
  const inv = await client.invoices.create({ orderName: 'Order 1', orderNumber: 'ord-1', currency: 'BTC', amount: '0.00100000', email: 'payer@example.com' })
  assert.equal(inv.amount, '0.00100000')
  assert.equal(inv.status, 'new')
  assert.ok(inv.expireAt instanceof Date)
  assert.match(inv.invoiceUrl, /^http:\/\/127\.0\.0\.1:\d+\/invoice\//)
  const fiat = await client.invoices.create({ orderName: 'Order 2', orderNumber: 'ord-2', sourceCurrency: 'USD', sourceAmount: '15.00', allowedPsysCids: ['BTC', 'ETH'], expireMin: 30 })
  assert.match(fiat.amount, /^\d+\.\d+$/)
  assert.match(mock.requests().at(-1).query, /source_amount=15\.00/)
  const details = await client.invoices.get(inv.txnId)
  assert.equal(details.invoice.txnId, inv.txnId)
  assert.ok(details.invoice.createdAt instanceof Date)
  assert.ok(Array.isArray(details.allowedPsysCids))
  const dup = await client.invoices.create({ orderName: 'Order 1', orderNumber: 'ord-1', currency: 'BTC', amount: '0.001', returnExisting: true })
  assert.equal(dup.txnId, inv.txnId, 'returnExisting answers the existing invoice')
})

test('invoices: setEmail and switchCurrency', async () => {
  const inv = await client.invoices.create({ orderName: 'Order 3', orderNumber: 'ord-3', sourceCurrency: 'USD', sourceAmount: '20', currency: 'BTC' })
  const withEmail = await client.invoices.setEmail(inv.txnId, 'payer@example.com')
  assert.equal(withEmail.invoice.txnId, inv.txnId)
  assert.match(mock.requests().at(-1).path, /\/invoices\/email\//)
  await assert.rejects(client.invoices.setEmail(inv.txnId, 'not an email'), (e) => e instanceof InvalidInputError && e.field === 'email')
  const switched = await client.invoices.switchCurrency(inv.txnId, 'ETH')
  assert.notEqual(switched.activeInvoiceId, inv.txnId)
  assert.equal(switched.invoice.psysCid, 'ETH')
  assert.match(switched.invoice.amount, /^\d+\.\d+$/)
  const parent = await client.invoices.get(inv.txnId)
  assert.equal(parent.invoice.status, 'cancelled duplicate')
})

test('a withdrawal that times out is outcome_unknown and never retried', async () => {
  const c = mock.client({ timeoutMs: 300, maxRetries: 3 })
  mock.pushFault({ kind: 'delay', ms: 1500, path: 'operations/withdraw', times: 5 })
  await assert.rejects(c.withdrawals.cashOut({ currency: 'BTC', to: BTC_A, amount: '0.0001' }), (e) => {
    assert.ok(e instanceof OutcomeUnknownError, inspect(e))
    assert.equal(e.code, 'outcome_unknown')
    assert.equal(e.endpoint, 'operations/withdraw')
    assert.equal(e.retryable, false)
    assert.match(e.message, /reconcile/)
    return true
  })
  assert.equal(mock.requests().filter((r) => r.path.endsWith('operations/withdraw')).length, 1)
})

test('a read that times out is retried, then TimeoutError with the attempts', async () => {
  const c = mock.client({ timeoutMs: 200, maxRetries: 1 })
  mock.pushFault({ kind: 'delay', ms: 1000, path: 'balances', times: 2 })
  await assert.rejects(c.balances.get('BTC'), (e) => e instanceof TimeoutError && e.code === 'timeout' && e.attempts === 2 && e.endpoint === 'balances/{psys_cid}' && e.retryable === true)
  assert.equal(mock.requests().length, 2)
})

test('rate limits: retried after Retry-After, or RateLimitedError with retryAfterMs', async () => {
  mock.pushFault({ kind: 'rate_limit', retryAfterSecs: 1 })
  const b = await mock.client({ maxRetries: 1 }).balances.get('BTC')
  assert.equal(typeof b.balance, 'string')
  assert.equal(mock.requests().length, 2)
  mock.pushFault({ kind: 'rate_limit', retryAfterSecs: 7 })
  await assert.rejects(mock.client({ maxRetries: 0 }).shop.get(), (e) => e instanceof RateLimitedError && e.httpStatus === 429 && e.retryAfterMs === 7000 && e.retryable)
})

test('gateway errors and broken bodies on reads', async () => {
  const c = mock.client({ maxRetries: 0 })
  mock.pushFault({ kind: 'html_502' })
  await assert.rejects(c.shop.get(), (e) => e instanceof DecodeError && e.httpStatus === 502 && e.snippet.includes('502 Bad Gateway'))
  mock.pushFault({ kind: 'invalid_json' })
  await assert.rejects(c.shop.get(), (e) => e instanceof DecodeError && e.httpStatus === 200)
  mock.pushFault({ kind: 'reset' })
  await assert.rejects(c.shop.get(), (e) => e instanceof ConnectionError && e.endpoint === 'shops')
  mock.pushFault({ kind: 'html_502', times: 1 })
  const retried = await mock.client({ maxRetries: 2 }).shop.get()
  assert.equal(retried.name, 'Plisio Mock Shop', 'a 502 on a read is retried')
})

test('concurrent calls from one client', async () => {
  const results = await Promise.all(Array.from({ length: 64 }, (_, i) => (i % 2 ? client.balances.get('BTC') : client.shop.get())))
  assert.equal(results.length, 64)
  assert.ok(results.every((r) => r && typeof r === 'object'))
})

test('the API key never appears in util.inspect, JSON or errors', async () => {
  const secret = 'sk_live_NEVER_PRINT_ME_123'
  const c = new Client({ apiKey: secret, baseUrl: mock.url, maxRetries: 0 })
  for (const text of [inspect(c), inspect(c, { showHidden: true, depth: 10 }), JSON.stringify(c), String(c), inspect(c.operations, { showHidden: true })]) {
    assert.ok(!text.includes(secret), text)
  }
  assert.match(inspect(c), /apiKey: '\*\*\*'/)
  assert.equal(c.redact(`GET /x?api_key=${secret}`), 'GET /x?api_key=***')
  // A wrong key: the sandbox answers 401; an echoing error message is redacted by the core.
  await assert.rejects(c.shop.get(), (e) => {
    assert.ok(e instanceof sdk.AuthenticationError)
    const printed = `${e} ${e.stack} ${inspect(e, { depth: 10, showHidden: true })} ${JSON.stringify(e)}`
    assert.ok(!printed.includes(secret), printed)
    return true
  })
  mock.pushFault({ kind: 'status', code: 400, body: `<html>echo ${secret} and api_key=${secret}</html>` })
  await assert.rejects(new Client({ apiKey: secret, baseUrl: mock.url, maxRetries: 0 }).balances.get('BTC'), (e) => {
    assert.ok(e instanceof DecodeError)
    const printed = `${e} ${inspect(e, { depth: 10, showHidden: true })}`
    assert.ok(!printed.includes(secret), printed)
    assert.ok(e.snippet.includes('***'))
    return true
  })
  const dead = new Client({ apiKey: secret, baseUrl: 'http://127.0.0.1:9/api/v1', maxRetries: 0 })
  await assert.rejects(dead.shop.get(), (e) => e instanceof ConnectionError && !`${e} ${inspect(e)}`.includes(secret))
})

test('client options are validated', () => {
  assert.throws(() => new Client(), (e) => e instanceof sdk.ConfigurationError)
  assert.throws(() => new Client({}), (e) => e instanceof sdk.ConfigurationError && /apiKey/.test(e.message))
  assert.throws(() => new Client({ apiKey: '' }), (e) => e instanceof sdk.ConfigurationError && e.code === 'configuration')
  assert.throws(() => new Client({ apiKey: 'k', baseUrl: 'http://api.plisio.net/api/v1' }), (e) => e instanceof sdk.ConfigurationError && /clear text/.test(e.message))
  assert.throws(() => new Client({ apiKey: 'k', timeoutMs: -5 }), (e) => e instanceof sdk.ConfigurationError)
  assert.throws(() => new Client({ apiKey: 'k', timeoutMs: '10' }), (e) => e instanceof sdk.ConfigurationError)
  assert.throws(() => new Client({ apiKey: 'k', maxRetries: 1.5 }), (e) => e instanceof sdk.ConfigurationError)
  const c = new Client({ apiKey: 'k' })
  assert.equal(c.baseUrl, 'https://api.plisio.net/api/v1/')
  assert.equal(c.maxRetries, 2)
  assert.ok(Object.isFrozen(c))
})

test('paging numbers must be whole', async () => {
  for (const bad of [-1, 1.5, '2', Number.NaN]) {
    await assert.rejects(client.operations.list({ page: bad }), (e) => e instanceof InvalidInputError && e.field === 'page')
    await assert.rejects(client.deposits.list({ limit: bad }), (e) => e instanceof InvalidInputError && e.field === 'limit')
  }
  await assert.rejects(client.operations.iterate('all').next(), (e) => e instanceof InvalidInputError && e.field === 'filter')
  assert.deepEqual(mock.requests(), [])
})

test('MockServer: options, controls, idempotent stop', async () => {
  const m = await sdk.MockServer.start({ apiKey: 'sk_test_custom', balances: { BTC: '0', ETH: '3.5' }, whiteLabel: false, shopName: 'Shop X' })
  try {
    assert.equal(m.apiKey, 'sk_test_custom')
    assert.match(m.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/)
    assert.equal(m.rootUrl, m.url.replace(/\/api\/v1$/, ''))
    assert.ok(!inspect(m).includes('sk_test_custom'))
    const c = m.client()
    assert.match((await c.balances.get('BTC')).balance, /^0(\.0+)?$/)
    assert.equal((await c.balances.get('ETH')).balance.replace(/0+$/, ''), '3.5')
    await assert.rejects(c.deposits.create({ uid: 'u1', currencies: ['BTC'] }), (e) => e instanceof sdk.ApiError && e.plisioCode === 400 && e.httpStatus === 400)
    m.setWhiteLabel(true)
    assert.equal((await c.deposits.create({ uid: 'u1', currencies: ['BTC'] }))[0].uid, 'u1')
    assert.equal((await c.shop.get()).name, 'Shop X')
    m.setBalance('ETH', '1.000000000000000001')
    assert.equal(m.balance('ETH'), '1.000000000000000001')
    assert.equal(m.balance('NOPE'), null)
    assert.throws(() => m.setBalance('ETH', '-1'), (e) => e instanceof InvalidInputError && e.field === 'amount')
    await assert.rejects(sdk.MockServer.start({ balances: { BTC: 'lots' } }), (e) => e instanceof InvalidInputError && e.field === 'balances.BTC')
    assert.equal(m.requests().length, 5)
    assert.ok(m.requests().every((r) => r.query.includes('api_key=***') && !r.query.includes('sk_test_custom')))
  } finally {
    await m.stop()
  }
  await m.stop()
  await assert.rejects(m.simulatePayIn({ uid: 'u1', psysCid: 'BTC', amount: '1' }), (e) => e instanceof sdk.MockServerError && e.kind === 'shut_down')
  assert.throws(() => m.requests(), (e) => e instanceof sdk.MockServerError && e.kind === 'shut_down')
})

test('destination addresses are checked before sending, with a per-call opt-out', async () => {
  mock.setBalance('BTC', '1')
  const typo = BTC_B.slice(0, -1) + (BTC_B.endsWith('T') ? 'U' : 'T')
  await assert.rejects(client.withdrawals.cashOut({ currency: 'BTC', to: typo, amount: '0.001' }), (e) => e instanceof InvalidInputError && e.field === 'to' && /checksum/.test(e.message))
  await assert.rejects(
    client.withdrawals.massCashOut({ currency: 'BTC', payouts: [{ to: BTC_A, amount: '0.001' }, { to: typo, amount: '0.001' }] }),
    (e) => e instanceof InvalidInputError && e.field === 'payouts[1].to',
  )
  assert.deepEqual(mock.requests(), [], 'nothing was sent')
  const w = await client.withdrawals.cashOut({ currency: 'BTC', to: typo, amount: '0.001' }, { checkAddress: false })
  assert.equal(w.walletHash, typo)
  assert.deepEqual(sdk.validateAddress('BTC', BTC_A), { chain: 'bitcoin', format: sdk.validateAddress('BTC', BTC_A).format, checksumVerified: true, checked: true })
  assert.match(sdk.validateAddress('BTC', BTC_A).format, /bech32|segwit|p2wpkh/i)
  assert.equal(sdk.validateAddress('NEWCOIN', 'anything').checked, false)
  assert.throws(() => sdk.validateAddress('BTC', typo), (e) => e instanceof InvalidInputError && e.field === 'to')
})
