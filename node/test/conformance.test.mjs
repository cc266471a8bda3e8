// The shared vectors of tests/conformance/, run exactly as the Rust runner runs them
// (crates/plisio-core/tests/conformance.rs).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { sdk, vectors, lookup, same, call, sandbox } from './support/helpers.mjs'

const { verifyCallback, SignatureError, InvalidInputError, PlisioError } = sdk

let mock
let client
before(async () => {
  ;({ mock, client } = await sandbox())
})
after(() => mock.stop())

test('callback vectors: string bodies', () => {
  const { cases } = vectors('callbacks.json')
  assert.ok(cases.length >= 20)
  for (const c of cases) checkCallback(c, c.body)
})

test('callback vectors: Buffer bodies', () => {
  for (const c of vectors('callbacks.json').cases) checkCallback(c, Buffer.from(c.body, 'utf8'))
})

function checkCallback(c, body) {
  const expect = c.expect
  if (expect.valid) {
    let event
    try {
      event = verifyCallback(body, c.secret, c.content_type ?? undefined)
    } catch (e) {
      assert.fail(`${c.name}: expected valid, got ${e}`)
    }
    for (const [path, want] of Object.entries(expect.event)) {
      const got = lookup(event, path)
      assert.ok(same(want, got), `${c.name}: ${path}: expected ${JSON.stringify(want)}, got ${inspect(got)}`)
    }
  } else {
    assert.throws(
      () => verifyCallback(body, c.secret, c.content_type ?? undefined),
      (e) => e instanceof SignatureError && e.code === 'signature' && e.reason === expect.reason,
      `${c.name}: expected signature failure ${expect.reason}`,
    )
  }
}

test('decoding vectors', async () => {
  const { cases } = vectors('decoding.json')
  for (const c of cases) {
    mock.pushFault({ kind: 'status', code: c.status, body: c.body })
    let view
    try {
      view = await call(client, c.call, c.args)
    } catch (e) {
      assert.fail(`${c.name}: ${e}`)
    }
    for (const [path, want] of Object.entries(c.expect)) {
      const got = lookup(view, path)
      assert.ok(same(want, got), `${c.name}: ${path}: expected ${JSON.stringify(want)}, got ${inspect(got)}`)
    }
    const text = JSON.stringify(view)
    for (const absent of c.absent_text ?? []) {
      assert.ok(!text.includes(absent), `${c.name}: ${absent} leaked into the result`)
    }
  }
  assert.ok(mock.requests().length >= 18)
})

test('validation vectors fail with invalid_input before any request', async () => {
  const { cases } = vectors('validation.json')
  assert.ok(cases.length > 0)
  for (const c of cases) {
    mock.clearRequests()
    await assert.rejects(
      call(client, c.call, c.args),
      (e) => {
        assert.ok(e instanceof InvalidInputError && e instanceof PlisioError, `${c.name}: got ${inspect(e)}`)
        assert.equal(e.code, 'invalid_input')
        assert.equal(e.field, c.field, `${c.name}: ${e.message}`)
        assert.ok(e.message.length > 0)
        return true
      },
      c.name,
    )
    assert.deepEqual(mock.requests(), [], `${c.name}: a request was sent`)
  }
})

test('error vectors', async () => {
  const { cases } = vectors('errors.json')
  for (const c of cases) {
    const body = c.body.replaceAll('__API_KEY__', mock.apiKey)
    mock.clearRequests()
    mock.pushFault({ kind: 'status', code: c.status, body })
    let err
    try {
      await call(client, c.call, c.args)
      assert.fail(`${c.name}: expected an error`)
    } catch (e) {
      err = e
    }
    const expect = c.expect
    assert.ok(err instanceof PlisioError, `${c.name}: ${inspect(err)}`)
    assert.equal(err.code, expect.code, `${c.name}: ${err.message}`)
    assert.equal(err.constructor, sdk.ERROR_CLASSES[expect.code], c.name)
    if ('plisio_code' in expect) assert.equal(err.plisioCode, expect.plisio_code, c.name)
    if ('http_status' in expect) assert.equal(err.httpStatus, expect.http_status, c.name)
    if ('field_errors' in expect) assert.deepEqual(err.fieldErrors, expect.field_errors, c.name)
    const printed = `${err.message} ${String(err)} ${inspect(err, { depth: 10 })} ${err.stack} ${JSON.stringify(err)}`
    assert.ok(!printed.includes(mock.apiKey), `${c.name}: the key leaked: ${printed}`)
    for (const absent of c.message_absent ?? []) {
      assert.ok(!printed.includes(absent), `${c.name}: ${absent} printed`)
    }
    const sent = mock.requests().length
    assert.equal(sent, 1, `${c.name}: exactly one request (no retry of a definite answer or of a withdrawal), saw ${sent}`)
  }
})
