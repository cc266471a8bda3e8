"""Every exception type, raised by real calls against the sandbox (or a closed port), with its
attributes; pickling; and the API key never appearing in any printed or pickled form."""

from __future__ import annotations

import asyncio
import copy
import pickle
import socket
from typing import Iterator

import pytest

import plisio_sdk
from plisio_sdk import errors
from plisio_sdk.testing import MockServer

SECRET = "sk_live_TOPSECRET_7f3a9c"


@pytest.fixture
def secret_mock() -> Iterator[MockServer]:
    with MockServer(api_key=SECRET) as mock:
        yield mock


def _no_secret(err: BaseException) -> None:
    printed = f"{err} {err!r} {err.__dict__!r} {err.args!r}"
    assert SECRET not in printed, printed
    blob = pickle.dumps(err)
    assert SECRET.encode() not in blob
    again = pickle.loads(blob)
    assert type(again) is type(err) and again.__dict__ == err.__dict__ and again.args == err.args


def test_every_core_code_has_its_exception_class() -> None:
    from plisio_sdk import _native

    assert set(_native.ERROR_CODES) == set(errors._BY_CODE)
    for code, cls in errors._BY_CODE.items():
        assert issubclass(cls, plisio_sdk.PlisioError) and cls.code == code
        err = errors._from_native(code, "m", {})
        assert type(err) is cls and err.code == code and str(err) == "m"
    unknown = errors._from_native("brand_new_kind", "m", {"http_status": 500})
    assert type(unknown) is plisio_sdk.PlisioError and unknown.code == "brand_new_kind" and unknown.http_status == 500


def test_api_error(secret_mock: MockServer) -> None:
    client = secret_mock.client()
    with pytest.raises(plisio_sdk.APIError) as info:
        client.balances.get("NOPE")
    err = info.value
    assert err.code == "api_error" and err.plisio_code is not None and err.http_status is not None and not err.retryable
    _no_secret(err)


def test_insufficient_funds_carries_field_errors(secret_mock: MockServer) -> None:
    client = secret_mock.client()
    to = client.deposits.create(uid="x", currencies=["BTC"])[0].hash
    with pytest.raises(plisio_sdk.APIError) as info:
        client.withdrawals.cash_out(currency="BTC", to=to, amount="1000")
    assert info.value.plisio_code == 116 and "balance" in info.value.field_errors
    _no_secret(info.value)


def test_authentication_error(secret_mock: MockServer) -> None:
    bad = plisio_sdk.Client("sk_wrong_key", base_url=secret_mock.url)
    with pytest.raises(plisio_sdk.AuthenticationError) as info:
        bad.shop.get()
    assert info.value.code == "authentication" and "sk_wrong_key" not in repr(info.value)
    _no_secret(info.value)


def test_not_found(secret_mock: MockServer) -> None:
    with pytest.raises(plisio_sdk.NotFoundError) as info:
        secret_mock.client().operations.get("0123456789abcdef01234567")
    assert info.value.plisio_code == 111 and info.value.http_status == 404
    _no_secret(info.value)


def test_rate_limited_without_and_with_retries(secret_mock: MockServer) -> None:
    secret_mock.push_fault("rate_limit", retry_after_secs=1)
    with pytest.raises(plisio_sdk.RateLimitError) as info:
        secret_mock.client(max_retries=0).shop.get()
    err = info.value
    assert err.retry_after == 1.0 and err.http_status == 429 and err.retryable
    _no_secret(err)
    # With retries, the client honours Retry-After and succeeds.
    secret_mock.clear_requests()
    secret_mock.push_fault("rate_limit", retry_after_secs=1)
    assert secret_mock.client(max_retries=1).shop.get().name
    assert [r.status for r in secret_mock.requests()] == [429, 200]


def test_read_timeout(secret_mock: MockServer) -> None:
    secret_mock.push_fault("delay", ms=1500, path="shops", times=2)
    with pytest.raises(plisio_sdk.APITimeoutError) as info:
        secret_mock.client(timeout=0.2, max_retries=0).shop.get()
    err = info.value
    assert err.code == "timeout" and err.attempts == 1 and err.endpoint == "shops" and err.retryable
    _no_secret(err)


def test_connection_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = plisio_sdk.Client(SECRET, base_url=f"http://127.0.0.1:{port}/api/v1", max_retries=0)
    with pytest.raises(plisio_sdk.APIConnectionError) as info:
        client.shop.get()
    assert info.value.code == "connection" and info.value.retryable
    _no_secret(info.value)


def test_decode_errors(secret_mock: MockServer) -> None:
    client = secret_mock.client(max_retries=0)
    secret_mock.push_fault("invalid_json")
    with pytest.raises(plisio_sdk.DecodeError) as info:
        client.shop.get()
    assert info.value.http_status == 200 and info.value.snippet
    _no_secret(info.value)
    secret_mock.push_fault("html_502")
    with pytest.raises(plisio_sdk.DecodeError) as info:
        client.balances.get("BTC")
    assert info.value.http_status == 502 and "502" in (info.value.snippet or "")
    # A body echoing the key is redacted in the snippet.
    secret_mock.push_fault("status", code=200, body=f"OK https://api.plisio.net/api/v1/shops?api_key={SECRET}")
    with pytest.raises(plisio_sdk.DecodeError) as info:
        client.shop.get()
    assert info.value.snippet and "api_key=" in info.value.snippet
    _no_secret(info.value)


