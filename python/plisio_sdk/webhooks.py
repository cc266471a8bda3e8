"""Verifying Plisio callbacks (``verify_hash``), in both delivery modes.

Plisio POSTs a callback to your ``callback_url`` when an invoice changes status or a white-label
deposit arrives: JSON when the URL has ``json=true`` in its query, form data (multipart or
urlencoded) otherwise. Always verify the RAW request body with your shop's secret key before
trusting it; every function here returns a :class:`~plisio_sdk.CallbackEvent` or raises
:class:`~plisio_sdk.SignatureError` (answer HTTP 400 then; Plisio retries failed deliveries).

The framework helpers need no framework installed to import this module::

    event = webhooks.verify_flask(flask.request, SECRET)        # Flask
    event = webhooks.verify_django(request, SECRET)             # Django view
    event = await webhooks.verify_starlette(request, SECRET)    # Starlette / FastAPI
"""

from __future__ import annotations

from typing import Any, Optional, Union

from ._native import CallbackEvent, Verifier
from ._native import verify as _verify
from .errors import SignatureError

__all__ = [
    "CallbackEvent",
    "Verifier",
    "verify",
    "verify_request",
    "verify_flask",
    "verify_django",
    "verify_starlette",
]

Body = Union[bytes, bytearray, memoryview, str]


def verify(body: Body, secret: str, content_type: Optional[str] = None) -> CallbackEvent:
    """Verify a raw callback body and return the event.

    ``secret`` is your shop's secret API key. ``content_type`` is the request's ``Content-Type``
    header (with the multipart boundary); without it the format is detected from the body.
    Raises :class:`~plisio_sdk.SignatureError` (``reason`` says why) when the body is not a genuine
    Plisio callback for this secret.
    """
    return _verify(body, secret, content_type)


def _not_raw(framework: str, how: str) -> SignatureError:
    return SignatureError(
        f"{framework} already consumed the request body as form data, so the raw body is gone; "
        f"verify the callback before touching {how}",
        reason="not_raw_body",
    )


def verify_flask(request: Any, secret: str) -> CallbackEvent:
    """Verify the callback in a Flask (Werkzeug) request. Call it before reading ``request.form``."""
    body = request.get_data(cache=True, as_text=False)
    if not body and (request.form or request.files):
        raise _not_raw("Flask", "request.form")
    return _verify(body, secret, request.headers.get("Content-Type"))


def verify_django(request: Any, secret: str) -> CallbackEvent:
    """Verify the callback in a Django ``HttpRequest``. Call it before reading ``request.POST``."""
    try:
        body = request.body
    except Exception as exc:  # django.http.request.RawPostDataException
        if type(exc).__name__ == "RawPostDataException":
            raise _not_raw("Django", "request.POST") from exc
        raise
    return _verify(body, secret, request.META.get("CONTENT_TYPE"))


async def verify_starlette(request: Any, secret: str) -> CallbackEvent:
    """Verify the callback in a Starlette or FastAPI ``Request`` (``await`` it). Call it before
    ``await request.form()``."""
    try:
        body = await request.body()
    except RuntimeError as exc:  # "Stream consumed"
        raise _not_raw("Starlette", "await request.form()") from exc
    return _verify(body, secret, request.headers.get("content-type"))


def verify_request(request: Any, secret: str) -> CallbackEvent:
    """Verify the callback in a Flask or Django request (detected by its attributes). For
    Starlette/FastAPI use ``await verify_starlette(request, secret)``."""
    if hasattr(request, "get_data"):
        return verify_flask(request, secret)
    if hasattr(request, "META"):
        return verify_django(request, secret)
    raise TypeError(
        f"unsupported request object {type(request).__name__}; pass the raw body to "
        "plisio_sdk.webhooks.verify(body, secret, content_type), or use verify_starlette for Starlette/FastAPI"
    )
