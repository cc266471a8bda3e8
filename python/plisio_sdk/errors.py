"""Exceptions raised by the Plisio SDK.

Every error is a :class:`PlisioError`; each kind of failure has its own subclass, and ``code`` is a
stable string shared by every language of the SDK (``"api_error"``, ``"invalid_input"``, ...).
Messages and attributes never contain your API key. Exceptions pickle with their attributes (so
they survive ``multiprocessing``, Celery and friends).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Type

__all__ = [
    "PlisioError",
    "APIError",
    "AuthenticationError",
    "NotFoundError",
    "RateLimitError",
    "InvalidInputError",
    "InvalidInputTypeError",
    "ConfigurationError",
    "APITimeoutError",
    "APIConnectionError",
    "DecodeError",
    "SignatureError",
    "OutcomeUnknownError",
]


class PlisioError(Exception):
    """Base class of every SDK error.

    Attributes:
        message: Human-readable explanation (also ``str(error)``).
        code: Stable machine-readable kind, identical in every language binding.
        plisio_code: Plisio's own error code (``data.code``, e.g. 105, 116), when Plisio answered.
        http_status: HTTP status of the answer that caused the error, when there was one.
        field_errors: Field -> messages, parsed from Plisio's JSON-in-a-string ``data.message``.
        plisio_name: Plisio's ``data.name`` (e.g. ``"Unprocessable entity"``).
        plisio_message: Plisio's ``data.message`` as sent.
        endpoint: The endpoint involved (e.g. ``"operations/withdraw"``), when known.
        retryable: True when retrying the same call later may succeed. Never true for
            :class:`OutcomeUnknownError`.
    """

    #: Code of errors raised as the base class itself: a bug in the SDK (a caught Rust panic).
    code: str = "internal"

    def __init__(
        self,
        message: str = "",
        *,
        code: Optional[str] = None,
        plisio_code: Optional[int] = None,
        http_status: Optional[int] = None,
        field_errors: Optional[Dict[str, List[str]]] = None,
        plisio_name: Optional[str] = None,
        plisio_message: Optional[str] = None,
        endpoint: Optional[str] = None,
        retryable: bool = False,
    ) -> None:
        super().__init__(message)
        self.message: str = message
        if code is not None:
            self.code = code
        self.plisio_code: Optional[int] = plisio_code
        self.http_status: Optional[int] = http_status
        self.field_errors: Dict[str, List[str]] = dict(field_errors or {})
        self.plisio_name: Optional[str] = plisio_name
        self.plisio_message: Optional[str] = plisio_message
        self.endpoint: Optional[str] = endpoint
        self.retryable: bool = retryable

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        parts = [repr(self.message), f"code={self.code!r}"]
        if self.plisio_code is not None:
            parts.append(f"plisio_code={self.plisio_code!r}")
        if self.http_status is not None:
            parts.append(f"http_status={self.http_status!r}")
        if self.field_errors:
            parts.append(f"field_errors={self.field_errors!r}")
        for name in self._extra_repr:
            value = getattr(self, name, None)
            if value is not None:
                parts.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    _extra_repr: tuple[str, ...] = ()


class APIError(PlisioError):
    """Plisio refused the request (validation, unsupported currency, insufficient funds...)."""

    code = "api_error"


class AuthenticationError(PlisioError):
    """The API key was refused (HTTP 401/403 or Plisio code 401)."""

    code = "authentication"


class NotFoundError(PlisioError):
    """The resource does not exist (HTTP 404 or Plisio code 111)."""

    code = "not_found"


class RateLimitError(PlisioError):
    """HTTP 429. ``retry_after`` is the server's ``Retry-After`` in seconds, when it sent one."""

    code = "rate_limited"
    _extra_repr = ("retry_after",)

    def __init__(self, message: str = "", *, retry_after: Optional[float] = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after: Optional[float] = retry_after


class InvalidInputError(PlisioError, ValueError):
    """Bad input, refused before any request was sent. ``field`` names the parameter at fault
    (``"amount"``, ``"payouts[2].to"``, ``"uid"``...)."""

    code = "invalid_input"
    _extra_repr = ("field",)

    def __init__(self, message: str = "", *, field: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.field: Optional[str] = field


class InvalidInputTypeError(InvalidInputError, TypeError):
    """An argument of the wrong Python type, e.g. a ``float`` amount. Also a ``TypeError``."""


class ConfigurationError(PlisioError):
    """The client configuration is unusable (empty key, plain-http URL to a remote host, bad
    timeout, a closed client)."""

    code = "configuration"


class APITimeoutError(PlisioError):
    """A read request timed out after its retries. ``attempts`` is how many were made."""

    code = "timeout"
    _extra_repr = ("endpoint", "attempts")

    def __init__(self, message: str = "", *, attempts: Optional[int] = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.attempts: Optional[int] = attempts


class APIConnectionError(PlisioError):
    """The connection failed (DNS, refused, reset, TLS) after its retries."""

    code = "connection"
    _extra_repr = ("endpoint",)


class DecodeError(PlisioError):
    """The answer could not be understood. ``snippet`` is the start of the body (API key redacted)."""

    code = "decode"
    _extra_repr = ("endpoint",)

    def __init__(self, message: str = "", *, snippet: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.snippet: Optional[str] = snippet


class SignatureError(PlisioError):
    """A callback failed verification. ``reason`` is one of ``"missing_hash"``, ``"mismatch"``,
    ``"empty_secret"``, ``"empty_body"``, ``"not_raw_body"``, ``"malformed"``."""

    code = "signature"
    _extra_repr = ("reason",)

    def __init__(self, message: str = "", *, reason: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.reason: Optional[str] = reason


class OutcomeUnknownError(PlisioError):
    """A money-moving request (withdrawal, invoice creation) may have reached Plisio, but its
    result is unknown. It was NOT retried: look it up in the operations list before trying again."""

    code = "outcome_unknown"
    _extra_repr = ("endpoint",)


_BY_CODE: Dict[str, Type[PlisioError]] = {
    cls.code: cls
    for cls in (
        PlisioError,  # "internal": a bug in the SDK, e.g. a caught Rust panic
        APIError,
        AuthenticationError,
        NotFoundError,
        RateLimitError,
        InvalidInputError,
        ConfigurationError,
        APITimeoutError,
        APIConnectionError,
        DecodeError,
        SignatureError,
        OutcomeUnknownError,
    )
}


def _from_native(code: str, message: str, attrs: Dict[str, Any]) -> PlisioError:
    """Build the exception for a native error (called by ``plisio_sdk._native``)."""
    if code == "invalid_input_type":
        return InvalidInputTypeError(message, **attrs)
    cls = _BY_CODE.get(code)
    if cls is None:
        # A kind this version of the Python layer does not know: keep its code.
        return PlisioError(message, code=code, **attrs)
    return cls(message, **attrs)
