"""Models (immutable, readable repr, to_dict, raw, equality) and the testing helpers
(MockServer, the plisio_mock fixture registered through the pytest11 entry point)."""

from __future__ import annotations

import importlib.metadata
import json
import urllib.request
from datetime import datetime, timezone
from decimal import Decimal

import pytest

import plisio_sdk
from plisio_sdk import testing
from plisio_sdk.testing import MockServer

MASS = (
    '{"status":"success","data":{"type":"mass_cash_out","status":"pending internal","id":"5ee2",'
    '"sendmany":{"2NAAdn1":"0.00020000","2N7cy1a":0.0003},"params":{"fee":{"plan":"normal","value":"0.00000402"}},'
    '"tx":[{"txid":"abc","value":"0.0005","processed":true}],"created_at_utc":1591873548000,"new_field":{"x":[1,2.5]}}}'
)


def test_models_are_immutable_typed_and_readable(plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    plisio_mock.push_fault("status", code=200, body=MASS)
    op = client.operations.get("5ee2")
    assert isinstance(op, plisio_sdk.Operation) and type(op).__module__ == "plisio_sdk"
    assert repr(op) == "Operation(id='5ee2', type='mass_cash_out', status='pending internal', psys_cid=None, amount=None)"
    assert op.created_at == datetime(2020, 6, 11, 11, 5, 48, tzinfo=timezone.utc), "milliseconds normalised"
    assert [(p.to, p.amount) for p in op.sendmany] == [("2NAAdn1", Decimal("0.00020000")), ("2N7cy1a", Decimal("0.0003"))]
    assert isinstance(op.sendmany[0], plisio_sdk.Payout) and repr(op.sendmany[0]) == "Payout(to='2NAAdn1', amount=Decimal('0.00020000'))"
    assert op.params is not None and op.params.fee is not None and op.params.fee.plan == "normal"
    assert op.tx[0].processed is True and op.tx[0].value == Decimal("0.0005")
    assert op.raw["new_field"] == {"x": [1, Decimal("2.5")]}, "unknown fields stay reachable, numbers exact"
    d = op.to_dict()
    assert d["params"]["fee"]["value"] == Decimal("0.00000402") and d["sendmany"][1] == {"to": "2N7cy1a", "amount": Decimal("0.0003")}
    assert d["created_at"] == op.created_at and "raw" not in d
    json.dumps(d, default=str)  # plain values only
    for name in ("id", "amount", "status", "raw"):
        with pytest.raises(AttributeError):
            setattr(op, name, "x")
    with pytest.raises(TypeError):
        plisio_sdk.Operation()  # type: ignore[call-arg]
    plisio_mock.push_fault("status", code=200, body=MASS)
    assert client.operations.get("5ee2") == op
    assert op != client.shop.get() and op != "5ee2"


def test_page_model(plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    plisio_mock.seed_operations(3)
    page = client.operations.list(limit=2)
    assert repr(page).startswith("OperationsPage(operations=<2 operations>, meta=PageMeta(total_count=3")
    assert [o.id for o in page] == [o.id for o in page.operations] and len(page) == 2
    assert page.to_dict()["meta"] == {"total_count": 3, "page_count": 2, "current_page": 1, "per_page": 2}
    assert page.to_dict()["links"]["self"] == page.links.self
    ops = page.operations
    ops.clear()  # a fresh list each time: the page itself cannot be changed
    assert len(page.operations) == 2


def test_constants_match_the_core() -> None:
    assert plisio_sdk.Status.PENDING_INTERNAL == "pending internal"
    assert plisio_sdk.OperationType.MASS_CASH_OUT == "mass_cash_out"
    assert plisio_sdk.FeePlan.PRIORITY == "priority"
    assert plisio_sdk.Withdrawal is plisio_sdk.Operation
    assert plisio_sdk.__version__ == importlib.metadata.version("plisio-sdk")


def test_the_fixture_comes_from_the_entry_point(plisio_mock: MockServer) -> None:
    eps = importlib.metadata.entry_points(group="pytest11")
    assert any(ep.name == "plisio" and ep.value == "plisio_sdk.pytest_plugin" for ep in eps)
    assert isinstance(plisio_mock, MockServer) and plisio_mock.running
    assert plisio_mock.url.startswith("http://127.0.0.1:") and plisio_mock.url.endswith("/api/v1")
    assert plisio_mock.api_key == testing.DEFAULT_API_KEY


def test_mock_server_lifecycle_and_controls() -> None:
    with MockServer(api_key="sk_test_custom", balances={"BTC": "2.5"}, shop_name="My Shop", white_label=False) as mock:
        client = mock.client()
        assert repr(mock) == f"MockServer(url={mock.url!r})"
        assert client.shop.get().name == "My Shop" and client.shop.get().white_label is False
        assert client.balances.get("BTC").balance == Decimal("2.5") == mock.balance("BTC")
        assert mock.balance("NOT_A_COIN") is None
        with pytest.raises(plisio_sdk.APIError):
            client.deposits.create(uid="u", currencies=["BTC"])  # white-label is off
        mock.set_white_label(True)
        assert client.deposits.create(uid="u", currencies=["BTC"])

        requests = mock.requests()
        assert requests and all("api_key=***" in r.query and "sk_test_custom" not in r.query for r in requests)
        assert requests[0].method == "GET" and requests[0].path.endswith("/shops") and requests[0].status == 200
        mock.clear_requests()
        assert mock.requests() == []

        mock.push_fault("status", code=503, path="balances", times=1)
        assert client.balances.get("BTC").psys_cid == "BTC", "a read is retried after a 503"
        assert [r.status for r in mock.requests()] == [503, 200] and mock.requests()[0].fault == "status"
        mock.push_fault("reset", times=5)
        mock.clear_faults()
        assert client.shop.get().name
        with pytest.raises(ValueError, match="unknown fault kind"):
            mock.push_fault("explode")

        with urllib.request.urlopen(f"{mock.root_url}/__mock/health", timeout=5) as answer:
            assert answer.status == 200

        mock.reset()
        assert client.balances.get("BTC").balance == Decimal("2.5")
        mock.set_white_label(True)  # reset went back to the configured white_label=False
        assert client.deposits.list().deposits == []
        with pytest.raises(LookupError):
            mock.pay_in("nobody", "BTC", "1")
        with pytest.raises(ValueError):
            mock.pay_invoice("x", status="not-a-status")
    assert not mock.running and repr(mock) == "MockServer(stopped)"
    with pytest.raises(RuntimeError, match="shut down"):
        mock.requests()
    mock.shutdown()  # idempotent


def test_callback_url_of_the_shop(plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    client.deposits.create(uid="u", currencies=["BTC"])
    assert plisio_mock.pay_in("u", "BTC", "0.1").callback_skipped
    plisio_mock.set_callback_url("http://127.0.0.1:9/plisio")  # nothing listens there
    result = plisio_mock.pay_in("u", "BTC", "0.1")
    assert result.callback is not None and result.callback.status is None and result.callback.error
    assert result.callback.verify_hash and result.callback.format == "multipart"
    event = plisio_sdk.webhooks.verify(result.callback.body_bytes, plisio_mock.api_key, result.callback.content_type)
    assert event.deposit_uid == "u" and event.amount == Decimal("0.1")
