"""Callback verification: the published vector, both delivery modes end to end (the sandbox POSTs
real signed callbacks to a real Flask server), and the framework helpers with real Flask, Django
and Starlette request objects."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any, Dict, Iterator, List, Tuple

import django
import flask
import pytest
from conftest import cases
from django.conf import settings
from django.test import RequestFactory
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from werkzeug.serving import make_server

import plisio_sdk
from plisio_sdk import webhooks
from plisio_sdk.testing import MockServer, sign_callback

PUBLISHED = next(c for c in cases("callbacks.json") if c["name"].startswith("published vector (plisio-api.md 5.4)"))
PUBLISHED_SECRET = PUBLISHED["secret"]

if not settings.configured:
    settings.configure(DEBUG=False, ALLOWED_HOSTS=["*"], DEFAULT_CHARSET="utf-8", USE_TZ=True)
    django.setup()


def _check_published(event: plisio_sdk.CallbackEvent) -> None:
    assert event.txn_id == "61b19fd3f609ba61f4282547" and event.status == "completed"
    assert event.amount == Decimal("15.300000") and format(event.amount, "f") == "15.300000"
    assert event.is_invoice and event.is_paid and not event.is_pay_in and event.format == "json"
    assert event.verify_hash == "6c53ff3472d694bfa13851ef266ec67389d25e2f"


def test_published_vector_every_body_type() -> None:
    body: str = PUBLISHED["body"]
    for b in (body, body.encode(), bytearray(body.encode()), memoryview(body.encode())):
        _check_published(webhooks.verify(b, PUBLISHED_SECRET, "application/json"))
    _check_published(webhooks.verify(body.encode(), PUBLISHED_SECRET))
    verifier = webhooks.Verifier(PUBLISHED_SECRET)
    for _ in range(3):
        _check_published(verifier.verify(body.encode(), "application/json"))
    with pytest.raises(plisio_sdk.SignatureError) as info:
        webhooks.verify(body.replace("15.300000", "15.300001"), PUBLISHED_SECRET)
    assert info.value.reason == "mismatch"


def test_parsed_objects_are_refused() -> None:
    with pytest.raises(TypeError, match="raw request body"):
        webhooks.verify({"amount": "1"}, PUBLISHED_SECRET)  # type: ignore[arg-type]
    with pytest.raises(plisio_sdk.SignatureError) as info:
        webhooks.verify(str({"amount": "1", "verify_hash": "x"}), PUBLISHED_SECRET)
    assert info.value.reason == "not_raw_body"
    with pytest.raises(plisio_sdk.SignatureError) as info:
        webhooks.Verifier("")
    assert info.value.reason == "empty_secret"


def test_event_model() -> None:
    event = webhooks.verify(PUBLISHED["body"], PUBLISHED_SECRET)
    assert event.raw["order_number"] == "21120906"
    d = event.to_dict()
    assert d["amount"] == Decimal("15.300000") and d["format"] == "json" and d["tx_urls"] == []
    assert "txn_id='61b19fd3f609ba61f4282547'" in repr(event)
    assert event == webhooks.verify(PUBLISHED["body"], PUBLISHED_SECRET)
    with pytest.raises(AttributeError):
        event.amount = Decimal(1)  # type: ignore[misc]


@pytest.mark.parametrize("fmt", ["json", "urlencoded", "multipart"])
def test_sign_callback_helper(fmt: str) -> None:
    fields = {"txn_id": "t1", "status": "completed", "amount": "0.5", "ipn_type": "invoice", "order_number": "n°1 — é"}
    body, content_type = sign_callback(fields, "s3cret", fmt)
    event = webhooks.verify(body, "s3cret", content_type)
    assert event.format == fmt and event.order_number == "n°1 — é" and event.amount == Decimal("0.5")
    with pytest.raises(plisio_sdk.SignatureError):
        webhooks.verify(body, "other", content_type)
    with pytest.raises(ValueError):
        sign_callback(fields, "s3cret", "xml")


# -- end to end: the sandbox POSTs to a real Flask server ----------------------------------------


class Receiver:
    """A Flask app served by Werkzeug on 127.0.0.1 that verifies callbacks with verify_flask."""

    def __init__(self, secret: str) -> None:
        self.events: List[plisio_sdk.CallbackEvent] = []
        self.failures: List[str] = []
        self.raw: List[Tuple[bytes, str]] = []
        app = flask.Flask("plisio-receiver")

        @app.post("/plisio")
        def hook() -> Any:
            self.raw.append((flask.request.get_data(), flask.request.content_type or ""))
            try:
                event = webhooks.verify_flask(flask.request, secret)
            except plisio_sdk.SignatureError as exc:
                self.failures.append(exc.reason or "")
                return {"error": exc.reason}, 400
            self.events.append(event)
            return "OK"

        @app.post("/form-first")
        def form_first() -> Any:
            _ = flask.request.form  # consumes the body: too late to verify
            try:
                webhooks.verify_request(flask.request, secret)
            except plisio_sdk.SignatureError as exc:
                self.failures.append(exc.reason or "")
                return {"error": exc.reason}, 400
            return "OK"

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture
def receiver(plisio_mock: MockServer) -> Iterator[Receiver]:
    r = Receiver(plisio_mock.api_key)
    yield r
    r.close()


@pytest.mark.parametrize("fmt", [None, "json", "multipart", "urlencoded"])
def test_pay_in_callback_end_to_end(fmt: Any, plisio_mock: MockServer, client: plisio_sdk.Client, receiver: Receiver) -> None:
    address = client.deposits.create(uid="customer-42", currencies=["USDT_TRX"])[0].hash
    url = f"{receiver.url}/plisio?json=true" if fmt is None else f"{receiver.url}/plisio"
    result = plisio_mock.pay_in("customer-42", "USDT_TRX", Decimal("25.5"), callback_url=url, format=fmt)
    assert result.callback is not None and result.callback.status == 200, result.callback
    expected_format = fmt or "json"
    assert result.callback.format == expected_format
    (event,) = receiver.events
    assert event.is_pay_in and event.deposit_uid == "customer-42" and event.psys_cid == "USDT_TRX"
    assert event.amount == Decimal("25.5") and event.wallet_hash == address and event.status == "completed"
    assert event.format == expected_format and event.txn_id == result.operation["id"]
    assert event.tx_urls and all(u.startswith("https://") for u in event.tx_urls)
    # The same bytes verify outside the framework, and fail under another secret.
    body, content_type = receiver.raw[0]
    assert webhooks.verify(body, plisio_mock.api_key, content_type) == event
    with pytest.raises(plisio_sdk.SignatureError):
        webhooks.verify(body, "not-the-secret", content_type)


def test_invoice_callback_end_to_end(plisio_mock: MockServer, client: plisio_sdk.Client, receiver: Receiver) -> None:
    inv = client.invoices.create(
        order_name="Blue shirt", order_number="order-77", currency="BTC", amount="0.0021",
        callback_url=f"{receiver.url}/plisio?json=true",
    )  # fmt: skip
    partial = plisio_mock.pay_invoice(inv.txn_id or "", amount="0.001")
    full = plisio_mock.pay_invoice(inv.txn_id or "")
    assert partial.callback and full.callback and full.callback.status == 200
    first, second = receiver.events
    assert first.txn_id == second.txn_id == inv.txn_id and first.order_number == "order-77"
    assert first.status == "pending" and not first.is_paid
    assert second.status == "completed" and second.is_paid and second.format == "json"
    assert client.invoices.get(inv.txn_id or "").invoice.status == "completed"


def test_form_already_parsed_is_reported(plisio_mock: MockServer, client: plisio_sdk.Client, receiver: Receiver) -> None:
    client.deposits.create(uid="u", currencies=["BTC"])
    result = plisio_mock.pay_in("u", "BTC", "0.01", callback_url=f"{receiver.url}/form-first", format="multipart")
    assert result.callback is not None and result.callback.status == 400
    assert receiver.failures == ["not_raw_body"]


async def test_pay_in_async_does_not_block_the_loop(plisio_mock: MockServer, aclient: plisio_sdk.AsyncClient, receiver: Receiver) -> None:
    await aclient.deposits.create(uid="async-u", currencies=["ETH"])
    result = await plisio_mock.pay_in_async("async-u", "ETH", "0.25", callback_url=f"{receiver.url}/plisio?json=true")
    assert result.callback and result.callback.status == 200
    assert receiver.events[0].amount == Decimal("0.25")


# -- framework helpers with real request objects -------------------------------------------------


def _bodies(plisio_mock: MockServer, client: plisio_sdk.Client, receiver: Receiver) -> Dict[str, Tuple[bytes, str]]:
    """Real callbacks of each format, as the sandbox sent them."""
    client.deposits.create(uid="fw", currencies=["BTC"])
    out = {}
    for fmt in ("json", "multipart", "urlencoded"):
        result = plisio_mock.pay_in("fw", "BTC", "0.002", callback_url=f"{receiver.url}/plisio", format=fmt)
        assert result.callback is not None
        out[fmt] = (result.callback.body_bytes, result.callback.content_type)
    out["published"] = (PUBLISHED["body"].encode(), "application/json")
    return out


def _secret_for(kind: str, plisio_mock: MockServer) -> str:
    return PUBLISHED_SECRET if kind == "published" else plisio_mock.api_key


def test_flask_request_objects(plisio_mock: MockServer, client: plisio_sdk.Client, receiver: Receiver) -> None:
    app = flask.Flask("t")
    for kind, (body, ct) in _bodies(plisio_mock, client, receiver).items():
        with app.test_request_context("/hook", method="POST", data=body, content_type=ct):
            event = webhooks.verify_flask(flask.request, _secret_for(kind, plisio_mock))
            assert event.status == "completed"
            assert event.format == ("json" if kind == "published" else kind)
            assert webhooks.verify_request(flask.request, _secret_for(kind, plisio_mock)) == event
        with app.test_request_context("/hook", method="POST", data=body, content_type=ct):
            with pytest.raises(plisio_sdk.SignatureError):
                webhooks.verify_flask(flask.request, "wrong-secret")


def test_django_request_objects(plisio_mock: MockServer, client: plisio_sdk.Client, receiver: Receiver) -> None:
    factory = RequestFactory()
    for kind, (body, ct) in _bodies(plisio_mock, client, receiver).items():
        request = factory.post("/plisio/", data=body, content_type=ct)
        event = webhooks.verify_django(request, _secret_for(kind, plisio_mock))
        assert event.status == "completed" and event.format == ("json" if kind == "published" else kind)
        assert webhooks.verify_request(factory.post("/plisio/", data=body, content_type=ct), _secret_for(kind, plisio_mock)) == event
        with pytest.raises(plisio_sdk.SignatureError):
            webhooks.verify_django(factory.post("/plisio/", data=body, content_type=ct), "wrong-secret")
        if kind == "multipart":
            consumed = factory.post("/plisio/", data=body, content_type=ct)
            assert consumed.POST  # Django streams multipart bodies: the raw body is gone now
            with pytest.raises(plisio_sdk.SignatureError) as info:
                webhooks.verify_django(consumed, plisio_mock.api_key)
            assert info.value.reason == "not_raw_body"


def test_starlette_request_objects(plisio_mock: MockServer, client: plisio_sdk.Client, receiver: Receiver) -> None:
    secret = {"key": ""}

    async def hook(request: Request) -> Any:
        try:
            event = await webhooks.verify_starlette(request, secret["key"])
        except plisio_sdk.SignatureError as exc:
            return JSONResponse({"error": exc.reason}, status_code=400)
        return JSONResponse({"txn_id": event.txn_id, "format": event.format, "amount": str(event.amount)})

    async def form_first(request: Request) -> Any:
        await request.form()
        try:
            await webhooks.verify_starlette(request, secret["key"])
        except plisio_sdk.SignatureError as exc:
            return JSONResponse({"error": exc.reason}, status_code=400)
        return PlainTextResponse("OK")

    app = Starlette(routes=[Route("/plisio", hook, methods=["POST"]), Route("/form-first", form_first, methods=["POST"])])
    with TestClient(app) as http:
        for kind, (body, ct) in _bodies(plisio_mock, client, receiver).items():
            secret["key"] = _secret_for(kind, plisio_mock)
            answer = http.post("/plisio", content=body, headers={"content-type": ct})
            assert answer.status_code == 200, answer.text
            assert answer.json()["format"] == ("json" if kind == "published" else kind)
            secret["key"] = "wrong-secret"
            refused = http.post("/plisio", content=body, headers={"content-type": ct})
            assert refused.status_code == 400 and refused.json()["error"] == "mismatch"
            if kind == "multipart":
                secret["key"] = plisio_mock.api_key
                consumed = http.post("/form-first", content=body, headers={"content-type": ct})
                assert consumed.status_code == 400 and consumed.json()["error"] == "not_raw_body"


def test_verify_request_refuses_unknown_objects() -> None:
    with pytest.raises(TypeError, match="verify_starlette"):
        webhooks.verify_request(object(), "s")
