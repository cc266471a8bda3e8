// Shared helpers of the node:test suites (not a test file itself).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

export const require = createRequire(import.meta.url)
export const sdk = require('../../lib/index.js')

/** A conformance vector file from tests/conformance/. */
export function vectors(name) {
  const url = new URL(`../../../tests/conformance/${name}`, import.meta.url)
  return JSON.parse(readFileSync(url, 'utf8'))
}

/** `shop_id` → `shopId` (one path segment). */
export function camel(segment) {
  return segment.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())
}

/** Read a dotted snake_case path (`operations.1.sum`, `raw.contractStandard`) out of a result:
 * each segment is converted to camelCase, except below `raw` (the JSON as received). */
export function lookup(root, path) {
  let v = root
  let inRaw = false
  for (const seg of path.split('.')) {
    if (v === null || v === undefined) return undefined
    const key = inRaw ? seg : camel(seg)
    v = Array.isArray(v) ? v[Number(seg)] : v[key]
    if (!inRaw && key === 'raw') inRaw = true
  }
  return v
}

/** The vectors' comparison: integers expected where a Date is found compare as unix seconds;
 * absent is null; everything else compares structurally and exactly. */
export function same(expected, actual) {
  if (actual === undefined) actual = null
  if (typeof expected === 'number' && actual instanceof Date) return actual.getTime() / 1000 === expected
  return JSON.stringify(expected) === JSON.stringify(actual)
}

/** Perform the conformance call `call` (snake_case names and args, as in the vector files). */
export function call(client, name, a) {
  const payouts = (list) => (list ?? []).map(([to, amount]) => ({ to, amount }))
  switch (name) {
    case 'operations.list':
      return client.operations.list({ page: a.page, limit: a.limit, type: a.type, status: a.status, currency: a.currency, shopId: a.shop_id, search: a.search })
    case 'operations.get':
      return client.operations.get(a.id ?? '')
    case 'withdrawals.cash_out':
      return client.withdrawals.cashOut({ currency: a.currency ?? '', to: a.to ?? '', amount: a.amount ?? '', feePlan: a.fee_plan })
    case 'withdrawals.mass_cash_out':
      return client.withdrawals.massCashOut({ currency: a.currency ?? '', payouts: payouts(a.payouts), feePlan: a.fee_plan })
    case 'withdrawals.mass_cash_out_lists':
      return client.withdrawals.massCashOut({ currency: a.currency ?? '', to: a.to ?? [], amounts: a.amounts ?? [] })
    case 'deposits.create':
      return client.deposits.create({ uid: a.uid ?? '', currencies: a.currencies ?? [] })
    case 'deposits.list':
      return client.deposits.list({ uid: a.uid, currencies: a.currencies, page: a.page, limit: a.limit })
    case 'balances.get':
      return client.balances.get(a.currency ?? '')
    case 'fees.plans':
      return client.fees.plans(a.currency ?? '')
    case 'fees.commission':
      return client.fees.commission({ currency: a.currency ?? '' })
    case 'fees.estimate':
      return client.fees.estimate({ currency: a.currency ?? '', payouts: payouts(a.payouts) })
    case 'currencies.list':
      return client.currencies.list(a.fiat)
    case 'shop.get':
      return client.shop.get()
    case 'invoices.create':
      return client.invoices.create({
        orderName: a.order_name ?? '',
        orderNumber: a.order_number ?? '',
        currency: a.currency,
        amount: a.amount,
        sourceCurrency: a.source_currency,
        sourceAmount: a.source_amount,
        callbackUrl: a.callback_url,
      })
    case 'invoices.get':
      return client.invoices.get(a.id ?? '')
    default:
      throw new Error(`unknown conformance call ${name}`)
  }
}

/** A sandbox and a client with fast retries, for one test file. */
export async function sandbox(options) {
  const mock = await sdk.MockServer.start(options)
  const client = mock.client({ timeoutMs: 10_000 })
  return { mock, client }
}
