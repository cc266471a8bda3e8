// Hand-written conveniences over the generated bindings (PlisioSDK.swift): `Decimal` overloads for the
// amounts you send (they cross the FFI as plain decimal strings), and async sequences over the
// core's auto-pagination.

import Foundation

/// The plain decimal text of an amount (no exponent, `.` separator, locale-independent).
func plainText(_ amount: Decimal) -> String {
    NSDecimalNumber(decimal: amount).stringValue
}

public extension PayoutRequest {
    /// A payout of an exact `amount` to `to`.
    init(to: String, amount: Decimal) {
        self.init(to: to, amount: plainText(amount))
    }
}

public extension WithdrawalsApi {
    /// `cashOut` with an exact `Decimal` amount.
    func cashOut(currency: String, to: String, amount: Decimal, feePlan: FeePlan? = nil) async throws -> Operation {
        try await cashOut(currency: currency, to: to, amount: plainText(amount), feePlan: feePlan)
    }
}

public extension PlisioClient {
    /// A client for `apiKey`; `baseUrl` defaults to Plisio's production API.
    convenience init(apiKey: String, baseUrl: String? = nil) throws {
        try self.init(options: ClientOptions(apiKey: apiKey, baseUrl: baseUrl, binding: "swift"))
    }
}

public extension OperationsApi {
    /// Every operation matching `query`, page after page (operations that reappear on a later page
    /// are yielded once). An API error ends the sequence by throwing it.
    func iterate(query: OperationsQuery? = nil) -> AsyncThrowingStream<Operation, Error> {
        let source = stream(query: query)
        return AsyncThrowingStream(unfolding: { try await source.next() })
    }
}

public extension DepositsApi {
    /// Every deposit address matching `query`, page after page.
    func iterate(query: DepositsQuery? = nil) -> AsyncThrowingStream<Deposit, Error> {
        let source = stream(query: query)
        return AsyncThrowingStream(unfolding: { try await source.next() })
    }
}
