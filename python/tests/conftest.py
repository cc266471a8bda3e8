"""Shared helpers: the sandbox (through the package's own ``plisio_mock`` fixture), the shared
conformance vectors of tests/conformance/, and the conformance call dispatcher (a mirror of
crates/plisio-core/tests/common/mod.rs)."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

import plisio_sdk
from plisio_sdk.testing import MockServer

CONFORMANCE = Path(__file__).resolve().parents[2] / "tests" / "conformance"


def conformance(name: str) -> Dict[str, Any]:
    return json.loads((CONFORMANCE / name).read_text(encoding="utf-8"))


def cases(name: str) -> List[Dict[str, Any]]:
    return conformance(name)["cases"]


@pytest.fixture
def client(plisio_mock: MockServer) -> Iterator[plisio_sdk.Client]:
    with plisio_mock.client() as c:
        yield c


@pytest.fixture
def aclient(plisio_mock: MockServer) -> plisio_sdk.AsyncClient:
    return plisio_mock.async_client()


def _pairs(args: Dict[str, Any]) -> List[Any]:
    return [(p[0], p[1]) for p in args.get("payouts", [])]


def call_sync(client: plisio_sdk.Client, call: str, a: Dict[str, Any]) -> Any:
    """Perform conformance call ``call`` with the vector's ``args`` through the blocking client."""
    s = lambda k: a.get(k, "")  # noqa: E731 - required text arguments default to "" as in Rust
    if call == "operations.list":
        return client.operations.list(
            page=a.get("page"), limit=a.get("limit"), type=a.get("type"), status=a.get("status"),
            currency=a.get("currency"), shop_id=a.get("shop_id"), search=a.get("search"),
        )  # fmt: skip
    if call == "operations.get":
        return client.operations.get(s("id"))
    if call == "withdrawals.cash_out":
        return client.withdrawals.cash_out(currency=s("currency"), to=s("to"), amount=s("amount"), fee_plan=a.get("fee_plan"))
    if call == "withdrawals.mass_cash_out":
        return client.withdrawals.mass_cash_out(currency=s("currency"), payouts=_pairs(a), fee_plan=a.get("fee_plan"))
    if call == "withdrawals.mass_cash_out_lists":
        return client.withdrawals.mass_cash_out(currency=s("currency"), to=a.get("to", []), amounts=a.get("amounts", []))
    if call == "deposits.create":
        return client.deposits.create(uid=s("uid"), currencies=a.get("currencies", []))
    if call == "deposits.list":
        return client.deposits.list(uid=a.get("uid"), currencies=a.get("currencies"), page=a.get("page"), limit=a.get("limit"))
    if call == "balances.get":
        return client.balances.get(s("currency"))
    if call == "fees.plans":
        return client.fees.plans(s("currency"))
    if call == "fees.commission":
        return client.fees.commission(currency=s("currency"))
    if call == "fees.estimate":
        return client.fees.estimate(currency=s("currency"), payouts=_pairs(a))
    if call == "currencies.list":
        return client.currencies.list(a.get("fiat"))
    if call == "shop.get":
        return client.shop.get()
    if call == "invoices.create":
        return client.invoices.create(
            order_name=s("order_name"), order_number=s("order_number"), currency=a.get("currency"),
            amount=a.get("amount"), source_currency=a.get("source_currency"),
            source_amount=a.get("source_amount"), callback_url=a.get("callback_url"),
        )  # fmt: skip
    if call == "invoices.get":
        return client.invoices.get(s("id"))
    raise AssertionError(f"unknown conformance call {call}")


