// Hand-written conveniences over the generated bindings (target/generated-sources/uniffi): BigDecimal
// overloads for the amounts you send (they cross the FFI as plain decimal strings), and Flows over the
// core's auto-pagination.
package io.plisio.sdk

import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import java.math.BigDecimal

/** A payout of an exact [amount] to [to] (sent as `amount.toPlainString()`: no exponent, scale kept). */
fun PayoutRequest(to: String, amount: BigDecimal): PayoutRequest = PayoutRequest(to, amount.toPlainString())

/** [WithdrawalsApi.cashOut] with an exact [BigDecimal] amount. */
suspend fun WithdrawalsApi.cashOut(currency: String, to: String, amount: BigDecimal, feePlan: FeePlan? = null): Operation =
    cashOut(currency, to, amount.toPlainString(), feePlan)

/** A client for [apiKey]; [baseUrl] defaults to Plisio's production API. */
fun PlisioClient(apiKey: String, baseUrl: String? = null): PlisioClient =
    PlisioClient(ClientOptions(apiKey = apiKey, baseUrl = baseUrl, binding = "kotlin", runtime = "jvm/" + Runtime.version().feature()))

/**
 * Every operation matching [query], page after page, as a cold [Flow] (each collection starts over;
 * operations that reappear on a later page are emitted once). An API error ends the flow with it.
 */
fun OperationsApi.iterate(query: OperationsQuery? = null): Flow<Operation> = flow {
    stream(query).use { s ->
        var item = s.next()
        while (item != null) {
            emit(item)
            item = s.next()
        }
    }
}

/** Every deposit address matching [query], page after page, as a cold [Flow]. */
fun DepositsApi.iterate(query: DepositsQuery? = null): Flow<Deposit> = flow {
    stream(query).use { s ->
        var item = s.next()
        while (item != null) {
            emit(item)
            item = s.next()
        }
    }
}
