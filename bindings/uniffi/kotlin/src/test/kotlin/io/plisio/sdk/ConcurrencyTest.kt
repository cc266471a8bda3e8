package io.plisio.sdk

import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.TimeoutCancellationException
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import java.math.BigDecimal
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import kotlin.test.fail

/** One client shared by many coroutines at once; cancellation leaves it usable. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyTest {
    private lateinit var sandbox: Sandbox
    private lateinit var client: PlisioClient

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
    fun `200 concurrent calls from 100 coroutines on a thread pool`() = runBlocking<Unit> {
        val results = (0 until 100).map { i ->
            async(Dispatchers.Default) {
                val balance = client.balances().get(if (i % 2 == 0) "BTC" else "ETH")
                val deposit = client.deposits().create("user-$i", listOf("BTC")).single()
                Triple(i, balance, deposit)
            }
        }.awaitAll()
        for ((i, balance, deposit) in results) {
            assertEquals(if (i % 2 == 0) BigDecimal("1.50000000") else BigDecimal("25.000000000000000000"), balance.balance)
            assertEquals("user-$i", deposit.uid)
        }
        assertEquals(100, results.map { it.third.hash }.toSet().size, "every user gets a distinct address")
        assertEquals(200, sandbox.requests().size)
    }

    @Test
    fun `concurrent withdrawals each debit once`() = runBlocking<Unit> {
        val ops = (0 until 20).map {
            async(Dispatchers.IO) { client.withdrawals().cashOut("BTC", "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", "0.01") }
        }.awaitAll()
        assertEquals(20, ops.map { it.id }.toSet().size)
        val spent = ops.fold(BigDecimal.ZERO) { acc, op -> acc + op.amount!! + op.fee!! }
        assertEquals(BigDecimal("1.50000000") - spent, client.balances().get("BTC").balance)
        assertEquals(20uL, client.operations().list(OperationsQuery(type = OperationType.CashOut)).meta.totalCount)
    }

    @Test
    fun `a cancelled call does not break the client`() = runBlocking<Unit> {
        sandbox.fault("delay", "ms" to 3000)
        try {
            withTimeout(300) { client.shop().get() }
            fail("the call should have been cancelled")
        } catch (_: TimeoutCancellationException) {
        }
        val shop = client.shop().get()
        assertTrue(shop.name!!.isNotEmpty())
    }
}
