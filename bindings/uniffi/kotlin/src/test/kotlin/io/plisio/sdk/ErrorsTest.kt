package io.plisio.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.net.ServerSocket
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlin.test.fail

/** Every error kind the SDK can raise, provoked for real, mapped to `PlisioException` subclasses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorsTest {
    private lateinit var sandbox: Sandbox
    private lateinit var client: PlisioClient
    private val seen = mutableSetOf<String>()

    @BeforeAll
    fun start() {
        sandbox = Sandbox.start()
        client = sandbox.client(maxRetries = 0)
    }

    @AfterAll
    fun stop() {
        client.close()
        sandbox.close()
        // Every stable code of the core was provoked by a test of this class, except `internal`: only
        // a panic inside the Rust code produces it, which no public call can trigger on purpose (the
        // panic guard is tested in bindings/uniffi/src/client.rs, a_panic_in_a_call_becomes_an_internal_error).
        assertEquals(errorCodes().toSet() - "internal", seen, "error codes without a test")
    }

    @BeforeEach
    fun reset() = sandbox.reset()

    /** Runs [block], expects a [T], checks what every error shares, and returns it. */
    private inline fun <reified T : PlisioException> expect(code: String, noinline block: suspend () -> Any?): T {
        val e = try {
            runBlocking { block() }
            fail("expected ${T::class.simpleName}, got a result")
        } catch (e: PlisioException) {
            e
        }
        if (e !is T) fail("expected ${T::class.simpleName}, got ${e::class.simpleName}: ${e.message}")
        assertEquals(code, e.code())
        val printed = "${e.message} $e"
        assertFalse(printed.contains(sandbox.apiKey), "the API key leaked: $printed")
        seen += code
        return e
    }

    @Test
    fun `api error with Plisio's code and field errors`() {
        val e = expect<PlisioException.Api>("api_error") { client.balances().get("BTCX") }
        assertEquals(422.toUShort(), e.httpStatus)
        assertEquals(105L, e.plisioCode)
        assertEquals(105L, e.plisioCode())
        assertEquals(422.toUShort(), e.httpStatus())
        assertEquals(listOf("BTCX"), e.fieldErrors["currency"])
        assertEquals("Unprocessable entity", e.plisioName)
        assertFalse(e.isRetryable())
        assertTrue(e.message!!.contains("details="), e.message)
    }

    @Test
    fun `insufficient funds is an api error on a withdrawal, sent once`() {
        val e = expect<PlisioException.Api>("api_error") {
            client.withdrawals().cashOut("BTC", "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", "1000")
        }
        assertTrue(e.fieldErrors.isNotEmpty() || e.plisioMessage.isNotEmpty(), e.message)
        assertEquals(1, sandbox.requests().size)
    }

    @Test
    fun `authentication with a wrong key`() {
        sandbox.client(apiKey = "sk_wrong_key").use { wrong ->
            val e = expect<PlisioException.Authentication>("authentication") { wrong.shop().get() }
            assertEquals(401L, e.plisioCode)
            assertFalse("${e.message}".contains("sk_wrong_key"), "the wrong key leaked: ${e.message}")
        }
    }

    @Test
    fun `not found`() {
        val e = expect<PlisioException.NotFound>("not_found") { client.operations().get("6b028c916d6f636b0000ffff") }
        assertEquals(111L, e.plisioCode)
        assertEquals(404.toUShort(), e.httpStatus)
    }

    @Test
    fun `rate limited with retry-after`() {
        sandbox.fault("rate_limit", "retry_after_secs" to 7)
        val e = expect<PlisioException.RateLimited>("rate_limited") { client.shop().get() }
        assertEquals(7_000uL, e.retryAfterMs)
        assertEquals(429.toUShort(), e.httpStatus())
        assertTrue(e.isRetryable())
    }

    @Test
    fun `invalid input never reaches the network, for every kind of bad amount`() {
        for (bad in listOf("", "0", "-1", "1e-3", "0,1", "abc", "NaN", "0.0000000000000000001", "123456789012345678901234567890")) {
            val e = expect<PlisioException.InvalidInput>("invalid_input") { client.withdrawals().cashOut("BTC", "bc1qaddr", bad) }
            assertEquals("amount", e.field, "amount $bad")
        }
        val e = expect<PlisioException.InvalidInput>("invalid_input") {
            client.withdrawals().massCashOut("BTC", listOf(PayoutRequest("bc1qa", "0.1"), PayoutRequest("bc1qb", "1.2.3")))
        }
        assertEquals("payouts[1].amount", e.field)
        val inv = expect<PlisioException.InvalidInput>("invalid_input") {
            client.invoices().create(NewInvoice(orderName = "o", orderNumber = "1", sourceCurrency = "USD", sourceAmount = "ten"))
        }
        assertEquals("source_amount", inv.field)
        assertTrue(sandbox.requests().isEmpty(), "a request was sent: ${sandbox.requests()}")
    }

    @Test
    fun `configuration errors from the constructor`() {
        val plain = expect<PlisioException.Configuration>("configuration") {
            PlisioClient(ClientOptions(apiKey = "sk_x", baseUrl = "http://plisio.example/api/v1"))
        }
        assertTrue(plain.details.contains("http"), plain.details)
        expect<PlisioException.Configuration>("configuration") { PlisioClient(ClientOptions(apiKey = " ")) }
    }

    @Test
    fun `timeout on a slow read`() {
        sandbox.client(timeoutMs = 300, maxRetries = 0).use { slow ->
            sandbox.fault("delay", "ms" to 3000)
            val e = expect<PlisioException.Timeout>("timeout") { slow.shop().get() }
            assertEquals("shops", e.endpoint)
            assertEquals(1u, e.attempts)
            assertTrue(e.isRetryable())
        }
    }

    @Test
    fun `connection refused`() {
        val port = ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()).use { it.localPort }
        PlisioClient(ClientOptions(apiKey = sandbox.apiKey, baseUrl = "http://127.0.0.1:$port/api/v1", maxRetries = 0u)).use { dead ->
            val e = expect<PlisioException.Connection>("connection") { dead.balances().get("BTC") }
            assertFalse(e.details.contains("api_key"), e.details)
        }
    }

    @Test
    fun `decode error on an invalid JSON answer`() {
        sandbox.fault("invalid_json")
        val e = expect<PlisioException.Decode>("decode") { client.currencies().list() }
        assertEquals(200.toUShort(), e.httpStatus)
        assertTrue(e.snippet.isNotEmpty())
    }

    @Test
    fun `signature failure of a callback`() {
        val e = expect<PlisioException.Signature>("signature") { verifyCallback("{\"txn_id\":\"1\",\"verify_hash\":\"00\"}".toByteArray(), "secret") }
        assertEquals(SignatureFailure.MISMATCH, e.reason)
        assertEquals("mismatch", e.reason.toString())
        assertNull(e.httpStatus())
    }

    @Test
    fun `a withdrawal that times out is outcome unknown and never retried`() {
        sandbox.client(timeoutMs = 300, maxRetries = 3).use { slow ->
            sandbox.fault("delay", "ms" to 2000, "path" to "operations/withdraw")
            val e = expect<PlisioException.OutcomeUnknown>("outcome_unknown") {
                slow.withdrawals().cashOut("BTC", "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", "0.001")
            }
            assertEquals("operations/withdraw", e.endpoint)
            assertFalse(e.isRetryable())
            assertEquals(1, sandbox.requests().count { it["path"].textValue() == "/api/v1/operations/withdraw" })
        }
    }

    @Test
    fun `reads are retried on a gateway error`() = runBlocking<Unit> {
        sandbox.client(maxRetries = 2).use { retrying ->
            sandbox.fault("html_502")
            val balance = retrying.balances().get("BTC")
            assertEquals("BTC", balance.psysCid)
            assertEquals(listOf(502, 200), sandbox.requests().map { it["status"].intValue() })
        }
    }
}
