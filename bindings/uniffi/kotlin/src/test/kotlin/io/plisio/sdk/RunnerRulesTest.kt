package io.plisio.sdk

import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.math.BigDecimal
import java.time.Instant
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue

/** The conformance runner's own rules reject wrong values (so a passing vector means something). */
class RunnerRulesTest {
    private fun j(text: String) = JSON.readTree(text)

    @Test
    fun `amounts compare as exact text, scale included`() {
        assertTrue(same(j("\"0.00200000\""), BigDecimal("0.00200000")))
        assertFalse(same(j("\"0.00200000\""), BigDecimal("0.002")))
        assertFalse(same(j("\"0.002\""), BigDecimal("0.00200000")))
    }

    @Test
    fun `timestamps compare as unix seconds`() {
        assertTrue(same(j("1591707445"), Instant.ofEpochSecond(1591707445)))
        assertFalse(same(j("1591707445"), Instant.ofEpochSecond(1591707446)))
        assertFalse(same(j("1591707445"), Instant.ofEpochMilli(1591707445001)))
    }

    @Test
    fun `null, lists, objects and numbers`() {
        assertTrue(same(j("null"), null))
        assertFalse(same(j("null"), "x"))
        assertTrue(same(j("[\"a\",\"b\"]"), listOf("a", "b")))
        assertFalse(same(j("[\"a\"]"), listOf("a", "b")))
        assertTrue(same(j("{\"x\":1}"), mapOf("x" to 1L)))
        assertFalse(same(j("{\"x\":1}"), mapOf("x" to 1L, "y" to 2L)))
        assertFalse(same(j("3"), 4L))
        assertFalse(same(j("true"), false))
    }

    @Test
    fun `paths map to the records' fields and fail on unknown fields`() {
        val page = view(
            OperationsPage(
                operations = emptyList(),
                meta = PageMeta(totalCount = 156uL, pageCount = 16uL, currentPage = 1uL, perPage = 10uL),
                links = PageLinks(selfLink = "https://s", first = null, prev = null, next = "https://n", last = null),
                nextPage = 2uL,
            ),
        )
        assertEquals(156L, lookup(page, "meta.total_count"))
        assertEquals("https://s", lookup(page, "links.self"))
        assertEquals(2L, lookup(page, "next_page"))
        assertThrows<AssertionError> { lookup(page, "meta.totalCount") }
        assertEquals(null, lookup(page, "operations.0.id"))
    }
}
