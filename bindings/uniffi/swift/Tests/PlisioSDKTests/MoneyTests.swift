// Amounts are exact `Decimal`s end to end (18 decimals, never a Double).

import Foundation
import PlisioSDK
import XCTest

final class MoneyTests: SandboxTestCase {
    let ethA = "0x52908400098527886E0F7030069857D2E4169EE7"
    let ethB = "0x8617E340B3D01FA5F11F306F4090FD50E238070D"

    func testAnEighteenDecimalBalanceIsExact() async throws {
        try sandbox.control("POST", "/__mock/state/balances", ["ETH": "1.000000000000000001"])
        let balance = try await client.balances().get(currency: "ETH").balance
        XCTAssertEqual(balance, Decimal(string: "1.000000000000000001"))
        XCTAssertNotEqual(balance, Decimal(1))
        XCTAssertEqual(NSDecimalNumber(decimal: balance).stringValue, "1.000000000000000001")
    }

    func testAnEighteenDecimalWithdrawalIsSentAndDebitedExactly() async throws {
        let w = try await client.withdrawals().massCashOut(currency: "ETH", payouts: [
            PayoutRequest(to: ethA, amount: Decimal(string: "0.017948510338824132")!),
            PayoutRequest(to: ethB, amount: Decimal(string: "0.000000000000000001")!),
        ])
        XCTAssertEqual(w.amount, Decimal(string: "0.017948510338824133"))
        XCTAssertEqual(w.sendmany[1].amount, Decimal(string: "0.000000000000000001"))
        let query = try sandbox.requests()[0].str("query")
        XCTAssertTrue(query.contains("amount=0.017948510338824132%2C0.000000000000000001"), query)
        let expected = Decimal(25) - (w.amount ?? 0) - (w.fee ?? 0)
        let balance = try await client.balances().get(currency: "ETH").balance
        XCTAssertEqual(balance, expected)
    }

    func testDecimalInputsAreSentAsPlainText() async throws {
        let w = try await client.withdrawals().cashOut(currency: "BTC", to: "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", amount: Decimal(string: "1E-8")!)
        XCTAssertEqual(w.amount, Decimal(string: "0.00000001"))
        XCTAssertTrue(try sandbox.requests()[0].str("query").contains("amount=0.00000001"))
    }
}
