// The ESM flavour of the types (default and named imports).
import sdk, { Client, type Invoice } from 'plisio-sdk'

const client: Client = new sdk.Client({ apiKey: 'k' })
const same: typeof Client = sdk.Client
export async function create(): Promise<Invoice> {
  return client.invoices.create({ orderName: 'o', orderNumber: '1', currency: 'BTC', amount: '0.001' })
}
void same
