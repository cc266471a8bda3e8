package io.plisio.sdk

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertNotNull
import kotlin.test.assertTrue

/** The native library ships inside the jar, where JNA looks for it; nothing else is needed. */
class PackagingTest {
    @Test
    fun `the native library is a classpath resource in the JNA layout`() {
        val path = System.getProperty("plisio.native.file") ?: "linux-x86-64/libplisio_uniffi.so"
        val url = assertNotNull(javaClass.classLoader.getResource(path), "$path is not on the classpath")
        assertTrue(url.toString().contains("/target/classes/"), "loaded from $url")
        assertEquals(com.sun.jna.Platform.RESOURCE_PREFIX, path.substringBefore('/'))
    }

    @Test
    fun `the library loads from the classpath and answers`() {
        assertTrue(System.getProperty("jna.library.path").isNullOrEmpty(), "tests must not rely on jna.library.path")
        assertEquals(
            listOf(
                "api_error", "authentication", "not_found", "rate_limited", "invalid_input", "configuration", "timeout", "connection", "decode",
                "signature", "internal", "outcome_unknown",
            ),
            errorCodes(),
        )
        assertTrue(coreVersion().isNotEmpty())
    }
}
