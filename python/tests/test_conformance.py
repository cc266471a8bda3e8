"""The shared vectors of tests/conformance/ (the same files the Rust, Node and Kotlin suites run),
through the Python API, against the real sandbox."""

from __future__ import annotations

import pickle
from typing import Any, Dict

import pytest
from conftest import _MISSING, call_async, call_sync, cases, conformance, dump, lookup, same

import plisio_sdk
from plisio_sdk import webhooks
from plisio_sdk.testing import MockServer

CALLBACKS = cases("callbacks.json")
DECODING = cases("decoding.json")
VALIDATION = cases("validation.json")
ERRORS = cases("errors.json")


def test_vector_files_are_the_shared_ones() -> None:
    assert len(CALLBACKS) >= 20 and len(DECODING) >= 18 and len(VALIDATION) >= 30 and len(ERRORS) >= 10
    for name in ("callbacks.json", "decoding.json", "validation.json", "errors.json"):
        assert conformance(name)["description"]


# -- callbacks ---------------------------------------------------------------------------------


def _check_event(case: Dict[str, Any], event: Any) -> None:
    for path, want in case["expect"]["event"].items():
        got = lookup(event, path)
        assert same(want, got), f"{case['name']}: {path}: expected {want!r}, got {got!r}"


@pytest.mark.parametrize("case", CALLBACKS, ids=[c["name"] for c in CALLBACKS])
def test_callback_vector(case: Dict[str, Any]) -> None:
    body, secret, ct = case["body"], case["secret"], case["content_type"]
    expect = case["expect"]
    if expect["valid"]:
        # bytes and str bodies, the function and a reusable Verifier: same answer.
        event = webhooks.verify(body.encode("utf-8"), secret, ct)
        _check_event(case, event)
        _check_event(case, webhooks.verify(body, secret, ct))
        _check_event(case, webhooks.Verifier(secret).verify(body.encode("utf-8"), ct))
        assert isinstance(event.raw, dict)
    else:
        with pytest.raises(plisio_sdk.SignatureError) as info:
            webhooks.verify(body.encode("utf-8"), secret, ct)
        err = info.value
        assert err.reason == expect["reason"], case["name"]
        assert err.code == "signature"
        assert secret == "" or secret not in f"{err} {err!r}"
        again = pickle.loads(pickle.dumps(err))
        assert type(again) is plisio_sdk.SignatureError and again.reason == err.reason


# -- decoding ----------------------------------------------------------------------------------


def _check_decoded(case: Dict[str, Any], result: Any) -> None:
    for path, want in case["expect"].items():
        got = lookup(result, path)
        assert got is not _MISSING or want is None, f"{case['name']}: {path} is missing"
        assert same(want, got), f"{case['name']}: {path}: expected {want!r}, got {got!r}"
    printed = dump(result)
    for absent in case.get("absent_text") or []:
        assert absent not in printed, f"{case['name']}: {absent} leaked into the result"


def test_decoding_vectors_sync(plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    for case in DECODING:
        plisio_mock.push_fault("status", code=case["status"], body=case["body"])
        result = call_sync(client, case["call"], case["args"])
        _check_decoded(case, result)
    assert len(plisio_mock.requests()) >= len(DECODING)


async def test_decoding_vectors_async(plisio_mock: MockServer, aclient: plisio_sdk.AsyncClient) -> None:
    for case in DECODING:
        plisio_mock.push_fault("status", code=case["status"], body=case["body"])
        result = await call_async(aclient, case["call"], case["args"])
        _check_decoded(case, result)
    assert len(plisio_mock.requests()) >= len(DECODING)


# -- validation --------------------------------------------------------------------------------


def _check_invalid(case: Dict[str, Any], err: plisio_sdk.InvalidInputError) -> None:
    assert err.code == "invalid_input"
    assert err.field == case["field"], f"{case['name']}: {err!r}"
    assert err.message and isinstance(err, ValueError)


@pytest.mark.parametrize("case", VALIDATION, ids=[c["name"] for c in VALIDATION])
def test_validation_vector_sync(case: Dict[str, Any], plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    with pytest.raises(plisio_sdk.InvalidInputError) as info:
        call_sync(client, case["call"], case["args"])
    _check_invalid(case, info.value)
    assert plisio_mock.requests() == [], f"{case['name']}: a request was sent"


async def test_validation_vectors_async(plisio_mock: MockServer, aclient: plisio_sdk.AsyncClient) -> None:
    for case in VALIDATION:
        with pytest.raises(plisio_sdk.InvalidInputError) as info:
            await call_async(aclient, case["call"], case["args"])
        _check_invalid(case, info.value)
    assert plisio_mock.requests() == []


# -- errors ------------------------------------------------------------------------------------

ERROR_CLASSES = {
    "api_error": plisio_sdk.APIError,
    "authentication": plisio_sdk.AuthenticationError,
    "not_found": plisio_sdk.NotFoundError,
    "rate_limited": plisio_sdk.RateLimitError,
    "invalid_input": plisio_sdk.InvalidInputError,
    "configuration": plisio_sdk.ConfigurationError,
    "timeout": plisio_sdk.APITimeoutError,
    "connection": plisio_sdk.APIConnectionError,
    "decode": plisio_sdk.DecodeError,
    "signature": plisio_sdk.SignatureError,
    "outcome_unknown": plisio_sdk.OutcomeUnknownError,
}


def _check_error(case: Dict[str, Any], err: plisio_sdk.PlisioError, api_key: str) -> None:
    name, expect = case["name"], case["expect"]
    assert err.code == expect["code"], f"{name}: {err!r}"
    assert type(err) is ERROR_CLASSES[expect["code"]], name
    if "plisio_code" in expect:
        assert err.plisio_code == expect["plisio_code"], name
    if "http_status" in expect:
        assert err.http_status == expect["http_status"], name
    if "field_errors" in expect:
        assert err.field_errors == expect["field_errors"], name
    pickled = pickle.dumps(err)
    printed = f"{err} {err!r} {err.__dict__!r}"
    assert api_key not in printed and api_key.encode() not in pickled, f"{name}: the key leaked"
    for absent in case.get("message_absent") or []:
        assert absent.replace("__API_KEY__", api_key) not in printed, name
    again = pickle.loads(pickled)
    assert type(again) is type(err) and again.__dict__ == err.__dict__ and str(again) == str(err)


@pytest.mark.parametrize("case", ERRORS, ids=[c["name"] for c in ERRORS])
def test_error_vector_sync(case: Dict[str, Any], plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    body = case["body"].replace("__API_KEY__", plisio_mock.api_key)
    plisio_mock.push_fault("status", code=case["status"], body=body)
    with pytest.raises(plisio_sdk.PlisioError) as info:
        call_sync(client, case["call"], case["args"])
    _check_error(case, info.value, plisio_mock.api_key)
    sent = len(plisio_mock.requests())
    assert sent == 1, f"exactly one request (no retry of a definite answer or of a withdrawal), saw {sent}"


async def test_error_vectors_async(plisio_mock: MockServer, aclient: plisio_sdk.AsyncClient) -> None:
    for case in ERRORS:
        plisio_mock.clear_requests()
        body = case["body"].replace("__API_KEY__", plisio_mock.api_key)
        plisio_mock.push_fault("status", code=case["status"], body=body)
        with pytest.raises(plisio_sdk.PlisioError) as info:
            await call_async(aclient, case["call"], case["args"])
        _check_error(case, info.value, plisio_mock.api_key)
        assert len(plisio_mock.requests()) == 1, case["name"]
