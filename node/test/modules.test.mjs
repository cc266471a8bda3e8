// ESM and CommonJS consumers (through package.json "exports"), and the addon inside worker_threads.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { Worker } from 'node:worker_threads'
import { fileURLToPath } from 'node:url'
import { sdk } from './support/helpers.mjs'

const run = promisify(execFile)
const here = (p) => fileURLToPath(new URL(p, import.meta.url))

test('CommonJS: require("plisio-sdk")', async () => {
  const { stdout } = await run(process.execPath, [here('./fixtures/consumer.cjs')], { timeout: 60_000 })
  assert.deepEqual(JSON.parse(stdout), { kind: 'cjs', balance: '1.50000000', refused: 'amount' })
})

test('ES modules: import from "plisio-sdk" (named, default, same classes as CJS)', async () => {
  const { stdout } = await run(process.execPath, [here('./fixtures/consumer.mjs')], { timeout: 60_000 })
  assert.deepEqual(JSON.parse(stdout), { kind: 'esm', shop: 'Plisio Mock Shop', notFound: 'not_found', sameClasses: true })
})

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const sdk = require(workerData.entry)
;(async () => {
  const client = new sdk.Client({ apiKey: workerData.apiKey, baseUrl: workerData.url })
  const results = await Promise.all([client.balances.get('BTC'), client.shop.get(), client.currencies.list('EUR')])
  let err = null
  try { await client.operations.get('ffffffffffffffffffffffff') } catch (e) { err = { code: e.code, cls: e.constructor.name, isPlisio: e instanceof sdk.PlisioError } }
  let sig = null
  try { sdk.verifyCallback('{"a":"1","verify_hash":"00"}', 'k', 'application/json') } catch (e) { sig = e.reason }
  const ops = []
  for await (const op of client.operations.iterate({ limit: 2 })) { ops.push(op.id); if (ops.length === 3) break }
  parentPort.postMessage({ balance: results[0].balance, shop: results[1].name, eur: results[2][0].fiat, err, sig, ops: ops.length, created: results[1].raw.id })
})().catch((e) => parentPort.postMessage({ fatal: String(e && e.stack || e) }))
`

function runWorker(data) {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData: data })
    w.once('message', (m) => (m.fatal ? reject(new Error(m.fatal)) : resolve(m)))
    w.once('error', reject)
    w.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)))
  })
}

test('worker_threads: the addon loads and works in several workers at once, and after they exit', async () => {
  const mock = await sdk.MockServer.start()
  try {
    mock.seedOperations(5)
    const data = { entry: here('../lib/index.js'), apiKey: mock.apiKey, url: mock.url }
    const results = await Promise.all([runWorker(data), runWorker(data), runWorker(data)])
    for (const r of results) {
      assert.deepEqual(r, {
        balance: '1.50000000',
        shop: 'Plisio Mock Shop',
        eur: 'EUR',
        err: { code: 'not_found', cls: 'NotFoundError', isPlisio: true },
        sig: 'mismatch',
        ops: 3,
        created: '6650c0ffee5d0a11b00c1d01',
      })
    }
    // A worker terminated while its calls are in flight does not disturb anyone.
    const w = new Worker(WORKER, { eval: true, workerData: data })
    mock.pushFault({ kind: 'delay', ms: 300, times: 3 })
    await new Promise((r) => setTimeout(r, 50))
    await w.terminate()
    mock.clearFaults()
    // The main thread and new workers still work.
    const again = await runWorker(data)
    assert.equal(again.shop, 'Plisio Mock Shop')
    const c = mock.client()
    assert.equal((await c.balances.get('BTC')).balance, '1.50000000')
  } finally {
    await mock.stop()
  }
})