def test_outcome_unknown_is_never_retried(secret_mock: MockServer) -> None:
    client = secret_mock.client(timeout=0.3, max_retries=5)
    to = client.deposits.create(uid="x", currencies=["BTC"])[0].hash
    secret_mock.clear_requests()
    secret_mock.push_fault("delay", ms=1500, path="operations/withdraw")
    with pytest.raises(plisio_sdk.OutcomeUnknownError) as info:
        client.withdrawals.cash_out(currency="BTC", to=to, amount="0.001")
    err = info.value
    assert err.code == "outcome_unknown" and err.endpoint == "operations/withdraw" and not err.retryable
    assert len([r for r in secret_mock.requests() if "withdraw" in r.path]) == 1
    _no_secret(err)


async def test_errors_async(secret_mock: MockServer) -> None:
    client = secret_mock.async_client(max_retries=0, timeout=0.2)
    with pytest.raises(plisio_sdk.NotFoundError):
        await client.invoices.get("0123456789abcdef01234567")
    secret_mock.push_fault("delay", ms=1000)
    with pytest.raises(plisio_sdk.APITimeoutError):
        await client.shop.get()
    with pytest.raises(plisio_sdk.InvalidInputError) as info:
        await client.operations.list(limit=1000)
    assert info.value.field == "limit"
    _no_secret(info.value)


@pytest.mark.parametrize(
    "kwargs, needle",
    [
        ({"api_key": ""}, "empty"),
        ({"api_key": "sk with space"}, "whitespace"),
        ({"api_key": SECRET, "base_url": "http://api.plisio.net/api/v1"}, "clear text"),
        ({"api_key": SECRET, "base_url": "ftp://127.0.0.1/"}, "scheme"),
        ({"api_key": SECRET, "base_url": "not a url"}, "base URL"),
        ({"api_key": SECRET, "timeout": 0}, "timeout"),
        ({"api_key": SECRET, "timeout": -1.0}, "timeout"),
        ({"api_key": SECRET, "timeout": float("nan")}, "timeout"),
        ({"api_key": SECRET, "timeout": float("inf")}, "timeout"),
        ({"api_key": SECRET, "max_retries": -1}, "max_retries"),
    ],
)
def test_configuration_errors(kwargs: dict, needle: str) -> None:  # type: ignore[type-arg]
    for cls in (plisio_sdk.Client, plisio_sdk.AsyncClient):
        with pytest.raises(plisio_sdk.ConfigurationError) as info:
            cls(**kwargs)
        assert needle in str(info.value)
        _no_secret(info.value)


def test_wrong_argument_types_are_type_errors() -> None:
    with pytest.raises(TypeError):
        plisio_sdk.Client(SECRET, timeout="30")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        plisio_sdk.Client(None)  # type: ignore[arg-type]


def test_closed_client(secret_mock: MockServer) -> None:
    client = secret_mock.client()
    assert client.shop.get().name and not client.closed
    client.close()
    assert client.closed
    with pytest.raises(plisio_sdk.ConfigurationError, match="closed"):
        client.shop.get()
    with secret_mock.client() as c:
        c.shop.get()
    assert c.closed

    async def run() -> None:
        async with secret_mock.async_client() as ac:
            await ac.shop.get()
        with pytest.raises(plisio_sdk.ConfigurationError):
            await ac.shop.get()

    asyncio.run(run())


def test_clients_never_show_or_pickle_the_key(secret_mock: MockServer) -> None:
    for client in (secret_mock.client(), secret_mock.async_client()):
        for text in (repr(client), str(client), repr(client._native), repr(vars(client))):
            assert SECRET not in text and "***" in repr(client)
        with pytest.raises(TypeError) as info:
            pickle.dumps(client)
        assert SECRET not in str(info.value)
        with pytest.raises(TypeError):
            copy.deepcopy(client)
        assert client.redact(f"url?api_key={SECRET}") == "url?api_key=***"
    verifier = plisio_sdk.webhooks.Verifier(SECRET)
    assert SECRET not in repr(verifier)
    with pytest.raises(TypeError):
        pickle.dumps(verifier)
    for request in secret_mock.requests():
        assert SECRET not in request.query


def test_invalid_input_is_a_value_error() -> None:
    client = plisio_sdk.Client(SECRET, base_url="http://127.0.0.1:9/api/v1")
    with pytest.raises(ValueError) as info:
        client.operations.list(page=0)
    assert isinstance(info.value, plisio_sdk.InvalidInputError) and info.value.field == "page"
    with pytest.raises(plisio_sdk.InvalidInputError) as info:
        client.operations.list(limit=-5)
    assert info.value.field == "limit"
    _no_secret(info.value)


def test_internal_errors_from_rust_panics_are_plisio_errors() -> None:
    from plisio_sdk import _native

    with pytest.raises(plisio_sdk.PlisioError) as info:
        _native._debug_panic("sync")
    assert type(info.value) is plisio_sdk.PlisioError and info.value.code == "internal"
    assert "deliberate panic" in str(info.value)
    _no_secret(info.value)

    async def run() -> None:
        with pytest.raises(plisio_sdk.PlisioError) as ainfo:
            await _native._debug_panic("async")
        assert ainfo.value.code == "internal"

    asyncio.run(run())
