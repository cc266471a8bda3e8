package io.plisio.sdk

import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.math.BigDecimal
import java.time.Duration
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue

/** Every endpoint as a suspend function against the stateful sandbox. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointsTest {
    private lateinit var sandbox: Sandbox
    private lateinit var client: PlisioClient

    // Valid mainnet addresses (the sandbox checks address formats per chain).
    private val btcAddress = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"
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

    private fun paths() = sandbox.requests().map { it["path"].textValue() }

    @Test
    fun `shop get`() = runBlocking<Unit> {
        val shop = client.shop().get()
        assertEquals(true, shop.whiteLabel)
        assertNotNull(shop.id)
        assertTrue(shop.name!!.isNotBlank())
        assertEquals(shop.id, JSON.readTree(shop.raw)["id"].textValue())
        assertEquals(listOf("/api/v1/shops"), paths())
    }

    @Test
    fun `balances get`() = runBlocking<Unit> {
        val btc = client.balances().get("BTC")
        assertEquals("BTC", btc.psysCid)
        assertEquals(BigDecimal("1.50000000"), btc.balance) // equals() compares the scale too
        val eth = client.balances().get("ETH")
        assertEquals(BigDecimal("25.000000000000000000"), eth.balance)
        assertEquals(18, eth.balance.scale())
        assertEquals(listOf("/api/v1/balances/BTC", "/api/v1/balances/ETH"), paths())
    }

    @Test
    fun `currencies list, default and in a fiat`() = runBlocking<Unit> {
        val usd = client.currencies().list()
        val btc = usd.single { it.cid == "BTC" }
        assertEquals("USD", btc.fiat)
        assertTrue(btc.fiatRate!! > BigDecimal.ZERO)
        val eur = client.currencies().list("EUR")
        assertEquals(usd.map { it.cid }, eur.map { it.cid })
        assertTrue(eur.all { it.fiat == "EUR" })
        assertEquals(listOf("/api/v1/currencies", "/api/v1/currencies/EUR"), paths())
    }

    @Test
    fun `fee plans, estimate and commission`() = runBlocking<Unit> {
        val plans = client.fees().plans("BTC")
        assertTrue(plans.plans.keys.containsAll(listOf("normal", "priority")), "plans: ${plans.plans.keys}")
        val normal = plans.plans.getValue("normal").value!!
        assertTrue(normal > BigDecimal.ZERO)

        val estimate = client.fees().estimate("BTC", listOf(PayoutRequest(btcAddress, BigDecimal("0.01"))), FeePlan.Normal)
        assertEquals(FeePlan.Normal, estimate.plan)
        assertTrue(estimate.fee > BigDecimal.ZERO)

        val commission = client.fees().commission("ETH", listOf(PayoutRequest(ethA, "0.5")), OperationType.CashOut, FeePlan.Priority)
        assertEquals(FeePlan.Priority, commission.plan)
        assertNotNull(commission.fee)
        assertTrue(commission.plans.isNotEmpty())
        assertEquals(listOf("/api/v1/operations/fee-plan/BTC", "/api/v1/operations/fee/BTC", "/api/v1/operations/commission/ETH"), paths())
        val feeQuery = sandbox.requests()[1]["query"].textValue()
        assertTrue(feeQuery.contains("amounts=0.01") && feeQuery.contains("feePlan=normal"), feeQuery)
    }

    @Test
    fun `deposits create and list`() = runBlocking<Unit> {
        val one = client.deposits().create("user-42", listOf("BTC"))
        assertEquals(1, one.size)
        assertEquals("user-42", one[0].uid)
        assertEquals("BTC", one[0].psysCid)
        assertTrue(one[0].hash.startsWith("bc1"), one[0].hash)

        val several = client.deposits().create("user-42", listOf("BTC", "ETH"))
        assertEquals(listOf("BTC", "ETH"), several.map { it.psysCid })
        assertEquals(one[0].hash, several[0].hash, "the address of a user is permanent")

        val page = client.deposits().list(DepositsQuery(uid = "user-42", limit = 10u))
        assertEquals(1u, page.page)
        assertEquals(10u, page.limit)
        assertEquals(setOf("BTC", "ETH"), page.deposits.map { it.psysCid }.toSet())
        assertEquals(false, page.hasMore)
        assertEquals(0, client.deposits().list(DepositsQuery(uid = "nobody")).deposits.size)
    }

    @Test
    fun `invoices create, get, and a payment seen through the API`() = runBlocking<Unit> {
        val invoice = client.invoices().create(
            NewInvoice(orderName = "Order 7", orderNumber = "7", currency = "BTC", amount = "0.00100000", description = "two books"),
        )
        val id = invoice.txnId!!
        assertEquals(Status.New, invoice.status)
        assertEquals(BigDecimal("0.00100000"), invoice.amount)
        assertTrue(invoice.expireAt!!.isAfter(Instant.now()))
        assertTrue(Duration.between(Instant.now(), invoice.expireAt).toHours() in 1..48)

        val before = client.invoices().get(id)
        assertEquals(id, before.invoice.txnId)
        assertEquals(Status.New, before.invoice.status)

        sandbox.post("/__mock/invoices/$id/pay")
        val after = client.invoices().get(id)
        assertEquals(Status.Completed, after.invoice.status)
        assertTrue(after.invoice.status!!.isPaid())
        assertEquals(BigDecimal("0.00100000"), after.invoice.receivedAmount)

        val op = client.operations().get(id)
        assertEquals(OperationType.Invoice, op.type)
        assertEquals(Status.Completed, op.status)
        assertEquals("7", op.params?.orderNumber)

        val fiat = client.invoices().create(NewInvoice(orderName = "Order 8", orderNumber = "8", sourceCurrency = "USD", sourceAmount = "15.00", currency = "LTC"))
        assertEquals("USD", fiat.sourceCurrency)
        assertTrue(fiat.amount!! > BigDecimal.ZERO, "the coin amount Plisio computed from 15.00 USD")
        val fiatOp = client.operations().get(fiat.txnId!!)
        assertEquals(BigDecimal("15.00"), fiatOp.params?.sourceAmount)
        assertEquals("USD", fiatOp.params?.sourceCurrency)
    }

    @Test
    fun `invoices set email and switch currency`() = runBlocking<Unit> {
        val inv = client.invoices().create(NewInvoice(orderName = "Order 9", orderNumber = "9", currency = "BTC", sourceCurrency = "USD", sourceAmount = "20.00"))
        val id = inv.txnId!!
        val withEmail = client.invoices().setEmail(id, "payer@example.com")
        assertEquals(id, withEmail.invoice.txnId)
        assertEquals("payer@example.com", client.operations().get(id).params?.email)

        val switched = client.invoices().switchCurrency(id, "LTC")
        val child = switched.invoice.txnId!!
        assertTrue(child != id, "switching creates a child invoice")
        assertEquals("LTC", switched.invoice.psysCid)
        assertEquals(Status.CancelledDuplicate, client.invoices().get(id).invoice.status)
        assertEquals(listOf("/api/v1/invoices/new", "/api/v1/invoices/email/$id", "/api/v1/operations/$id", "/api/v1/invoices/switch/$id"), paths().take(4))
    }

    @Test
    fun `withdrawals cash out, mass cash out (pairs and lists), then the operations`() = runBlocking<Unit> {
        val single = client.withdrawals().cashOut("BTC", btcAddress, BigDecimal("0.00100000"), FeePlan.Priority)
        assertEquals(OperationType.CashOut, single.type)
        assertEquals(BigDecimal("0.00100000"), single.amount)
        assertEquals(btcAddress, single.walletHash)
        assertEquals(FeePlan.Priority, single.params?.fee?.plan)
        assertTrue(single.createdAt!!.isAfter(Instant.now().minusSeconds(3600)))

        val mass = client.withdrawals().massCashOut("ETH", listOf(PayoutRequest(ethA, "0.1"), PayoutRequest(ethB, "0.2")))
        assertEquals(OperationType.MassCashOut, mass.type)
        assertEquals(listOf(ethA to BigDecimal("0.100000000000000000"), ethB to BigDecimal("0.200000000000000000")), mass.sendmany.map { it.to to it.amount })

        val lists = client.withdrawals().massCashOutLists("ETH", listOf(ethA, ethB), listOf("0.3", "0.4"))
        assertEquals(BigDecimal("0.700000000000000000"), lists.amount)

        val withdrawQueries = sandbox.requests().filter { it["path"].textValue() == "/api/v1/operations/withdraw" }.map { it["query"].textValue() }
        assertEquals(3, withdrawQueries.size)
        assertTrue(withdrawQueries[0].contains("type=cash_out") && withdrawQueries[0].contains("feePlan=priority"), withdrawQueries[0])
        assertTrue(withdrawQueries[1].contains("type=mass_cash_out"), withdrawQueries[1])

        val page = client.operations().list(OperationsQuery(limit = 2u))
        assertEquals(3uL, page.meta.totalCount)
        assertEquals(2, page.operations.size)
        assertEquals(2uL, page.meta.pageCount)
        assertEquals(2uL, page.nextPage)
        assertNotNull(page.links.next)
        assertTrue(!page.links.next!!.contains(sandbox.apiKey), "the key must be stripped from links")

        val cashOuts = client.operations().list(OperationsQuery(type = OperationType.CashOut, currency = "BTC"))
        assertEquals(listOf(single.id), cashOuts.operations.map { it.id })
        val detail = client.operations().get(single.id)
        assertEquals(single.id, detail.id)
        assertEquals(single.amount, detail.amount)
        assertNull(detail.sendmany.firstOrNull())
    }

    @Test
    fun `auto-pagination as flows over operations and deposits`() = runBlocking<Unit> {
        sandbox.post("/__mock/operations/seed", mapOf("count" to 25, "type" to "cash_in", "psys_cid" to "BTC"))
        val ops = client.operations().iterate(OperationsQuery(limit = 10u)).toList()
        assertEquals(25, ops.map { it.id }.toSet().size)
        assertTrue(ops.all { it.type == OperationType.CashIn && it.psysCid == "BTC" })
        val pages = sandbox.requests().filter { it["path"].textValue() == "/api/v1/operations" }.map { it["query"].textValue() }
        assertEquals(3, pages.size, "three pages of 10: $pages")
        assertTrue(pages[2].contains("page=3"), pages[2])

        for (i in 0 until 5) client.deposits().create("flow-$i", listOf("BTC"))
        val deposits = client.deposits().iterate(DepositsQuery(limit = 2u)).toList()
        assertEquals((0 until 5).map { "flow-$it" }.toSet(), deposits.map { it.uid }.toSet())

        // Each collection starts over; an API error ends the flow with the exception.
        assertEquals(25, client.operations().iterate(OperationsQuery(limit = 100u)).toList().size)
        sandbox.fault("status", "code" to 401)
        assertFailsWith<PlisioException.Authentication> { client.operations().iterate().toList() }
    }

    @Test
    fun `open sets keep unknown values and print their wire value`() {
        assertEquals(Status.PendingInternal, statusOf("pending internal"))
        assertEquals("pending internal", Status.PendingInternal.toString())
        assertEquals(Status.Other("_111"), statusOf("_111"))
        assertEquals(false, statusOf("_111").isKnown())
        assertEquals("cancelled duplicate", statusOf("cancelled duplicate").asStr())
        assertEquals(true, Status.Mismatch.isPaid())
        assertEquals(false, Status.Pending.isFinal())
        assertEquals(OperationType.MassCashOut, operationTypeOf("mass_cash_out"))
        assertEquals(FeePlan.Other("turbo"), feePlanOf("turbo"))
    }

    @Test
    fun `client configuration and version`() {
        assertEquals("${sandbox.apiUrl}/", client.baseUrl())
        assertTrue(Regex("""\d+\.\d+\.\d+.*""").matches(coreVersion()))
        // Building a client sends nothing: the default base URL is only stored.
        PlisioClient("sk_live_example").use { assertEquals("https://api.plisio.net/api/v1/", it.baseUrl()) }
    }
}
