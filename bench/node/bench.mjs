// Benchmarks of the Node package (run with `make bench-node`, which builds the RELEASE addon first).
//
// 1. HTTP: plisio-sdk's client vs raw `node:http` (keep-alive agent + JSON.parse) vs `fetch`
//    (+ res.json()), on the same sandbox endpoint, sequential and with 64 requests in flight.
//    The sandbox (the Rust plisio-mock) runs in a child process, so this process measures clients
//    only. Two endpoints: a small answer (balances/BTC) and a page of 100 operations.
// 2. Callbacks: verifyCallback / CallbackVerifier vs node:crypto (createHmac over the JSON.stringify
//    of the parsed body, timingSafeEqual) + JSON.parse, on the published JSON callback and on a
//    multipart pay_in callback.
//
// Prints a Markdown report; `--write` also stores it in bench/results/node.md.
import { fork } from 'node:child_process'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const sdk = require('../../node/lib/index.js')
const here = (p) => fileURLToPath(new URL(p, import.meta.url))

const QUICK = process.argv.includes('--quick')
const CONCURRENCY = 64
// Requests per measured round: [sequential, concurrent], per endpoint size.
const ROUNDS = { small: QUICK ? [300, 1500] : [2000, 10000], page: QUICK ? [60, 200] : [200, 1000] }

if (process.argv[2] === '--sandbox') {
  // Child process: run the sandbox and report where it listens.
  const mock = await sdk.MockServer.start()
  mock.seedOperations(300, { psysCid: 'BTC' })
  process.send({ url: mock.url, apiKey: mock.apiKey })
  process.on('message', async () => {
    await mock.stop()
    process.exit(0)
  })
} else {
  await main()
}

