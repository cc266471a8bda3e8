package io.plisio.sdk

import com.fasterxml.jackson.databind.JsonNode
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.TestInstance
import kotlin.test.assertEquals
import kotlin.test.assertFalse
import kotlin.test.assertTrue
import kotlin.test.fail

/** The shared vectors of tests/conformance/, one dynamic test per case. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceTest {
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

    private fun cases(file: String): List<JsonNode> = conformance(file)["cases"].toList()

    @TestFactory
    fun callbacks(): List<DynamicTest> = cases("callbacks.json").map { case ->
        DynamicTest.dynamicTest("callbacks: ${case["name"].textValue()}") {
            val name = case["name"].textValue()
            val body = case["body"].textValue().toByteArray(Charsets.UTF_8)
            val secret = case["secret"].textValue()
            val contentType = case["content_type"]?.takeIf { it.isTextual }?.textValue()
            val expect = case["expect"]
            if (expect["valid"].booleanValue()) {
                val event = try {
                    verifyCallback(body, secret, contentType)
                } catch (e: PlisioException) {
                    fail("$name: expected a valid callback, got ${e.code()}: ${e.message}")
                }
                val v = view(event)
                val checks = expect["event"].properties()
                assertTrue(checks.isNotEmpty(), "$name: the vector checks no field")
                for ((path, want) in checks) {
                    val got = lookup(v, path)
                    assertTrue(same(want, got), "$name: $path: expected $want, got $got")
                }
            } else {
                val e = runCatching { verifyCallback(body, secret, contentType) }.exceptionOrNull()
                if (e !is PlisioException.Signature) fail("$name: expected a signature failure, got ${e ?: "a valid event"}")
                assertEquals(expect["reason"].textValue(), e.reason.toString(), name)
                assertEquals("signature", e.code(), name)
            }
        }
    }

    @Test
    fun `the callback file has at least 20 cases`() {
        assertTrue(cases("callbacks.json").size >= 20)
    }

    @TestFactory
    fun decoding(): List<DynamicTest> = cases("decoding.json").map { case ->
        DynamicTest.dynamicTest("decoding: ${case["name"].textValue()}") {
            val name = case["name"].textValue()
            sandbox.clearRequests()
            sandbox.fault("status", "code" to case["status"].intValue(), "body" to case["body"].textValue())
            val result = runBlocking { call(client, case["call"].textValue(), case["args"]) }
            val v = view(result)
            val checks = case["expect"].properties()
            assertTrue(checks.isNotEmpty(), "$name: the vector checks nothing")
            for ((path, want) in checks) {
                val got = lookup(v, path)
                assertTrue(same(want, got), "$name: $path: expected $want, got $got")
            }
            val printed = result.toString()
            for (absent in case["absent_text"]?.toList().orEmpty()) {
                assertFalse(printed.contains(absent.textValue()), "$name: ${absent.textValue()} leaked into the result")
            }
            assertEquals(1, sandbox.requests().size, "$name: exactly one request")
        }
    }

    @TestFactory
    fun validation(): List<DynamicTest> = cases("validation.json").map { case ->
        DynamicTest.dynamicTest("validation: ${case["name"].textValue()}") {
            val name = case["name"].textValue()
            sandbox.clearRequests()
            val e = runCatching { runBlocking { call(client, case["call"].textValue(), case["args"]) } }.exceptionOrNull()
            if (e !is PlisioException.InvalidInput) fail("$name: expected InvalidInput, got ${e ?: "a result"}")
            assertEquals(case["field"].textValue(), e.field, "$name: ${e.reason}")
            assertTrue(e.reason.isNotEmpty(), name)
            assertEquals("invalid_input", e.code())
            assertTrue(sandbox.requests().isEmpty(), "$name: a request was sent")
        }
    }

    @TestFactory
    fun errors(): List<DynamicTest> = cases("errors.json").map { case ->
        DynamicTest.dynamicTest("errors: ${case["name"].textValue()}") {
            val name = case["name"].textValue()
            val body = case["body"].textValue().replace("__API_KEY__", sandbox.apiKey)
            sandbox.clearRequests()
            sandbox.fault("status", "code" to case["status"].intValue(), "body" to body)
            val e = runCatching { runBlocking { call(client, case["call"].textValue(), case["args"]) } }.exceptionOrNull()
            if (e !is PlisioException) fail("$name: expected a PlisioException, got ${e ?: "a result"}")
            val expect = case["expect"]
            assertEquals(expect["code"].textValue(), e.code(), "$name: ${e.message}")
            expect["plisio_code"]?.let { assertEquals(it.longValue(), e.plisioCode(), name) }
            expect["http_status"]?.let { assertEquals(it.intValue(), e.httpStatus()?.toInt(), name) }
            expect["field_errors"]?.let { want ->
                val fieldErrors = when (e) {
                    is PlisioException.Api -> e.fieldErrors
                    is PlisioException.Authentication -> e.fieldErrors
                    is PlisioException.NotFound -> e.fieldErrors
                    else -> fail("$name: ${e.code()} carries no field errors")
                }
                assertTrue(same(want, view(fieldErrors)), "$name: field errors $fieldErrors, expected $want")
            }
            val printed = "${e.message} $e"
            assertFalse(printed.contains(sandbox.apiKey), "$name: the key leaked: $printed")
            for (absent in case["message_absent"]?.toList().orEmpty()) {
                assertFalse(printed.contains(absent.textValue()), "$name: ${absent.textValue()} in $printed")
            }
            val sent = sandbox.requests().size
            assertEquals(1, sent, "$name: exactly one request (no retry of a definite answer or of a withdrawal), saw $sent")
        }
    }
}
