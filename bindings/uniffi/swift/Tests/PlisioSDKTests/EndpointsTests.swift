// Every endpoint as an async function against the stateful sandbox (same cases as the Kotlin suite).

import Foundation
import PlisioSDK
import XCTest

final class EndpointsTests: SandboxTestCase {
    let btcAddress = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"
    let ethA = "0x52908400098527886E0F7030069857D2E4169EE7"
    let ethB = "0x8617E340B3D01FA5F11F306F4090FD50E238070D"

    private func paths() throws -> [String] {
        try sandbox.requests().map { $0.str("path") }
    }

    func testShopGet() async throws {
        let shop = try await client.shop().get()
        XCTAssertEqual(shop.whiteLabel, true)
        XCTAssertNotNil(shop.id)
        XCTAssertEqual(try JSONValue.parse(shop.raw)["id"]?.string, shop.id)
        XCTAssertEqual(try paths(), ["/api/v1/shops"])
    }

    func testBalancesGet() async throws {
        let btc = try await client.balances().get(currency: "BTC")
        XCTAssertEqual(btc.psysCid, "BTC")
        XCTAssertEqual(btc.balance, Decimal(string: "1.5"))
        let eth = try await client.balances().get(currency: "ETH")
        XCTAssertEqual(eth.balance, Decimal(25))
        XCTAssertEqual(try paths(), ["/api/v1/balances/BTC", "/api/v1/balances/ETH"])
    }

    func testCurrenciesList() async throws {
        let usd = try await client.currencies().list()
        let btc = try XCTUnwrap(usd.first { $0.cid == "BTC" })
        XCTAssertEqual(btc.fiat, "USD")
        XCTAssertGreaterThan(btc.fiatRate ?? 0, 0)
        let eur = try await client.currencies().list(fiat: "EUR")
        XCTAssertEqual(usd.map(\.cid), eur.map(\.cid))
        XCTAssertTrue(eur.allSatisfy { $0.fiat == "EUR" })
    }

    func testFees() async throws {
        let plans = try await client.fees().plans(currency: "BTC")
        XCTAssertNotNil(plans.plans["normal"]?.value)
        let estimate = try await client.fees().estimate(
            currency: "BTC", payouts: [PayoutRequest(to: btcAddress, amount: Decimal(string: "0.01")!)], feePlan: .normal
        )
        XCTAssertEqual(estimate.plan, .normal)
        XCTAssertGreaterThan(estimate.fee, 0)
        let commission = try await client.fees().commission(
            currency: "ETH", payouts: [PayoutRequest(to: ethA, amount: "0.5")], type: .cashOut, feePlan: .priority
        )
        XCTAssertEqual(commission.plan, .priority)
        XCTAssertFalse(commission.plans.isEmpty)
        XCTAssertEqual(try paths(), ["/api/v1/operations/fee-plan/BTC", "/api/v1/operations/fee/BTC", "/api/v1/operations/commission/ETH"])
    }

    func testDeposits() async throws {
        let one = try await client.deposits().create(uid: "user-42", currencies: ["BTC"])
        XCTAssertEqual(one.count, 1)
        XCTAssertEqual(one[0].uid, "user-42")
        let several = try await client.deposits().create(uid: "user-42", currencies: ["BTC", "ETH"])
        XCTAssertEqual(several.map(\.psysCid), ["BTC", "ETH"])
        XCTAssertEqual(several[0].hash, one[0].hash)
        let page = try await client.deposits().list(query: DepositsQuery(uid: "user-42", limit: 10))
        XCTAssertEqual(Set(page.deposits.map(\.psysCid)), ["BTC", "ETH"])
        XCTAssertEqual(page.limit, 10)
        XCTAssertFalse(page.hasMore)
    }

    func testInvoices() async throws {
        let invoice = try await client.invoices().create(invoice: NewInvoice(orderName: "Order 7", orderNumber: "7", currency: "BTC", amount: "0.00100000"))
        let id = try XCTUnwrap(invoice.txnId)
        XCTAssertEqual(invoice.status, .new)
        XCTAssertEqual(invoice.amount, Decimal(string: "0.001"))
        XCTAssertGreaterThan(try XCTUnwrap(invoice.expireAt), Date())
        let before = try await client.invoices().get(id: id)
        XCTAssertEqual(before.invoice.status, .new)
        try sandbox.control("POST", "/__mock/invoices/\(id)/pay", [:])
        let paid = try await client.invoices().get(id: id)
        XCTAssertEqual(paid.invoice.status, .completed)
        XCTAssertTrue(paid.invoice.status?.isPaid() == true)
        let op = try await client.operations().get(id: id)
        XCTAssertEqual(op.type, .invoice)
        XCTAssertEqual(op.params?.orderNumber, "7")
    }

