package io.plisio.sdk

import com.fasterxml.jackson.databind.JsonNode
import java.math.BigDecimal
import java.math.BigInteger
import java.time.Instant
import kotlin.reflect.full.memberProperties
import kotlin.reflect.full.primaryConstructor

// The conformance runner's helpers, mirroring crates/plisio-core/tests/common/mod.rs: the `call`
// dispatcher, a snake_case view of the results, dotted-path lookup and the comparison rules.

private fun JsonNode.str(key: String): String = get(key)?.takeIf { it.isTextual }?.textValue() ?: ""

private fun JsonNode.optStr(key: String): String? = get(key)?.takeIf { it.isTextual }?.textValue()

private fun JsonNode.optU32(key: String): UInt? = get(key)?.takeIf { it.isIntegralNumber }?.longValue()?.toUInt()

private fun JsonNode.strings(key: String): List<String> = get(key)?.map { it.textValue() } ?: emptyList()

private fun JsonNode.payouts(): List<PayoutRequest> = get("payouts")?.map { PayoutRequest(it[0].textValue(), it[1].textValue()) } ?: emptyList()

/** Perform the conformance call [name] with [args] (amounts are strings, as users pass them). */
suspend fun call(client: PlisioClient, name: String, args: JsonNode): Any = when (name) {
    "operations.list" -> client.operations().list(
        OperationsQuery(
            page = args.optU32("page"),
            limit = args.optU32("limit"),
            type = args.optStr("type")?.let(::operationTypeOf),
            status = args.optStr("status")?.let(::statusOf),
            currency = args.optStr("currency"),
            shopId = args.optStr("shop_id"),
            search = args.optStr("search"),
        ),
    )
    "operations.get" -> client.operations().get(args.str("id"))
    "withdrawals.cash_out" ->
        client.withdrawals().cashOut(args.str("currency"), args.str("to"), args.str("amount"), args.optStr("fee_plan")?.let(::feePlanOf))
    "withdrawals.mass_cash_out" ->
        client.withdrawals().massCashOut(args.str("currency"), args.payouts(), args.optStr("fee_plan")?.let(::feePlanOf))
    "withdrawals.mass_cash_out_lists" ->
        client.withdrawals().massCashOutLists(args.str("currency"), args.strings("to"), args.strings("amounts"))
    "deposits.create" -> client.deposits().create(args.str("uid"), args.strings("currencies"))
    "deposits.list" -> client.deposits().list(
        DepositsQuery(uid = args.optStr("uid"), currencies = args.strings("currencies"), page = args.optU32("page"), limit = args.optU32("limit")),
    )
    "balances.get" -> client.balances().get(args.str("currency"))
    "fees.plans" -> client.fees().plans(args.str("currency"))
    "fees.commission" -> client.fees().commission(args.str("currency"))
    "fees.estimate" -> client.fees().estimate(args.str("currency"), args.payouts())
    "currencies.list" -> client.currencies().list(args.optStr("fiat"))
    "shop.get" -> client.shop().get()
    "invoices.create" -> client.invoices().create(
        NewInvoice(
            orderName = args.str("order_name"),
            orderNumber = args.str("order_number"),
            currency = args.optStr("currency"),
            amount = args.optStr("amount"),
            sourceCurrency = args.optStr("source_currency"),
            sourceAmount = args.optStr("source_amount"),
            callbackUrl = args.optStr("callback_url"),
        ),
    )
    "invoices.get" -> client.invoices().get(args.str("id"))
    else -> throw AssertionError("unknown conformance call $name")
}

/** camelCase property → the snake_case name the vectors use (`selfLink` is the `self` link). */
private fun snake(name: String): String =
    if (name == "selfLink") "self" else name.replace(Regex("([A-Z])")) { "_" + it.value.lowercase() }

/**
 * A uniffi value as a tree of maps (snake_case keys), lists and leaves: BigDecimal, Instant,
 * String, Long, Boolean, null. Open-set enums become their wire value; `raw` is parsed JSON.
 */
fun view(value: Any?): Any? = when (value) {
    null, is String, is Boolean, is BigDecimal, is Instant -> value
    is Byte, is Short, is Int, is Long -> (value as Number).toLong()
    is UByte -> value.toLong()
    is UShort -> value.toLong()
    is UInt -> value.toLong()
    is ULong -> BigInteger(value.toString()).let { if (it.bitLength() < 63) it.toLong() else it }
    is List<*> -> value.map(::view)
    is Map<*, *> -> value.entries.associate { (k, v) -> k.toString() to view(v) }
    is Enum<*>, is Status, is OperationType, is FeePlan, is IpnType -> value.toString()
    else -> {
        val cls = value::class
        check(cls.isData) { "no view for ${cls.qualifiedName}" }
        val props = cls.memberProperties.associateBy { it.name }
        cls.primaryConstructor!!.parameters.associate { p ->
            val v = props.getValue(p.name!!).getter.call(value)
            snake(p.name!!) to if (p.name == "raw") jsonView(JSON.readTree(v as String)) else view(v)
        }
    }
}

/** JSON as the same kind of tree (numbers: Long or exact BigDecimal). */
fun jsonView(node: JsonNode): Any? = when {
    node.isNull || node.isMissingNode -> null
    node.isObject -> node.properties().associate { (k, v) -> k to jsonView(v) }
    node.isArray -> node.map(::jsonView)
    node.isTextual -> node.textValue()
    node.isBoolean -> node.booleanValue()
    node.isIntegralNumber -> node.bigIntegerValue().let { if (it.bitLength() < 63) it.toLong() else it }
    node.isNumber -> node.decimalValue()
    else -> throw AssertionError("unexpected JSON $node")
}

/** Read a dotted path (`operations.1.sum`); a missing key is an error, a null on the way gives null. */
fun lookup(root: Any?, path: String): Any? = path.split('.').fold(root) { v, seg ->
    when (v) {
        null -> null
        is Map<*, *> -> if (v.containsKey(seg)) v[seg] else throw AssertionError("$path: no field '$seg' (has ${v.keys})")
        is List<*> -> v.getOrNull(seg.toInt())
        else -> throw AssertionError("$path: cannot index ${v::class.simpleName} with '$seg'")
    }
}

/**
 * The vectors' comparison rules: amounts are exact strings (scale included), timestamps are unix
 * seconds, absent/None is null, lists are arrays.
 */
fun same(expected: JsonNode, actual: Any?): Boolean = when {
    expected.isNull -> actual == null
    expected.isIntegralNumber && actual is Instant -> actual.nano == 0 && actual.epochSecond == expected.longValue()
    expected.isTextual && actual is BigDecimal -> actual.toPlainString() == expected.textValue()
    expected.isTextual -> actual == expected.textValue()
    expected.isIntegralNumber -> actual == jsonView(expected)
    expected.isNumber -> actual is BigDecimal && actual == expected.decimalValue()
    expected.isBoolean -> actual == expected.booleanValue()
    expected.isArray -> actual is List<*> && actual.size == expected.size() && expected.zip(actual).all { (e, a) -> same(e, a) }
    expected.isObject -> actual is Map<*, *> && actual.keys == expected.fieldNames().asSequence().toSet() &&
        expected.properties().all { (k, v) -> same(v, actual[k]) }
    else -> false
}
