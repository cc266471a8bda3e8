// Test support: the real plisio-mock binary, its /__mock/ controls, and the conformance runner's
// helpers (mirroring crates/plisio-core/tests/common/mod.rs and the Kotlin suite's Vectors.kt).

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PlisioSDK
import XCTest

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum TestEnv {
    /// bindings/uniffi/swift/Tests/PlisioSDKTests/Support.swift → the repository root.
    static let repoRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<6 { url.deleteLastPathComponent() }
        return url
    }()

    static var mockBin: String {
        ProcessInfo.processInfo.environment["PLISIO_MOCK_BIN"] ?? repoRoot.appendingPathComponent("target/debug/plisio-mock").path
    }

    static var conformanceDir: URL {
        ProcessInfo.processInfo.environment["PLISIO_CONFORMANCE_DIR"].map { URL(fileURLWithPath: $0) }
            ?? repoRoot.appendingPathComponent("tests/conformance")
    }
}

/// JSON as read from the vectors and the sandbox (integers stay exact).
indirect enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    static func parse(_ text: String) throws -> JSONValue {
        try parse(Data(text.utf8))
    }

    subscript(key: String) -> JSONValue? {
        if case let .object(o) = self { return o[key] }
        return nil
    }

    var string: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    var int: Int64? {
        if case let .int(i) = self { return i }
        return nil
    }

    var bool: Bool? {
        if case let .bool(b) = self { return b }
        return nil
    }

    var array: [JSONValue] {
        if case let .array(a) = self { return a }
        return []
    }

    var object: [String: JSONValue] {
        if case let .object(o) = self { return o }
        return [:]
    }
}

func conformance(_ name: String) throws -> JSONValue {
    try JSONValue.parse(Data(contentsOf: TestEnv.conformanceDir.appendingPathComponent(name)))
}

/// The real `plisio-mock` binary: started per test, announces `PLISIO_MOCK_LISTENING <url>`.
final class Sandbox {
    let apiKey = "sk_test_plisio_mock"
    let root: String
    private let process: Process
    var apiUrl: String { root + "/api/v1" }

    private init(process: Process, root: String) {
        self.process = process
        self.root = root
    }

