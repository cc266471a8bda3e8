// A TypeScript user of plisio-sdk (CommonJS flavour), checked with `tsc --noEmit --strict`
// (make test-node). It is never run: it exists to prove the published types are complete and strict.
import express from 'express'
import {
  Client,
  MockServer,
  PlisioError,
  InvalidInputError,
  OutcomeUnknownError,
  RateLimitedError,
  SignatureError,
  plisioCallback,
  verifyCallback,
  verifyCallbackRequest,
  CallbackVerifier,
  ERROR_CODES,
  validateAddress,
  type AddressCheck,
  type CallbackEvent,
  type Operation,
  type OperationsPage,
  type ErrorCode,
  type MassCashOutRequest,
} from 'plisio-sdk'

async function quickStart(): Promise<void> {
  const mock = await MockServer.start({ balances: { BTC: '2.5' }, whiteLabel: true })
  const client = new Client({ apiKey: mock.apiKey, baseUrl: mock.url, timeoutMs: 10_000, maxRetries: 2 })

  const balance: string = (await client.balances.get('BTC')).balance
  const page: OperationsPage = await client.operations.list({ limit: 10, type: 'cash_out', status: 'completed' })
  const total: number = page.meta.totalCount
  const next: string | null = page.links.next

  for await (const op of client.operations.iterate({ currency: 'BTC' })) {
    const when: Date | null = op.createdAt
    const amount: string | null = op.amount
    const wire: unknown = op.raw['some_new_field']
    void when, amount, wire
  }

  try {
    const w: Operation = await client.withdrawals.cashOut({ currency: 'BTC', to: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh', amount: '0.001', feePlan: 'priority' })
    const fee: string | null = w.fee
    void fee
  } catch (e) {
    if (e instanceof OutcomeUnknownError) {
      const recent = await client.operations.list({ type: 'cash_out', limit: 20 })
      void recent
    } else if (e instanceof InvalidInputError) {
      const field: string | null = e.field
      void field
    } else if (e instanceof RateLimitedError) {
      const wait: number | null = e.retryAfterMs
      void wait
    } else if (e instanceof PlisioError) {
      const code: ErrorCode = e.code
      const plisio: number | null = e.plisioCode
      const status: number | null = e.httpStatus
      const fields: Record<string, string[]> = e.fieldErrors
      void code, plisio, status, fields
    }
  }

  const mass: MassCashOutRequest = { currency: 'BTC', payouts: [{ to: 'bc1qa', amount: '0.1' }, { to: 'bc1qb', amount: '0.2' }] }
  await client.withdrawals.massCashOut(mass)
  await client.withdrawals.massCashOut({ currency: 'BTC', to: ['bc1qa'], amounts: ['0.1'] }, { checkAddress: false })
  const check: AddressCheck = validateAddress('BTC', 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh')
  const verified: boolean = check.checksumVerified && check.checked
  void verified
  // @ts-expect-error amounts are strings: a JS number is refused at compile time too
  await client.withdrawals.cashOut({ currency: 'BTC', to: 'bc1qa', amount: 0.001 })
  // @ts-expect-error payouts and the parallel lists are exclusive
  await client.withdrawals.massCashOut({ currency: 'BTC', payouts: [], to: ['bc1qa'], amounts: ['1'] })

  const [deposit] = await client.deposits.create({ uid: 'user-1', currencies: ['BTC'] })
  const hash: string | undefined = deposit?.hash
  const invoice = await client.invoices.create({ orderName: 'Order 1', orderNumber: '1', sourceCurrency: 'USD', sourceAmount: '15.00', callbackUrl: 'https://shop.example/plisio?json=true' })
  const details = await client.invoices.get(invoice.txnId ?? '')
  const expires: Date | null = details.invoice.expireAt
  const fee = await client.fees.estimate({ currency: 'BTC', payouts: [{ to: 'bc1qa', amount: '0.1' }] })
  const plans = await client.fees.plans('ETH')
  const gas: string | null | undefined = plans.plans['normal']?.gasPrice
  const commission = await client.fees.commission({ currency: 'ETH', type: 'cash_out' })
  const coins = await client.currencies.list('EUR')
  const shop = await client.shop.get()
  void balance, total, next, hash, expires, fee, gas, commission, coins, shop

  const paid = await mock.payInvoice({ txnId: invoice.txnId ?? '', status: 'completed', format: 'json' })
  const delivered: number | null = paid.callback?.status ?? null
  mock.pushFault({ kind: 'delay', ms: 1500, path: 'operations/withdraw' })
  mock.pushFault({ kind: 'rate_limit', retryAfterSecs: 2, times: 3 })
  // @ts-expect-error unknown fault kinds are refused
  mock.pushFault({ kind: 'explode' })
  const log = mock.requests().map((r) => `${r.method} ${r.path} ${r.status}`)
  void delivered, log, ERROR_CODES
  await mock.stop()
}

function callbacks(secret: string): void {
  const app = express()
  app.post('/plisio/callback', plisioCallback({ secret }), (req, res) => {
    const event: CallbackEvent | undefined = req.plisioEvent
    if (event?.isPaid) {
      const order: string | null = event.orderNumber
      void order
    }
    res.send('OK')
  })
  app.post('/raw', express.raw({ type: '*/*' }), (req, res) => {
    try {
      const event = verifyCallback(req.body as Buffer, secret, req.headers['content-type'])
      const format: string = event.format
      void format
      res.send('OK')
    } catch (e) {
      if (e instanceof SignatureError) res.status(400).send(e.reason ?? 'invalid')
    }
  })
  const verifier = new CallbackVerifier(secret)
  verifier.verify('amount=1&verify_hash=00', 'application/x-www-form-urlencoded')
  const nothing: void = verifier.checkSignature(Buffer.from('{}'), 'application/json')
  void nothing
  void verifyCallbackRequest
}

void quickStart
void callbacks
