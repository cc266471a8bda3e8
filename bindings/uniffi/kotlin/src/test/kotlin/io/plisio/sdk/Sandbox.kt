package io.plisio.sdk

import com.fasterxml.jackson.databind.DeserializationFeature
import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature
import com.fasterxml.jackson.databind.json.JsonMapper
import java.io.BufferedReader
import java.io.File
import java.io.InputStreamReader
import java.net.HttpURLConnection
import java.net.URI
import java.util.concurrent.ArrayBlockingQueue
import java.util.concurrent.TimeUnit

/** JSON for tests: exact decimals (never doubles), exact integers. */
val JSON: ObjectMapper = JsonMapper.builder()
    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
    .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
    .build()

/** The shared vectors of tests/conformance (the same files the Rust, Python and Node suites run). */
fun conformance(name: String): JsonNode {
    val dir = System.getProperty("plisio.conformance.dir") ?: error("system property plisio.conformance.dir is not set (run through Maven)")
    return JSON.readTree(File(dir, name))
}

/**
 * The real `plisio-mock` binary, started for a test class: reads its first stdout line
 * `PLISIO_MOCK_LISTENING http://127.0.0.1:<port>` and talks to its `/__mock/` controls.
 */
class Sandbox private constructor(private val process: Process, val root: String) : AutoCloseable {
    val apiKey = "sk_test_plisio_mock"
    val apiUrl = "$root/api/v1"

    /** A client of this sandbox (short backoff-free settings so failures stay fast). */
    fun client(timeoutMs: Long = 10_000, maxRetries: Int = 2, apiKey: String = this.apiKey): PlisioClient =
        PlisioClient(
            ClientOptions(
                apiKey = apiKey,
                baseUrl = apiUrl,
                timeoutMs = timeoutMs.toULong(),
                maxRetries = maxRetries.toUInt(),
                binding = "kotlin",
                runtime = "jvm/" + Runtime.version().feature(),
            ),
        )

    fun get(path: String): JsonNode = send("GET", path, null)

    fun post(path: String, body: Any = emptyMap<String, Any>()): JsonNode =
        send("POST", path, if (body is String) body else JSON.writeValueAsString(body))

    fun delete(path: String): JsonNode = send("DELETE", path, null)

    /** One control request on a fresh connection (no keep-alive races with the sandbox). */
    private fun send(method: String, path: String, body: String?): JsonNode {
        val conn = URI("$root$path").toURL().openConnection() as HttpURLConnection
        try {
            conn.requestMethod = method
            conn.connectTimeout = 5_000
            conn.readTimeout = 30_000
            conn.setRequestProperty("Connection", "close")
            if (body != null) {
                conn.doOutput = true
                conn.setRequestProperty("Content-Type", "application/json")
                conn.outputStream.use { it.write(body.toByteArray(Charsets.UTF_8)) }
            }
            val status = conn.responseCode
            val text = (if (status in 200..299) conn.inputStream else conn.errorStream)?.use { String(it.readAllBytes(), Charsets.UTF_8) }.orEmpty()
            check(status in 200..299) { "sandbox control $method $path answered $status: $text" }
            return JSON.readTree(text)
        } finally {
            conn.disconnect()
        }
    }

    /** Queue a fault for the next API request(s). */
    fun fault(kind: String, vararg fields: Pair<String, Any?>): JsonNode = post("/__mock/faults", mapOf("kind" to kind, *fields))

    /** The API requests the sandbox received (the request log), oldest first. */
    fun requests(): List<JsonNode> = get("/__mock/requests").also { check(it.isArray) { "request log: $it" } }.toList()

    fun clearRequests() {
        delete("/__mock/requests")
    }

    fun reset() {
        post("/__mock/reset")
        delete("/__mock/faults")
        clearRequests()
    }

    override fun close() {
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly()
    }

    companion object {
        fun start(vararg args: String): Sandbox {
            val bin = System.getProperty("plisio.mock.bin") ?: error("system property plisio.mock.bin is not set (run through Maven)")
            check(File(bin).canExecute()) { "$bin is missing: build it with `cargo build -p plisio-mock`" }
            val log = File("target/plisio-mock.log")
            val process = ProcessBuilder(listOf(bin, "--port", "0") + args)
                .redirectError(ProcessBuilder.Redirect.appendTo(log))
                .start()
            val firstLine = ArrayBlockingQueue<String>(1)
            val reader = BufferedReader(InputStreamReader(process.inputStream, Charsets.UTF_8))
            Thread {
                // Hand over the first line, then keep draining stdout so the pipe never fills.
                reader.readLine()?.let { firstLine.offer(it) }
                while (reader.readLine() != null) Unit
            }.apply { isDaemon = true }.start()
            val line = firstLine.poll(30, TimeUnit.SECONDS)
            if (line == null) {
                process.destroyForcibly()
                error("plisio-mock did not announce itself within 30 s (see ${log.absolutePath})")
            }
            val prefix = "PLISIO_MOCK_LISTENING "
            check(line.startsWith(prefix)) { "unexpected first line from plisio-mock: $line" }
            val root = line.removePrefix(prefix).trim()
            check(root.startsWith("http://127.0.0.1:")) { "the sandbox must listen on loopback, got $root" }
            return Sandbox(process, root)
        }
    }
}