    static func start() throws -> Sandbox {
        guard FileManager.default.isExecutableFile(atPath: TestEnv.mockBin) else {
            throw TestFailure("\(TestEnv.mockBin) is missing: build it with `cargo build -p plisio-mock`")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnv.mockBin)
        process.arguments = ["--port", "0"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
        }
        let line = String(decoding: buffer, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        let prefix = "PLISIO_MOCK_LISTENING "
        guard line.hasPrefix(prefix) else {
            process.terminate()
            throw TestFailure("unexpected first line from plisio-mock: \(line)")
        }
        let root = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        guard root.hasPrefix("http://127.0.0.1:") else { throw TestFailure("the sandbox must listen on loopback, got \(root)") }
        return Sandbox(process: process, root: root)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    func client(timeoutMs: UInt64 = 10_000, maxRetries: UInt32 = 2, apiKey: String? = nil) throws -> PlisioClient {
        try PlisioClient(options: ClientOptions(
            apiKey: apiKey ?? self.apiKey, baseUrl: apiUrl, timeoutMs: timeoutMs, maxRetries: maxRetries, binding: "swift", runtime: "tests"
        ))
    }

    /// One control request (synchronous, fresh connection).
    @discardableResult
    func control(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> JSONValue {
        var request = URLRequest(url: URL(string: root + path)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        request.setValue("close", forHTTPHeaderField: "Connection")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let done = DispatchSemaphore(value: 0)
        var result: (Data?, URLResponse?, Error?) = (nil, nil, nil)
        URLSession.shared.dataTask(with: request) { data, response, error in
            result = (data, response, error)
            done.signal()
        }.resume()
        done.wait()
        if let error = result.2 { throw error }
        let status = (result.1 as? HTTPURLResponse)?.statusCode ?? 0
        let data = result.0 ?? Data()
        guard (200..<300).contains(status) else {
            throw TestFailure("sandbox control \(method) \(path) answered \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return try JSONValue.parse(data)
    }

    func fault(_ fields: [String: Any]) throws {
        try control("POST", "/__mock/faults", fields)
    }

    func requests() throws -> [JSONValue] {
        try control("GET", "/__mock/requests").array
    }

    func clearRequests() throws {
        try control("DELETE", "/__mock/requests")
    }
}

/// A PlisioTestCase gets a fresh sandbox and client per test.
class SandboxTestCase: XCTestCase {
    var sandbox: Sandbox!
    var client: PlisioClient!

    override func setUpWithError() throws {
        sandbox = try Sandbox.start()
        client = try sandbox.client()
    }

    override func tearDown() {
        sandbox?.stop()
        sandbox = nil
        client = nil
    }

    /// Runs `body`, expects a PlisioError, checks that the key never appears in it, returns it.
    func expectError(_ code: String, file: StaticString = #filePath, line: UInt = #line, _ body: () async throws -> Any) async -> PlisioError? {
        do {
            _ = try await body()
            XCTFail("expected \(code), got a result", file: file, line: line)
            return nil
        } catch let e as PlisioError {
            XCTAssertEqual(e.code(), code, "\(e)", file: file, line: line)
            XCTAssertFalse("\(e) \(e.localizedDescription)".contains(sandbox.apiKey), "the API key leaked", file: file, line: line)
            return e
        } catch {
            XCTFail("expected a PlisioError, got \(error)", file: file, line: line)
            return nil
        }
    }
}

// MARK: - the conformance runner

extension JSONValue {
    func str(_ key: String) -> String { self[key]?.string ?? "" }
    func optStr(_ key: String) -> String? { self[key]?.string }
    func optU32(_ key: String) -> UInt32? { self[key]?.int.map { UInt32($0) } }
    func strings(_ key: String) -> [String] { self[key]?.array.compactMap(\.string) ?? [] }
    func payouts() -> [PayoutRequest] {
        (self["payouts"]?.array ?? []).map { PayoutRequest(to: $0.array[0].string ?? "", amount: $0.array[1].string ?? "") }
    }
}

/// Perform the conformance call `name` with `args` (amounts are strings, as users pass them).
func call(_ client: PlisioClient, _ name: String, _ args: JSONValue) async throws -> Any {
    switch name {
    case "operations.list":
        return try await client.operations().list(query: OperationsQuery(
            page: args.optU32("page"), limit: args.optU32("limit"),
            type: args.optStr("type").map { operationTypeOf(value: $0) }, status: args.optStr("status").map { statusOf(value: $0) },
            currency: args.optStr("currency"), shopId: args.optStr("shop_id"), search: args.optStr("search")
        ))
    case "operations.get":
        return try await client.operations().get(id: args.str("id"))
    case "withdrawals.cash_out":
        return try await client.withdrawals().cashOut(
            currency: args.str("currency"), to: args.str("to"), amount: args.str("amount"), feePlan: args.optStr("fee_plan").map { feePlanOf(value: $0) }
        )
    case "withdrawals.mass_cash_out":
        return try await client.withdrawals().massCashOut(
            currency: args.str("currency"), payouts: args.payouts(), feePlan: args.optStr("fee_plan").map { feePlanOf(value: $0) }
        )
    case "withdrawals.mass_cash_out_lists":
        return try await client.withdrawals().massCashOutLists(currency: args.str("currency"), to: args.strings("to"), amounts: args.strings("amounts"))
    case "deposits.create":
        return try await client.deposits().create(uid: args.str("uid"), currencies: args.strings("currencies"))
    case "deposits.list":
        return try await client.deposits().list(query: DepositsQuery(
            uid: args.optStr("uid"), currencies: args.strings("currencies"), page: args.optU32("page"), limit: args.optU32("limit")
        ))
    case "balances.get":
        return try await client.balances().get(currency: args.str("currency"))
    case "fees.plans":
        return try await client.fees().plans(currency: args.str("currency"))
    case "fees.commission":
        return try await client.fees().commission(currency: args.str("currency"))
    case "fees.estimate":
        return try await client.fees().estimate(currency: args.str("currency"), payouts: args.payouts())
    case "currencies.list":
        return try await client.currencies().list(fiat: args.optStr("fiat"))
    case "shop.get":
        return try await client.shop().get()
    case "invoices.create":
        return try await client.invoices().create(invoice: NewInvoice(
            orderName: args.str("order_name"), orderNumber: args.str("order_number"), currency: args.optStr("currency"),
            amount: args.optStr("amount"), sourceCurrency: args.optStr("source_currency"), sourceAmount: args.optStr("source_amount"),
            callbackUrl: args.optStr("callback_url")
        ))
    case "invoices.get":
        return try await client.invoices().get(id: args.str("id"))
    default:
        throw TestFailure("unknown conformance call \(name)")
    }
}

/// A uniffi value as a tree with snake_case keys: amounts stay `Decimal`, timestamps `Date`,
/// open-set enums become their wire value (`description`), `raw` is parsed JSON.
indirect enum View: Equatable {
    case null
    case string(String)
    case decimal(Decimal)
    case date(Date)
    case int(Int64)
    case bool(Bool)
    case list([View])
    case map([String: View])
}

private func snake(_ name: String) -> String {
    if name == "selfLink" { return "self" }
    var out = ""
    for ch in name {
        if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
    }
    return out
}

func jsonView(_ json: JSONValue) -> View {
    switch json {
    case .null: return .null
    case let .bool(b): return .bool(b)
    case let .int(i): return .int(i)
    case let .double(d): return .decimal(Decimal(string: String(d)) ?? Decimal(d))
    case let .string(s): return .string(s)
    case let .array(a): return .list(a.map(jsonView))
    case let .object(o): return .map(o.mapValues(jsonView))
    }
}

func view(_ value: Any) -> View {
    let mirror = Mirror(reflecting: value)
    if mirror.displayStyle == .optional {
        return mirror.children.first.map { view($0.value) } ?? .null
    }
    switch value {
    case let d as Decimal: return .decimal(d)
    case let d as Date: return .date(d)
    case let s as String: return .string(s)
    case let b as Bool: return .bool(b)
    case let i as Int64: return .int(i)
    case let i as UInt64: return .int(Int64(i))
    case let i as UInt32: return .int(Int64(i))
    case let i as UInt16: return .int(Int64(i))
    case let i as Int32: return .int(Int64(i))
    case let i as Int: return .int(Int64(i))
    default: break
    }
    switch mirror.displayStyle {
    case .collection?:
        return .list(mirror.children.map { view($0.value) })
    case .dictionary?:
        var out: [String: View] = [:]
        for child in mirror.children {
            let pair = Array(Mirror(reflecting: child.value).children)
            out["\(pair[0].value)"] = view(pair[1].value)
        }
        return .map(out)
    case .enum?:
        return .string((value as? CustomStringConvertible)?.description ?? "\(value)")
    case .struct?:
        var out: [String: View] = [:]
        for child in mirror.children {
            guard let label = child.label else { continue }
            if label == "raw", let text = child.value as? String, let json = try? JSONValue.parse(text) {
                out["raw"] = jsonView(json)
            } else {
                out[snake(label)] = view(child.value)
            }
        }
        return .map(out)
    default:
        return .string("\(value)")
    }
}

/// Read a dotted path; a missing key throws, a null on the way gives null.
func lookup(_ root: View, _ path: String) throws -> View {
    var current = root
    for seg in path.split(separator: ".").map(String.init) {
        switch current {
        case .null:
            return .null
        case let .map(m):
            guard let next = m[seg] else { throw TestFailure("\(path): no field '\(seg)' (has \(m.keys.sorted()))") }
            current = next
        case let .list(l):
            guard let i = Int(seg) else { throw TestFailure("\(path): '\(seg)' is not an index") }
            current = i < l.count ? l[i] : .null
        default:
            throw TestFailure("\(path): cannot index \(current) with '\(seg)'")
        }
    }
    return current
}

/// The vectors' rules: amounts compare exactly by value (Foundation's `Decimal` does not keep trailing
/// zeros, so the scale itself is checked by the Kotlin and Rust suites), timestamps as unix seconds.
func same(_ expected: JSONValue, _ actual: View) -> Bool {
    switch (expected, actual) {
    case (.null, .null): return true
    case let (.int(n), .date(d)): return d.timeIntervalSince1970 == Double(n)
    case let (.string(s), .decimal(d)): return Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")) == d
    case let (.string(s), .string(a)): return s == a
    case let (.int(n), .int(a)): return n == a
    case let (.bool(b), .bool(a)): return b == a
    case let (.array(e), .list(a)): return e.count == a.count && zip(e, a).allSatisfy { same($0, $1) }
    case let (.object(e), .map(a)): return Set(e.keys) == Set(a.keys) && e.allSatisfy { k, v in a[k].map { same(v, $0) } ?? false }
    default: return false
    }
}
