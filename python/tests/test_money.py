"""Exact money: Decimal in, Decimal out, 18 decimal places round-trip, floats refused."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import pytest

import plisio_sdk
from plisio_sdk.testing import MockServer

EIGHTEEN = "0.123456789012345678"
# Real, checksummed BTC addresses (the genesis coinbase and a well-known P2PKH), so that address
# checks can never be what refuses these calls.
A1 = "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"
A2 = "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"


def _eth_address(client: plisio_sdk.Client) -> str:
    return client.deposits.create(uid="eth-dest", currencies=["ETH"])[0].hash


def _sent_amount(mock: MockServer) -> str:
    (withdraw,) = [r for r in mock.requests() if r.path.endswith("operations/withdraw")]
    return parse_qs(withdraw.query)["amount"][0]


@pytest.mark.parametrize("amount", [Decimal(EIGHTEEN), EIGHTEEN], ids=["Decimal", "str"])
def test_18_decimal_amount_round_trips_exactly(plisio_mock: MockServer, client: plisio_sdk.Client, amount: Any) -> None:
    to = _eth_address(client)
    plisio_mock.set_balance("ETH", "100")
    plisio_mock.clear_requests()
    w = client.withdrawals.cash_out(currency="ETH", to=to, amount=amount)
    assert _sent_amount(plisio_mock) == EIGHTEEN, "sent as the exact digits"
    assert isinstance(w.amount, Decimal) and w.amount == Decimal(EIGHTEEN)
    assert format(w.amount, "f") == EIGHTEEN and w.amount.as_tuple().exponent == -18
    again = client.operations.get(w.id)
    assert format(again.amount, "f") == EIGHTEEN and again.raw["amount"] == EIGHTEEN
    assert again.to_dict()["amount"] == Decimal(EIGHTEEN)
    # The balance moved by exactly amount + fee, to the last wei.
    assert plisio_mock.balance("ETH") == Decimal("100") - w.amount - (w.fee or 0)


async def test_18_decimal_amount_round_trips_exactly_async(plisio_mock: MockServer, client: plisio_sdk.Client, aclient: plisio_sdk.AsyncClient) -> None:
    to = _eth_address(client)
    plisio_mock.set_balance("ETH", "100")
    w = await aclient.withdrawals.cash_out(currency="ETH", to=to, amount=Decimal(EIGHTEEN))
    assert format(w.amount, "f") == EIGHTEEN
    m = await aclient.withdrawals.mass_cash_out(currency="ETH", payouts={to: Decimal("0.000000000000000001")})
    assert m.sendmany[0].amount == Decimal("1E-18")


def test_amounts_are_sent_plainly_with_their_scale(plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    to = client.deposits.create(uid="btc-dest", currencies=["BTC"])[0].hash
    for given, sent in [(Decimal("1E-3"), "0.001"), (Decimal("0.00100000"), "0.00100000"), (1, "1"), ("0.5", "0.5"), (Decimal("1E+0"), "1")]:
        plisio_mock.set_balance("BTC", "10")
        plisio_mock.clear_requests()
        client.withdrawals.cash_out(currency="BTC", to=to, amount=given)
        assert _sent_amount(plisio_mock) == sent, given


def test_decoded_numbers_are_exact_decimals_never_floats(plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    plisio_mock.push_fault(
        "status", code=200, body='{"status":"success","data":{"normal":{"conf_target":0,"value":0.000222},"priority":{"value":1.000000000000000001}}}'
    )
    plans = client.fees.plans("XMR")
    assert plans.plans["normal"].value == Decimal("0.000222")
    assert plans.plans["priority"].value == Decimal("1.000000000000000001")
    assert plans.raw["priority"]["value"] == Decimal("1.000000000000000001"), "raw keeps JSON numbers exact too"

    def walk(v: Any) -> None:
        assert not isinstance(v, float), v
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    plisio_mock.seed_operations(10)
    for op in client.operations.list(limit=10):
        walk(op.to_dict())
        walk(op.raw)
        for name in ("amount", "sum", "fee", "commission", "source_rate"):
            value = getattr(op, name)
            assert value is None or isinstance(value, Decimal)
        assert op.created_at is None or (isinstance(op.created_at, datetime) and op.created_at.utcoffset() is not None)


FLOAT_CALLS = {
    "cash_out": lambda c: c.withdrawals.cash_out(currency="BTC", to=A1, amount=0.1),
    "mass_cash_out": lambda c: c.withdrawals.mass_cash_out(currency="BTC", payouts=[(A1, "0.1"), (A2, 0.2)]),
    "mass_cash_out dict": lambda c: c.withdrawals.mass_cash_out(currency="BTC", payouts={A1: 0.2}),
    "mass_cash_out lists": lambda c: c.withdrawals.mass_cash_out(currency="BTC", to=[A1], amounts=[0.3]),
    "invoice amount": lambda c: c.invoices.create(order_name="o", order_number="1", amount=1.5),
    "invoice source_amount": lambda c: c.invoices.create(order_name="o", order_number="1", source_currency="USD", source_amount=9.99),
    "fee estimate": lambda c: c.fees.estimate(currency="BTC", payouts=[(A1, 0.01)]),
    "commission": lambda c: c.fees.commission(currency="BTC", payouts=[(A1, 0.01)]),
}
FIELDS = {
    "cash_out": "amount",
    "mass_cash_out": "payouts[1].amount",
    "mass_cash_out dict": "payouts[0].amount",
    "mass_cash_out lists": "payouts[0].amount",
    "invoice amount": "amount",
    "invoice source_amount": "source_amount",
    "fee estimate": "payouts[0].amount",
    "commission": "payouts[0].amount",
}


@pytest.mark.parametrize("name", list(FLOAT_CALLS))
def test_floats_are_refused_with_a_type_error(name: str, plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    with pytest.raises(TypeError) as info:
        FLOAT_CALLS[name](client)
    err = info.value
    assert isinstance(err, plisio_sdk.InvalidInputTypeError) and isinstance(err, plisio_sdk.InvalidInputError)
    assert err.code == "invalid_input" and err.field == FIELDS[name]
    assert "float" in str(err) and "Decimal" in str(err)
    assert plisio_mock.requests() == [], "nothing was sent"


async def test_floats_are_refused_async(plisio_mock: MockServer, aclient: plisio_sdk.AsyncClient) -> None:
    with pytest.raises(plisio_sdk.InvalidInputTypeError):
        await aclient.withdrawals.cash_out(currency="BTC", to=A1, amount=0.1)
    with pytest.raises(TypeError):
        await aclient.withdrawals.mass_cash_out(currency="BTC", payouts={A1: 1e-3})
    with pytest.raises(TypeError):
        await aclient.invoices.create(order_name="o", order_number="1", amount=2.0)
    assert plisio_mock.requests() == []


@pytest.mark.parametrize("amount", [True, None, object(), [1], b"0.1"], ids=["bool", "None", "object", "list", "bytes"])
def test_other_types_are_refused(amount: Any, plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    with pytest.raises(plisio_sdk.InvalidInputTypeError) as info:
        client.withdrawals.cash_out(currency="BTC", to=A1, amount=amount)
    assert info.value.field == "amount"
    assert plisio_mock.requests() == []


@pytest.mark.parametrize(
    "amount",
    [Decimal("NaN"), Decimal("Infinity"), Decimal("-0.1"), Decimal("0"), Decimal("1E-19"), Decimal("123456789012345678901234567890"), -1, 0, "1e-3", " 1"],
)
def test_invalid_amount_values_are_invalid_input(amount: Any, plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    with pytest.raises(plisio_sdk.InvalidInputError) as info:
        client.withdrawals.cash_out(currency="BTC", to=A1, amount=amount)
    assert info.value.field == "amount" and not isinstance(info.value, TypeError)
    assert plisio_mock.requests() == []


def test_the_sandbox_helpers_refuse_floats_too() -> None:
    with MockServer() as mock:
        with pytest.raises(TypeError):
            mock.set_balance("BTC", 1.5)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            mock.pay_in("u", "BTC", 0.1)  # type: ignore[arg-type]
        mock.set_balance("BTC", Decimal("2.000000001"))
        assert mock.balance("BTC") == Decimal("2.000000001")
