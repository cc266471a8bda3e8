// Every error kind, provoked for real, as `PlisioError` cases (same cases as the Kotlin suite).

import Foundation
import PlisioSDK
import XCTest

final class ErrorsTests: SandboxTestCase {
    let btcAddress = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"

    func testApiError() async throws {
        let e = await expectError("api_error") { try await self.client.balances().get(currency: "BTCX") }
        guard case let .Api(httpStatus, plisioCode, _, _, fieldErrors, _)? = e else { return XCTFail("\(String(describing: e))") }
        XCTAssertEqual(httpStatus, 422)
        XCTAssertEqual(plisioCode, 105)
        XCTAssertEqual(fieldErrors["currency"], ["BTCX"])
        XCTAssertEqual(e?.isRetryable(), false)
    }

    func testAuthenticationNotFoundRateLimited() async throws {
        let wrong = try sandbox.client(apiKey: "sk_wrong_key")
        let auth = await expectError("authentication") { try await wrong.shop().get() }
        XCTAssertEqual(auth?.plisioCode(), 401)
        let missing = await expectError("not_found") { try await self.client.operations().get(id: "6b028c916d6f636b0000ffff") }
        XCTAssertEqual(missing?.httpStatus(), 404)
        let noRetry = try sandbox.client(maxRetries: 0)
        try sandbox.fault(["kind": "rate_limit", "retry_after_secs": 7])
        let limited = await expectError("rate_limited") { try await noRetry.shop().get() }
        guard case let .RateLimited(retryAfterMs, _, _)? = limited else { return XCTFail("\(String(describing: limited))") }
        XCTAssertEqual(retryAfterMs, 7000)
        XCTAssertEqual(limited?.isRetryable(), true)
    }

    func testInvalidInputNeverReachesTheNetwork() async throws {
        for bad in ["", "0", "-1", "1e-3", "0,1", "abc", "0.0000000000000000001", "123456789012345678901234567890"] {
            let e = await expectError("invalid_input") { try await self.client.withdrawals().cashOut(currency: "BTC", to: "bc1qaddr", amount: bad) }
            guard case let .InvalidInput(field, _, _)? = e else { return XCTFail("\(bad): \(String(describing: e))") }
            XCTAssertEqual(field, "amount", bad)
        }
        let mass = await expectError("invalid_input") {
            try await self.client.withdrawals().massCashOut(currency: "BTC", payouts: [PayoutRequest(to: "bc1qa", amount: "0.1"), PayoutRequest(to: "bc1qb", amount: "1.2.3")])
        }
        guard case let .InvalidInput(field, _, _)? = mass else { return XCTFail("\(String(describing: mass))") }
        XCTAssertEqual(field, "payouts[1].amount")
        XCTAssertTrue(try sandbox.requests().isEmpty)
    }

    func testConfigurationTimeoutConnectionDecode() async throws {
        _ = await expectError("configuration") { try PlisioClient(options: ClientOptions(apiKey: "sk_x", baseUrl: "http://plisio.example/api/v1")) }
        _ = await expectError("configuration") { try PlisioClient(options: ClientOptions(apiKey: " ")) }

        let slow = try sandbox.client(timeoutMs: 300, maxRetries: 0)
        try sandbox.fault(["kind": "delay", "ms": 3000])
        let timeout = await expectError("timeout") { try await slow.shop().get() }
        guard case let .Timeout(endpoint, attempts, _)? = timeout else { return XCTFail("\(String(describing: timeout))") }
        XCTAssertEqual(endpoint, "shops")
        XCTAssertEqual(attempts, 1)

        // Port 9 (discard) on loopback: nothing listens there on a test machine.
        let dead = try PlisioClient(options: ClientOptions(apiKey: sandbox.apiKey, baseUrl: "http://127.0.0.1:9/api/v1", maxRetries: 0))
        _ = await expectError("connection") { try await dead.balances().get(currency: "BTC") }

        let noRetry = try sandbox.client(maxRetries: 0)
        try sandbox.fault(["kind": "invalid_json"])
        let decode = await expectError("decode") { try await noRetry.currencies().list() }
        XCTAssertEqual(decode?.httpStatus(), 200)
    }

    func testSignatureAndOutcomeUnknown() async throws {
        let sig = await expectError("signature") { try verifyCallback(body: Data("{\"txn_id\":\"1\",\"verify_hash\":\"00\"}".utf8), secret: "secret") }
        guard case let .Signature(reason, _)? = sig else { return XCTFail("\(String(describing: sig))") }
        XCTAssertEqual(reason, .mismatch)
        XCTAssertEqual(reason.description, "mismatch")

        let slow = try sandbox.client(timeoutMs: 300, maxRetries: 3)
        try sandbox.fault(["kind": "delay", "ms": 2000, "path": "operations/withdraw"])
        let unknown = await expectError("outcome_unknown") { try await slow.withdrawals().cashOut(currency: "BTC", to: self.btcAddress, amount: "0.001") }
        XCTAssertEqual(unknown?.isRetryable(), false)
        let withdraws = try sandbox.requests().filter { $0.str("path") == "/api/v1/operations/withdraw" }
        XCTAssertEqual(withdraws.count, 1, "a withdrawal is never retried")
    }

    func testEveryErrorCodeIsKnown() {
        XCTAssertEqual(errorCodes(), [
            "api_error", "authentication", "not_found", "rate_limited", "invalid_input", "configuration", "timeout", "connection", "decode",
            "signature", "internal", "outcome_unknown",
        ])
    }
}