async function main() {
  const child = fork(here('./bench.mjs'), ['--sandbox'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const { url, apiKey } = await new Promise((resolve) => child.once('message', resolve))
  const lines = []
  const out = (s = '') => {
    lines.push(s)
    console.log(s)
  }
  try {
    out('# Node benchmarks (plisio-sdk)')
    out()
    out(`- date: ${new Date().toISOString().slice(0, 10)}`)
    out(`- machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}; load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (a shared machine: other builds were running)`)
    out(`- node ${process.version}, plisio-sdk core ${sdk.VERSION}, release addon`)
    out(`- command: \`make bench-node\` (= \`node bench/node/bench.mjs --write\` after a release \`napi build\`)`)
    out(`- sandbox: the Rust plisio-mock in a child process on 127.0.0.1; every client hits the same endpoint`)
    out()
    out('Throughput in requests/s (higher is better); ratio = plisio-sdk / the other client.')
    out()
    out('| endpoint | mode | plisio-sdk | node:http + JSON.parse | fetch + json() | vs node:http | vs fetch |')
    out('|---|---|---:|---:|---:|---:|---:|')
    const verdict = { http: [], callbacks: [] }
    const client = new sdk.Client({ apiKey, baseUrl: url, maxRetries: 0 })
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })
    const endpoints = [
      { name: 'balances/BTC (small)', size: 'small', path: 'balances/BTC', sdk: () => client.balances.get('BTC') },
      { name: 'operations?limit=100 (100 operations, ~100 KB)', size: 'page', path: 'operations?limit=100', sdk: () => client.operations.list({ limit: 100 }) },
    ]
    for (const ep of endpoints) {
      const target = new URL(`${url}/${ep.path}${ep.path.includes('?') ? '&' : '?'}api_key=${encodeURIComponent(apiKey)}`)
      const raw = () => rawHttp(agent, target)
      const viaFetch = async () => (await fetch(target)).json()
      const [seqN, concN] = ROUNDS[ep.size]
      for (const [mode, n, c] of [
        ['sequential', seqN, 1],
        [`${CONCURRENCY} concurrent`, concN, CONCURRENCY],
      ]) {
        // Interleave the three clients over three rounds and keep each one's best round.
        const best = { sdk: 0, http: 0, fetch: 0 }
        for (const fn of [ep.sdk, raw, viaFetch]) await load(fn, Math.min(n, 200), c) // warm-up
        for (let round = 0; round < 3; round++) {
          best.sdk = Math.max(best.sdk, await load(ep.sdk, n, c))
          best.http = Math.max(best.http, await load(raw, n, c))
          best.fetch = Math.max(best.fetch, await load(viaFetch, n, c))
        }
        out(`| ${ep.name} | ${mode} | ${fmt(best.sdk)} | ${fmt(best.http)} | ${fmt(best.fetch)} | ${(best.sdk / best.http).toFixed(2)}× | ${(best.sdk / best.fetch).toFixed(2)}× |`)
        if (c === CONCURRENCY) verdict.http.push(`${ep.name}: ${(best.sdk / best.http).toFixed(2)}× (${best.sdk / best.http >= 1.5 ? 'met' : 'NOT met'})`)
      }
    }
    agent.destroy()

    out()
    out('Callback verification, operations/s (higher is better); ratio = plisio-sdk / node:crypto + JSON.')
    out()
    out('| callback | `verifyCallback` (typed event) | `CallbackVerifier.verify` (typed event) | `CallbackVerifier.checkSignature` (signature only) | node:crypto + JSON | verify ratio | checkSignature ratio |')
    out('|---|---:|---:|---:|---:|---:|---:|')
    const vectors = JSON.parse(readFileSync(here('../../tests/conformance/callbacks.json'), 'utf8')).cases
    const json = vectors.find((c) => c.name.startsWith('published vector (plisio-api.md 5.4)'))
    const multipart = vectors.find((c) => c.name.startsWith('pay_in multipart/form-data'))
    for (const c of [json, multipart]) {
      const body = Buffer.from(c.body)
      const verifier = new sdk.CallbackVerifier(c.secret)
      const baseline = c.content_type.startsWith('multipart/') ? () => multipartBaseline(body, c.content_type, c.secret) : () => jsonBaseline(body, c.secret)
      baseline() // must verify, or the comparison is meaningless
      const a = ops(() => sdk.verifyCallback(body, c.secret, c.content_type))
      const b = ops(() => verifier.verify(body, c.content_type))
      const s = ops(() => verifier.checkSignature(body, c.content_type))
      const base = ops(baseline)
      out(`| ${c.content_type.split(';')[0]} (${body.length} B) | ${fmt(a)} | ${fmt(b)} | ${fmt(s)} | ${fmt(base)} | ${(Math.max(a, b) / base).toFixed(2)}× | ${(s / base).toFixed(2)}× |`)
      const kind = c.content_type.split(';')[0]
      verdict.callbacks.push(`${kind}: typed event ${(Math.max(a, b) / base).toFixed(2)}× (${Math.max(a, b) / base >= 5 ? 'met' : 'NOT met'}), signature only ${(s / base).toFixed(2)}× (${s / base >= 5 ? 'met' : 'NOT met'})`)
    }
    out()
    out('## Against the targets of issue 4')
    out()
    out(`- ≥ 1.5× raw node:http at 64 concurrent: ${verdict.http.join('; ')}.`)
    out(`- ≥ 5× node:crypto + JSON for callbacks: ${verdict.callbacks.join('; ')}.`)
    out()
    out('## Reading')
    out()
    out('- Small answers: the requests run on the Rust runtime (reqwest, connection pool) off the JS thread, so')
    out('  64 requests in flight cost the event loop little; node:http and fetch do the HTTP work on it.')
    out('- A page of 100 operations: the SDK decodes every field exactly (decimal strings, timestamps, the')
    out('  quirks of the wire format) and keeps `raw`, so the JSON the JS thread parses is about 2.3× the wire')
    out('  body (typed fields + raw); `JSON.parse` of the bare body is cheaper. This is the price of typed,')
    out('  exact models. Models cross the boundary as one JSON text parsed by V8: that was about 30% faster')
    out('  than one N-API call per property when measured on the callback event.')
    out('- Callbacks: the baseline re-serialises the parsed body with JSON.stringify and HMACs that, which')
    out('  only matches bodies signed exactly that way and handles neither form mode; the SDK checks the raw')
    out('  bytes (with fallbacks), and `verify` also builds the typed event (parse + typed fields + raw),')
    out('  which costs about as much as the baseline. `checkSignature` is the like-for-like comparison for the')
    out('  JSON mode; in form mode the core\'s signature check still decodes the fields into an event in Rust')
    out('  (nothing crosses to JS), hence the smaller gain there.')
  } finally {
    child.send('stop')
  }
  if (process.argv.includes('--write')) {
    writeFileSync(here('../results/node.md'), lines.join('\n') + '\n')
    console.log('\nwritten to bench/results/node.md')
  }
}

