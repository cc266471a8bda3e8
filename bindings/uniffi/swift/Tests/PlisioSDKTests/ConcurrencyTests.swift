// One client shared by many concurrent tasks.

import Foundation
import PlisioSDK
import XCTest

final class ConcurrencyTests: SandboxTestCase {
    func testManyConcurrentTasks() async throws {
        let client = self.client!
        let results = try await withThrowingTaskGroup(of: (Int, Decimal, String).self) { group in
            for i in 0..<100 {
                group.addTask {
                    let balance = try await client.balances().get(currency: i % 2 == 0 ? "BTC" : "ETH")
                    let deposit = try await client.deposits().create(uid: "user-\(i)", currencies: ["BTC"])
                    return (i, balance.balance, deposit[0].uid)
                }
            }
            var all: [(Int, Decimal, String)] = []
            for try await r in group { all.append(r) }
            return all
        }
        XCTAssertEqual(results.count, 100)
        for (i, balance, uid) in results {
            XCTAssertEqual(balance, i % 2 == 0 ? Decimal(string: "1.5")! : Decimal(25))
            XCTAssertEqual(uid, "user-\(i)")
        }
        XCTAssertEqual(try sandbox.requests().count, 200)
    }

    func testCancellationLeavesTheClientUsable() async throws {
        let client = self.client!
        try sandbox.fault(["kind": "delay", "ms": 3000])
        let task = Task { try await client.shop().get() }
        try await Task.sleep(nanoseconds: 300_000_000)
        task.cancel()
        _ = await task.result
        let shop = try await client.shop().get()
        XCTAssertNotNil(shop.name)
    }
}