async def call_async(client: plisio_sdk.AsyncClient, call: str, a: Dict[str, Any]) -> Any:
    """The same calls through the asyncio client."""
    s = lambda k: a.get(k, "")  # noqa: E731
    if call == "operations.list":
        return await client.operations.list(
            page=a.get("page"), limit=a.get("limit"), type=a.get("type"), status=a.get("status"),
            currency=a.get("currency"), shop_id=a.get("shop_id"), search=a.get("search"),
        )  # fmt: skip
    if call == "operations.get":
        return await client.operations.get(s("id"))
    if call == "withdrawals.cash_out":
        return await client.withdrawals.cash_out(currency=s("currency"), to=s("to"), amount=s("amount"), fee_plan=a.get("fee_plan"))
    if call == "withdrawals.mass_cash_out":
        return await client.withdrawals.mass_cash_out(currency=s("currency"), payouts=_pairs(a), fee_plan=a.get("fee_plan"))
    if call == "withdrawals.mass_cash_out_lists":
        return await client.withdrawals.mass_cash_out(currency=s("currency"), to=a.get("to", []), amounts=a.get("amounts", []))
    if call == "deposits.create":
        return await client.deposits.create(uid=s("uid"), currencies=a.get("currencies", []))
    if call == "deposits.list":
        return await client.deposits.list(uid=a.get("uid"), currencies=a.get("currencies"), page=a.get("page"), limit=a.get("limit"))
    if call == "balances.get":
        return await client.balances.get(s("currency"))
    if call == "fees.plans":
        return await client.fees.plans(s("currency"))
    if call == "fees.commission":
        return await client.fees.commission(currency=s("currency"))
    if call == "fees.estimate":
        return await client.fees.estimate(currency=s("currency"), payouts=_pairs(a))
    if call == "currencies.list":
        return await client.currencies.list(a.get("fiat"))
    if call == "shop.get":
        return await client.shop.get()
    if call == "invoices.create":
        return await client.invoices.create(
            order_name=s("order_name"), order_number=s("order_number"), currency=a.get("currency"),
            amount=a.get("amount"), source_currency=a.get("source_currency"),
            source_amount=a.get("source_amount"), callback_url=a.get("callback_url"),
        )  # fmt: skip
    if call == "invoices.get":
        return await client.invoices.get(s("id"))
    raise AssertionError(f"unknown conformance call {call}")


_MISSING = object()


def lookup(root: Any, path: str) -> Any:
    """Read a dotted snake_case path (``operations.1.sum``, ``raw.brand_new_field``) out of a result:
    list indexes, dict keys (``raw`` is a dict), attributes."""
    value = root
    for seg in path.split("."):
        if isinstance(value, list):
            try:
                value = value[int(seg)]
            except (ValueError, IndexError):
                return _MISSING
        elif isinstance(value, dict):
            value = value.get(seg, _MISSING)
        elif value is None:
            return _MISSING
        else:
            value = getattr(value, seg, _MISSING)
        if value is _MISSING:
            return _MISSING
    return value


def same(expected: Any, actual: Any) -> bool:
    """The vectors' comparison rules: amounts are exact strings (``str(Decimal)``, scale kept),
    integers expected where a datetime is found are unix seconds, absent is ``null``."""
    if actual is _MISSING:
        actual = None
    if expected is None:
        return actual is None
    if isinstance(expected, bool):
        return actual is expected
    if isinstance(expected, int):
        if isinstance(actual, datetime):
            assert actual.tzinfo is not None, "datetimes must be timezone-aware"
            return int(actual.timestamp()) == expected and actual.timestamp() == expected
        return isinstance(actual, int) and not isinstance(actual, bool) and actual == expected
    if isinstance(expected, str):
        if isinstance(actual, Decimal):
            return format(actual, "f") == expected
        return isinstance(actual, str) and actual == expected
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(same(e, x) for e, x in zip(expected, actual))
    if isinstance(expected, dict):
        return isinstance(actual, dict) and actual.keys() == expected.keys() and all(same(v, actual[k]) for k, v in expected.items())
    return bool(expected == actual)


def dump(result: Any) -> str:
    """Every printed form of a result (to_dict, repr) for leak checks."""
    if isinstance(result, list):
        return " ".join(dump(r) for r in result)
    parts = [repr(result), repr(result.to_dict())]
    raw = getattr(result, "raw", None)
    if raw is not None:
        parts.append(repr(raw))
    return " ".join(parts)