    func testInvoiceSetEmailAndSwitchCurrency() async throws {
        let inv = try await client.invoices().create(invoice: NewInvoice(orderName: "Order 9", orderNumber: "9", currency: "BTC", sourceCurrency: "USD", sourceAmount: "20.00"))
        let id = try XCTUnwrap(inv.txnId)
        let withEmail = try await client.invoices().setEmail(id: id, email: "payer@example.com")
        XCTAssertEqual(withEmail.invoice.txnId, id)
        let switched = try await client.invoices().switchCurrency(id: id, currency: "LTC")
        XCTAssertNotEqual(switched.invoice.txnId, id)
        XCTAssertEqual(switched.invoice.psysCid, "LTC")
        let parent = try await client.invoices().get(id: id)
        XCTAssertEqual(parent.invoice.status, .cancelledDuplicate)
    }

    func testWithdrawalsAndOperations() async throws {
        let single = try await client.withdrawals().cashOut(currency: "BTC", to: btcAddress, amount: Decimal(string: "0.001")!, feePlan: .priority)
        XCTAssertEqual(single.type, .cashOut)
        XCTAssertEqual(single.amount, Decimal(string: "0.001"))
        XCTAssertEqual(single.params?.fee?.plan, .priority)
        let mass = try await client.withdrawals().massCashOut(currency: "ETH", payouts: [PayoutRequest(to: ethA, amount: "0.1"), PayoutRequest(to: ethB, amount: "0.2")])
        XCTAssertEqual(mass.type, .massCashOut)
        XCTAssertEqual(mass.sendmany.map(\.to), [ethA, ethB])
        XCTAssertEqual(mass.sendmany.map(\.amount), [Decimal(string: "0.1")!, Decimal(string: "0.2")!])
        let lists = try await client.withdrawals().massCashOutLists(currency: "ETH", to: [ethA, ethB], amounts: ["0.3", "0.4"])
        XCTAssertEqual(lists.amount, Decimal(string: "0.7"))

        let page = try await client.operations().list(query: OperationsQuery(limit: 2))
        XCTAssertEqual(page.meta.totalCount, 3)
        XCTAssertEqual(page.operations.count, 2)
        XCTAssertEqual(page.nextPage, 2)
        XCTAssertFalse(page.links.next?.contains(sandbox.apiKey) ?? true)
        let cashOuts = try await client.operations().list(query: OperationsQuery(type: .cashOut, currency: "BTC"))
        XCTAssertEqual(cashOuts.operations.map(\.id), [single.id])
        let detail = try await client.operations().get(id: single.id)
        XCTAssertEqual(detail.amount, single.amount)
    }

    func testAutoPaginationAsAsyncSequences() async throws {
        try sandbox.control("POST", "/__mock/operations/seed", ["count": 25, "type": "cash_in", "psys_cid": "BTC"])
        var ids = Set<String>()
        for try await op in client.operations().iterate(query: OperationsQuery(limit: 10)) {
            XCTAssertEqual(op.type, .cashIn)
            ids.insert(op.id)
        }
        XCTAssertEqual(ids.count, 25)
        XCTAssertEqual(try sandbox.requests().filter { $0.str("path") == "/api/v1/operations" }.count, 3)
        for i in 0..<5 { _ = try await client.deposits().create(uid: "flow-\(i)", currencies: ["BTC"]) }
        var uids = Set<String>()
        for try await d in client.deposits().iterate(query: DepositsQuery(limit: 2)) { uids.insert(d.uid) }
        XCTAssertEqual(uids, Set((0..<5).map { "flow-\($0)" }))
    }

    func testOpenSetsAndVersion() throws {
        XCTAssertEqual(statusOf(value: "pending internal"), .pendingInternal)
        XCTAssertEqual(Status.pendingInternal.description, "pending internal")
        XCTAssertEqual(statusOf(value: "_111"), .other(value: "_111"))
        XCTAssertFalse(statusOf(value: "_111").isKnown())
        XCTAssertTrue(Status.mismatch.isPaid())
        XCTAssertEqual(feePlanOf(value: "turbo"), .other(value: "turbo"))
        XCTAssertEqual(client.baseUrl(), sandbox.apiUrl + "/")
        XCTAssertFalse(coreVersion().isEmpty)
        XCTAssertEqual(try PlisioClient(apiKey: "sk_live_example").baseUrl(), "https://api.plisio.net/api/v1/")
    }
}
