// Callbacks in both modes: the sandbox signs and sends them (its simulation result carries the exact
// body and Content-Type it POSTed), and the SDK verifies those bytes.

import Foundation
import PlisioSDK
import XCTest

final class CallbacksTests: SandboxTestCase {
    /// Nothing listens on the discard port: delivery fails, the signed body is still reported.
    let sink = "http://127.0.0.1:9/plisio"

    private func delivered(_ result: JSONValue) throws -> (Data, String) {
        let callback = try XCTUnwrap(result["callback"])
        return (Data(callback.str("body").utf8), callback.str("content_type"))
    }

    func testJsonModeInvoiceCallback() async throws {
        let inv = try await client.invoices().create(invoice: NewInvoice(orderName: "Book", orderNumber: "cb-1", currency: "BTC", amount: "0.0015", callbackUrl: sink + "?json=true"))
        let result = try sandbox.control("POST", "/__mock/invoices/\(inv.txnId!)/pay", [:])
        let (body, contentType) = try delivered(result)
        XCTAssertTrue(contentType.hasPrefix("application/json"), contentType)
        let event = try verifyCallback(body: body, secret: sandbox.apiKey, contentType: contentType)
        XCTAssertEqual(event.format, .json)
        XCTAssertEqual(event.ipnType, .invoice)
        XCTAssertEqual(event.txnId, inv.txnId)
        XCTAssertEqual(event.status, .completed)
        XCTAssertEqual(event.amount, Decimal(string: "0.0015"))
        XCTAssertEqual(event.orderNumber, "cb-1")
    }

    func testFormModeCallbacksAndAReusableVerifier() async throws {
        let inv = try await client.invoices().create(invoice: NewInvoice(orderName: "Lamp", orderNumber: "cb-2", currency: "LTC", amount: "0.5", callbackUrl: sink))
        let paid = try sandbox.control("POST", "/__mock/invoices/\(inv.txnId!)/pay", ["status": "mismatch"])
        let (multipart, multipartType) = try delivered(paid)
        XCTAssertTrue(multipartType.hasPrefix("multipart/form-data"), multipartType)
        let verifier = try CallbackVerifier(secret: sandbox.apiKey)
        let e1 = try verifier.verify(body: multipart, contentType: multipartType)
        XCTAssertEqual(e1.format, .multipart)
        XCTAssertEqual(e1.status, .mismatch)
        XCTAssertTrue(e1.status?.isPaid() == true)

        _ = try await client.deposits().create(uid: "user-7", currencies: ["USDT_TRX"])
        let payIn = try sandbox.control("POST", "/__mock/deposits/pay_in", ["uid": "user-7", "psys_cid": "USDT_TRX", "amount": "2", "callback_url": sink, "format": "urlencoded"])
        let (form, formType) = try delivered(payIn)
        let e2 = try verifier.verify(body: form, contentType: formType)
        XCTAssertEqual(e2.format, .urlEncoded)
        XCTAssertEqual(e2.ipnType, .payIn)
        XCTAssertEqual(e2.depositUid, "user-7")
        XCTAssertEqual(e2.amount, Decimal(2))
    }

    func testTamperedOrWrongSecretIsRefused() async throws {
        let inv = try await client.invoices().create(invoice: NewInvoice(orderName: "x", orderNumber: "cb-3", currency: "BTC", amount: "0.001", callbackUrl: sink + "?json=true"))
        let (body, contentType) = try delivered(try sandbox.control("POST", "/__mock/invoices/\(inv.txnId!)/pay", [:]))
        let tampered = Data(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\"completed\"", with: "\"cancelled\"").utf8)
        XCTAssertNotEqual(tampered, body)
        for (b, key) in [(tampered, sandbox.apiKey), (body, "another_secret")] {
            XCTAssertThrowsError(try verifyCallback(body: b, secret: key, contentType: contentType)) { error in
                guard case let PlisioError.Signature(reason, _) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(reason, .mismatch)
            }
        }
        XCTAssertThrowsError(try CallbackVerifier(secret: ""))
    }

    func testThePublishedVector() throws {
        let c = try XCTUnwrap(conformance("callbacks.json")["cases"]?.array.first { $0.str("name").hasPrefix("published vector (plisio-api.md 5.4)") })
        let event = try verifyCallback(body: Data(c.str("body").utf8), secret: c.str("secret"), contentType: "application/json")
        XCTAssertEqual(event.txnId, "61b19fd3f609ba61f4282547")
        XCTAssertEqual(event.verifyHash, "6c53ff3472d694bfa13851ef266ec67389d25e2f")
        XCTAssertEqual(event.amount, Decimal(string: "15.3"))
        XCTAssertEqual(event.status, .completed)
    }
}
