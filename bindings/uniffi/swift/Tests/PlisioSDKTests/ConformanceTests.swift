// The shared vectors of tests/conformance/ (the same files the Rust, Python, Node and Kotlin suites run).

import Foundation
import PlisioSDK
import XCTest

final class ConformanceTests: SandboxTestCase {
    private func cases(_ file: String) throws -> [JSONValue] {
        let all = try conformance(file)["cases"]?.array ?? []
        XCTAssertFalse(all.isEmpty, "\(file) has no cases")
        return all
    }

    func testCallbackVectors() throws {
        let all = try cases("callbacks.json")
        XCTAssertGreaterThanOrEqual(all.count, 20)
        for c in all {
            let name = c.str("name")
            let body = Data(c.str("body").utf8)
            let expect = c["expect"]!
            if expect["valid"]?.bool == true {
                do {
                    let event = try verifyCallback(body: body, secret: c.str("secret"), contentType: c["content_type"]?.string)
                    let v = view(event)
                    let checks = expect["event"]?.object ?? [:]
                    XCTAssertFalse(checks.isEmpty, "\(name): the vector checks no field")
                    for (path, want) in checks {
                        let got = try lookup(v, path)
                        XCTAssertTrue(same(want, got), "\(name): \(path): expected \(want), got \(got)")
                    }
                } catch {
                    XCTFail("\(name): expected a valid callback, got \(error)")
                }
            } else {
                do {
                    _ = try verifyCallback(body: body, secret: c.str("secret"), contentType: c["content_type"]?.string)
                    XCTFail("\(name): expected a signature failure")
                } catch let PlisioError.Signature(reason, _) {
                    XCTAssertEqual(reason.description, expect["reason"]?.string, name)
                } catch {
                    XCTFail("\(name): expected a signature failure, got \(error)")
                }
            }
        }
    }

    func testDecodingVectors() async throws {
        for c in try cases("decoding.json") {
            let name = c.str("name")
            try sandbox.clearRequests()
            try sandbox.fault(["kind": "status", "code": Int(c["status"]?.int ?? 0), "body": c.str("body")])
            do {
                let result = try await call(client, c.str("call"), c["args"] ?? .object([:]))
                let v = view(result)
                let checks = c["expect"]?.object ?? [:]
                XCTAssertFalse(checks.isEmpty, "\(name): the vector checks nothing")
                for (path, want) in checks {
                    let got = try lookup(v, path)
                    XCTAssertTrue(same(want, got), "\(name): \(path): expected \(want), got \(got)")
                }
                let printed = String(describing: result)
                for absent in c["absent_text"]?.array ?? [] {
                    XCTAssertFalse(printed.contains(absent.string ?? "\u{0}"), "\(name): \(absent) leaked into the result")
                }
            } catch {
                XCTFail("\(name): \(error)")
            }
            XCTAssertEqual(try sandbox.requests().count, 1, "\(name): exactly one request")
        }
    }

    func testValidationVectors() async throws {
        for c in try cases("validation.json") {
            let name = c.str("name")
            try sandbox.clearRequests()
            do {
                _ = try await call(client, c.str("call"), c["args"] ?? .object([:]))
                XCTFail("\(name): expected InvalidInput, got a result")
            } catch let PlisioError.InvalidInput(field, reason, _) {
                XCTAssertEqual(field, c.str("field"), "\(name): \(reason)")
                XCTAssertFalse(reason.isEmpty, name)
            } catch {
                XCTFail("\(name): expected InvalidInput, got \(error)")
            }
            XCTAssertTrue(try sandbox.requests().isEmpty, "\(name): a request was sent")
        }
    }

    func testErrorVectors() async throws {
        for c in try cases("errors.json") {
            let name = c.str("name")
            let body = c.str("body").replacingOccurrences(of: "__API_KEY__", with: sandbox.apiKey)
            try sandbox.clearRequests()
            try sandbox.fault(["kind": "status", "code": Int(c["status"]?.int ?? 0), "body": body])
            do {
                _ = try await call(client, c.str("call"), c["args"] ?? .object([:]))
                XCTFail("\(name): expected an error, got a result")
            } catch let e as PlisioError {
                let expect = c["expect"]!
                XCTAssertEqual(e.code(), expect.str("code"), "\(name): \(e)")
                if let code = expect["plisio_code"]?.int { XCTAssertEqual(e.plisioCode(), code, name) }
                if let status = expect["http_status"]?.int { XCTAssertEqual(e.httpStatus().map { Int64($0) }, status, name) }
                if let want = expect["field_errors"] {
                    var fieldErrors: [String: [String]]?
                    switch e {
                    case let .Api(_, _, _, _, f, _), let .Authentication(_, _, _, _, f, _), let .NotFound(_, _, _, _, f, _): fieldErrors = f
                    default: fieldErrors = nil
                    }
                    XCTAssertNotNil(fieldErrors, "\(name): \(e.code()) carries no field errors")
                    if let fieldErrors { XCTAssertTrue(same(want, view(fieldErrors)), "\(name): \(fieldErrors), expected \(want)") }
                }
                let printed = "\(e) \(e.localizedDescription)"
                XCTAssertFalse(printed.contains(sandbox.apiKey), "\(name): the key leaked")
                for absent in c["message_absent"]?.array ?? [] {
                    XCTAssertFalse(printed.contains(absent.string ?? "\u{0}"), "\(name): \(absent) in \(printed)")
                }
            } catch {
                XCTFail("\(name): expected a PlisioError, got \(error)")
            }
            XCTAssertEqual(try sandbox.requests().count, 1, "\(name): exactly one request")
        }
    }

    func testRunnerRulesRejectWrongValues() throws {
        XCTAssertTrue(same(.string("0.00200000"), .decimal(Decimal(string: "0.002")!)))
        XCTAssertFalse(same(.string("0.0021"), .decimal(Decimal(string: "0.002")!)))
        XCTAssertTrue(same(.int(1591707445), .date(Date(timeIntervalSince1970: 1591707445))))
        XCTAssertFalse(same(.int(1591707445), .date(Date(timeIntervalSince1970: 1591707446))))
        XCTAssertFalse(same(.array([.string("a")]), .list([.string("a"), .string("b")])))
        XCTAssertFalse(same(.null, .string("x")))
        let page = view(PageLinks(selfLink: "https://s", first: nil, prev: nil, next: nil, last: nil))
        XCTAssertEqual(try lookup(page, "self"), .string("https://s"))
        XCTAssertThrowsError(try lookup(page, "selfLink"))
    }
}