function fmt(n) {
  return Math.round(n).toLocaleString('en-US')
}

/** Run `fn` `n` times with `c` in flight; requests per second. */
async function load(fn, n, c) {
  let next = 0
  const started = process.hrtime.bigint()
  const worker = async () => {
    while (next < n) {
      next++
      await fn()
    }
  }
  await Promise.all(Array.from({ length: c }, worker))
  return n / (Number(process.hrtime.bigint() - started) / 1e9)
}

/** One GET through node:http with a keep-alive agent, body parsed with JSON.parse. */
function rawHttp(agent, url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      const chunks = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
          if (body.status !== 'success') reject(new Error('not a success'))
          else resolve(body.data)
        } catch (e) {
          reject(e)
        }
      })
      res.on('error', reject)
    })
    req.on('error', reject)
  })
}

/** Synchronous operations per second over ~1 s (after a warm-up). */
function ops(fn) {
  for (let i = 0; i < 2000; i++) fn()
  let n = 0
  const started = process.hrtime.bigint()
  let elapsed = 0
  while (elapsed < (QUICK ? 0.3e9 : 1e9)) {
    for (let i = 0; i < 500; i++) fn()
    n += 500
    elapsed = Number(process.hrtime.bigint() - started)
  }
  return n / (elapsed / 1e9)
}

/** What a hand-written JSON-mode check does: parse, drop verify_hash, re-serialise, HMAC-SHA1. */
function jsonBaseline(body, secret) {
  const obj = JSON.parse(body.toString('utf8'))
  const hash = obj.verify_hash
  delete obj.verify_hash
  const mac = createHmac('sha1', secret).update(JSON.stringify(obj)).digest()
  if (!timingSafeEqual(mac, Buffer.from(hash, 'hex'))) throw new Error('baseline: mismatch')
  return obj
}

/** The same for a multipart body: split the parts, ksort, PHP serialize(), HMAC-SHA1. */
function multipartBaseline(body, contentType, secret) {
  const boundary = contentType.split('boundary=')[1]
  const fields = {}
  for (const part of body.toString('utf8').split(`--${boundary}`)) {
    const m = /name="([^"]+)"\r\n\r\n([\s\S]*)\r\n$/.exec(part)
    if (m) fields[m[1]] = m[2]
  }
  const hash = fields.verify_hash
  delete fields.verify_hash
  if (fields.tx_urls) fields.tx_urls = fields.tx_urls.replaceAll('&quot;', '"').replaceAll('&amp;', '&')
  const keys = Object.keys(fields).sort()
  let php = `a:${keys.length}:{`
  for (const k of keys) php += `s:${Buffer.byteLength(k)}:"${k}";s:${Buffer.byteLength(fields[k])}:"${fields[k]}";`
  php += '}'
  const mac = createHmac('sha1', secret).update(php).digest()
  if (!timingSafeEqual(mac, Buffer.from(hash, 'hex'))) throw new Error('baseline: mismatch')
  return fields
}
