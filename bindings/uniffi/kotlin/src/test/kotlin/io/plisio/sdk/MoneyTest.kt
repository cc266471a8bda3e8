package io.plisio.sdk

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.math.BigDecimal
import kotlin.test.assertEquals

/** Amounts are exact `BigDecimal`s end to end: 18 decimals, scale kept, never a double. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MoneyTest {
    private lateinit var sandbox: Sandbox
    private lateinit var client: PlisioClient
    private val ethA = "0x52908400098527886E0F7030069857D2E4169EE7"
    private val ethB = "0x8617E340B3D01FA5F11F306F4090FD50E238070D"

    @BeforeAll
    fun start() {
        sandbox = Sandbox.start()
        client = sandbox.client()
    }

    @AfterAll
    fun stop() {
        client.close()
        sandbox.close()
    }

    @BeforeEach
    fun reset() = sandbox.reset()

    @Test
    fun `an 18-decimal balance arrives exactly, scale included`() = runBlocking<Unit> {
        sandbox.post("/__mock/state/balances", mapOf("ETH" to "1.000000000000000001"))
        val balance = client.balances().get("ETH").balance
        assertEquals(BigDecimal("1.000000000000000001"), balance)
        assertEquals(18, balance.scale())
        assertEquals("1.000000000000000001", balance.toPlainString())
        // What a double would have made of it:
        assertEquals(1.0, balance.toDouble())
    }

    @Test
    fun `an 18-decimal withdrawal is sent and debited exactly`() = runBlocking<Unit> {
        val amount = BigDecimal("0.017948510338824132")
        val w = client.withdrawals().massCashOut("ETH", listOf(PayoutRequest(ethA, amount), PayoutRequest(ethB, BigDecimal("0.000000000000000001"))))
        assertEquals(BigDecimal("0.017948510338824133"), w.amount)
        assertEquals(amount, w.sendmany[0].amount)
        assertEquals(BigDecimal("0.000000000000000001"), w.sendmany[1].amount)
        val query = sandbox.requests().single()["query"].textValue()
        assertEquals(true, query.contains("amount=0.017948510338824132%2C0.000000000000000001"), query)
        // 25 - amount - fee, to the last wei.
        val expected = BigDecimal("25.000000000000000000") - w.amount!! - w.fee!!
        assertEquals(expected, client.balances().get("ETH").balance)
        assertEquals(18, expected.scale())
    }

    @Test
    fun `trailing zeros are kept both ways`() = runBlocking<Unit> {
        val w = client.withdrawals().cashOut("BTC", "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", BigDecimal("0.00200000"))
        assertEquals("0.00200000", w.amount!!.toPlainString())
        assertEquals(true, sandbox.requests().single()["query"].textValue().contains("amount=0.00200000"))
        val inv = client.invoices().create(NewInvoice(orderName = "o", orderNumber = "n1", currency = "BTC", amount = "0.00100000"))
        assertEquals(8, inv.invoiceTotalSum!!.scale())
        assertEquals(BigDecimal("0.00100000"), inv.invoiceTotalSum)
    }

    @Test
    fun `BigDecimal inputs are sent as plain text, never with an exponent`() = runBlocking<Unit> {
        val tiny = BigDecimal("1E-8") // toString() would be "1E-8"
        val w = client.withdrawals().cashOut("BTC", "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", tiny)
        assertEquals(BigDecimal("0.00000001"), w.amount)
        assertEquals(true, sandbox.requests().single()["query"].textValue().contains("amount=0.00000001"))
    }

    @Test
    fun `amounts that would round are refused, not rounded`() {
        for (text in listOf("0.0000000000000000001", "79228162514264337593543950336")) {
            val e = runCatching { runBlocking { client.withdrawals().cashOut("ETH", ethA, text) } }.exceptionOrNull()
            assertEquals("amount", (e as PlisioException.InvalidInput).field, text)
        }
        assertEquals(0, sandbox.requests().size)
    }
}
