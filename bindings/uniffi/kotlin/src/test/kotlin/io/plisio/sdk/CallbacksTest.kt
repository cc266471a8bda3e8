package io.plisio.sdk

import com.sun.net.httpserver.HttpServer
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.math.BigDecimal
import java.net.InetAddress
import java.net.InetSocketAddress
import java.time.Instant
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertTrue
import kotlin.test.fail

/**
 * Callbacks end to end: the sandbox POSTs signed callbacks (JSON mode and form mode) to a real
 * HTTP receiver in this JVM, which verifies the raw bytes it received.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallbacksTest {
    class Received(val path: String, val contentType: String?, val body: ByteArray)

    private lateinit var sandbox: Sandbox
    private lateinit var client: PlisioClient
    private lateinit var receiver: HttpServer
    private val inbox = LinkedBlockingQueue<Received>()
    private val secret get() = sandbox.apiKey // Plisio signs with the shop's secret key
    private val receiverUrl get() = "http://127.0.0.1:${receiver.address.port}"

    @BeforeAll
    fun start() {
        sandbox = Sandbox.start()
        client = sandbox.client()
        receiver = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
        receiver.createContext("/") { exchange ->
            val body = exchange.requestBody.readAllBytes()
            inbox.put(Received(exchange.requestURI.toString(), exchange.requestHeaders.getFirst("Content-Type"), body))
            exchange.sendResponseHeaders(200, 2)
            exchange.responseBody.use { it.write("OK".toByteArray()) }
        }
        receiver.start()
    }

    @AfterAll
    fun stop() {
        receiver.stop(0)
        client.close()
        sandbox.close()
    }

    @BeforeEach
    fun reset() {
        sandbox.reset()
        inbox.clear()
    }

    private fun nextCallback(): Received = inbox.poll(10, TimeUnit.SECONDS) ?: fail("no callback arrived")

    @Test
    fun `JSON mode invoice callback (json=true) verifies and carries the invoice`() = runBlocking<Unit> {
        val inv = client.invoices().create(
            NewInvoice(orderName = "Book", orderNumber = "cb-1", currency = "BTC", amount = "0.00150000", callbackUrl = "$receiverUrl/plisio?json=true"),
        )
        sandbox.post("/__mock/invoices/${inv.txnId}/pay")
        val got = nextCallback()
        assertEquals("/plisio?json=true", got.path)
        assertTrue(got.contentType!!.startsWith("application/json"), got.contentType)
        val event = verifyCallback(got.body, secret, got.contentType)
        assertEquals(CallbackFormat.JSON, event.format)
        assertEquals(IpnType.Invoice, event.ipnType)
        assertEquals(inv.txnId, event.txnId)
        assertEquals(Status.Completed, event.status)
        assertTrue(event.status!!.isPaid())
        assertEquals(BigDecimal("0.00150000"), event.amount)
        assertEquals("cb-1", event.orderNumber)
        assertEquals("Book", event.orderName)
        assertTrue(event.expireAt!!.isAfter(Instant.now()))
        assertEquals(event.verifyHash, JSON.readTree(event.raw)["verify_hash"].textValue())
    }

    @Test
    fun `form mode invoice callback (multipart by default) verifies`() = runBlocking<Unit> {
        val inv = client.invoices().create(
            NewInvoice(orderName = "Lamp", orderNumber = "cb-2", currency = "LTC", amount = "0.5", callbackUrl = "$receiverUrl/plisio"),
        )
        sandbox.post("/__mock/invoices/${inv.txnId}/pay", mapOf("status" to "mismatch"))
        val got = nextCallback()
        assertTrue(got.contentType!!.startsWith("multipart/form-data"), got.contentType)
        val event = verifyCallback(got.body, secret, got.contentType)
        assertEquals(CallbackFormat.MULTIPART, event.format)
        assertEquals(Status.Mismatch, event.status)
        assertTrue(event.status!!.isPaid(), "mismatch (overpaid) counts as paid")
        assertEquals("cb-2", event.orderNumber)
        assertTrue(event.amount!! > BigDecimal("0.5"), "overpaid amount ${event.amount}")
    }

    @Test
    fun `deposit pay_in callbacks, urlencoded and JSON, with a reusable verifier`() = runBlocking<Unit> {
        val address = client.deposits().create("user-7", listOf("USDT_TRX")).single().hash
        val verifier = CallbackVerifier(secret)
        sandbox.post("/__mock/deposits/pay_in", mapOf("uid" to "user-7", "psys_cid" to "USDT_TRX", "amount" to "2.000000", "callback_url" to "$receiverUrl/dep", "format" to "urlencoded"))
        val form = nextCallback()
        assertEquals("application/x-www-form-urlencoded", form.contentType?.substringBefore(';'))
        val e1 = verifier.verify(form.body, form.contentType)
        assertEquals(CallbackFormat.URL_ENCODED, e1.format)
        assertEquals(IpnType.PayIn, e1.ipnType)
        assertEquals("user-7", e1.depositUid)
        assertEquals(address, e1.walletHash)
        assertEquals(BigDecimal("2.000000"), e1.amount)
        assertNotNull(e1.depositSum)

        sandbox.post("/__mock/deposits/pay_in", mapOf("uid" to "user-7", "psys_cid" to "USDT_TRX", "amount" to "3.5", "callback_url" to "$receiverUrl/dep?json=true"))
        val json = nextCallback()
        val e2 = verifier.verify(json.body) // the format is detected from the body
        assertEquals(CallbackFormat.JSON, e2.format)
        assertEquals(BigDecimal("3.500000"), e2.amount)
        assertEquals(e1.walletHash, e2.walletHash)
        verifier.close()
    }

    @Test
    fun `a received callback altered by one byte or checked with another secret is refused`() = runBlocking<Unit> {
        val inv = client.invoices().create(NewInvoice(orderName = "x", orderNumber = "cb-3", currency = "BTC", amount = "0.001", callbackUrl = "$receiverUrl/p?json=true"))
        sandbox.post("/__mock/invoices/${inv.txnId}/pay")
        val got = nextCallback()
        val text = String(got.body, Charsets.UTF_8)
        val tampered = text.replace("\"completed\"", "\"cancelled\"").toByteArray()
        assertTrue(!tampered.contentEquals(got.body))
        for ((body, key) in listOf(tampered to secret, got.body to "another_secret")) {
            val e = runCatching { verifyCallback(body, key, got.contentType) }.exceptionOrNull()
            assertEquals(SignatureFailure.MISMATCH, (e as PlisioException.Signature).reason)
        }
        val empty = runCatching { CallbackVerifier("") }.exceptionOrNull()
        assertEquals(SignatureFailure.EMPTY_SECRET, (empty as PlisioException.Signature).reason)
    }

    @Test
    fun `the published vector (plisio-api md 5-4) verifies`() {
        val case = conformance("callbacks.json")["cases"].first { it["name"].textValue().startsWith("published vector (plisio-api.md 5.4)") }
        val event = verifyCallback(case["body"].textValue().toByteArray(), case["secret"].textValue(), "application/json")
        assertEquals("61b19fd3f609ba61f4282547", event.txnId)
        assertEquals("6c53ff3472d694bfa13851ef266ec67389d25e2f", event.verifyHash)
        assertEquals(BigDecimal("15.300000"), event.amount)
        assertEquals(Status.Completed, event.status)
        assertEquals(CallbackFormat.JSON, event.format)
    }
}
