"""Test your Plisio integration without network: the SDK's own sandbox, in-process.

``MockServer`` starts the Rust sandbox (a faithful, stateful fake of the Plisio API) on
``127.0.0.1`` in a background thread. Point a client at ``server.url`` with ``server.api_key``,
simulate deposits and invoice payments (each POSTs a correctly signed callback to your URL), and
inject faults (timeouts, 5xx, HTML gateways, rate limits, broken JSON)::

    from plisio_sdk.testing import MockServer

    with MockServer() as mock:
        client = mock.client()
        client.deposits.create(uid="user-1", currencies=["BTC"])
        result = mock.pay_in("user-1", "BTC", "0.01", callback_url="http://127.0.0.1:8000/plisio")
        assert result.callback is not None and result.callback.status == 200

With pytest, the ``plisio_mock`` fixture gives a fresh server per test (installed with the package).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Tuple, Type, TypeVar, Union

from . import _native
from ._client import AsyncClient, Client
from .errors import InvalidInputTypeError

__all__ = [
    "MockServer",
    "SimulationResult",
    "CallbackDelivery",
    "LoggedRequest",
    "DEFAULT_API_KEY",
    "sign_callback",
]

#: The API key a default ``MockServer`` accepts (it is also the callbacks' HMAC secret).
DEFAULT_API_KEY: str = _native.DEFAULT_MOCK_API_KEY

#: Fault kinds accepted by :meth:`MockServer.push_fault`.
FAULT_KINDS = ("delay", "status", "html_502", "rate_limit", "truncated_json", "invalid_json", "reset", "oversized")


def _amount(field: str, value: Union[Decimal, str, int]) -> str:
    if isinstance(value, float) or isinstance(value, bool):
        raise InvalidInputTypeError(
            f"invalid {field}: pass a decimal.Decimal, a str or an int, not {type(value).__name__}", field=field
        )
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


_T = TypeVar("_T")


def _known(cls: Type[_T], data: Dict[str, Any]) -> _T:
    """``cls(**data)`` keeping only the fields ``cls`` has (newer sandboxes may send more)."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


def sign_callback(
    callback_fields: Union[Mapping[str, str], List[Tuple[str, str]]], secret: str, format: str = "json"
) -> Tuple[bytes, str]:
    """Sign callback fields the way Plisio does; returns ``(body, content_type)``.

    ``format`` is ``"json"``, ``"urlencoded"`` or ``"multipart"``. Handy for unit tests of your
    webhook endpoint without a server.
    """
    pairs = list(callback_fields.items()) if isinstance(callback_fields, Mapping) else list(callback_fields)
    return _native.sign_callback(pairs, secret, format)


@dataclass(frozen=True)
class CallbackDelivery:
    """The callback POST a simulation made."""

    url: str
    format: str
    content_type: str
    body: str
    verify_hash: str
    status: Optional[int]
    response_body: Optional[str]
    error: Optional[str]

    @property
    def body_bytes(self) -> bytes:
        """The body exactly as sent (UTF-8)."""
        return self.body.encode("utf-8")


@dataclass(frozen=True)
class SimulationResult:
    """What a simulation did: the operation (as ``operations.get`` shows it), the invoice (invoice
    payments), and the callback delivery (``None`` with ``callback_skipped`` when there was no URL)."""

    operation: Dict[str, Any]
    invoice: Optional[Dict[str, Any]]
    callback: Optional[CallbackDelivery]
    callback_skipped: Optional[str]
    #: Further deliveries of the same event (e.g. an invoice's success/fail callback URLs).
    additional_callbacks: Tuple[CallbackDelivery, ...] = ()

    @classmethod
    def _from(cls, data: Dict[str, Any]) -> SimulationResult:
        cb = data.get("callback")
        return cls(
            operation=data["operation"],
            invoice=data.get("invoice"),
            callback=_known(CallbackDelivery, cb) if cb else None,
            callback_skipped=data.get("callback_skipped"),
            additional_callbacks=tuple(_known(CallbackDelivery, c) for c in data.get("additional_callbacks") or ()),
        )


@dataclass(frozen=True)
class LoggedRequest:
    """One API request the sandbox answered (``api_key`` shown as ``***``)."""

    method: str
    path: str
    query: str
    status: int
    time_ms: int
    fault: Optional[str]


class MockServer:
    """The Plisio sandbox, running in this process until :meth:`shutdown` (or the end of a
    ``with`` block).

    Every keyword is optional: ``api_key`` (default :data:`DEFAULT_API_KEY`), ``callback_url``
    (the shop's Status URL), ``white_label`` (default True), ``balances`` (``{"BTC": "1.5"}``),
    ``shop_name``, ``shop_id``, ``commission_percent``, ``callback_timeout_ms``, ``port`` (0 = any).
    """

    def __init__(
        self,
        *,
        api_key: Optional[str] = None,
        callback_url: Optional[str] = None,
        white_label: Optional[bool] = None,
        balances: Optional[Mapping[str, Union[Decimal, str, int]]] = None,
        shop_name: Optional[str] = None,
        shop_id: Optional[str] = None,
        commission_percent: Optional[Union[Decimal, str, int]] = None,
        callback_timeout_ms: Optional[int] = None,
        port: int = 0,
    ) -> None:
        config: Dict[str, Any] = {"port": port}
        if api_key is not None:
            config["api_key"] = api_key
        if callback_url is not None:
            config["callback_url"] = callback_url
        if white_label is not None:
            config["white_label"] = white_label
        if balances is not None:
            config["balances"] = {k: _amount(f"balances[{k}]", v) for k, v in balances.items()}
        if shop_name is not None:
            config["shop_name"] = shop_name
        if shop_id is not None:
            config["shop_id"] = shop_id
        if commission_percent is not None:
            config["commission_percent"] = _amount("commission_percent", commission_percent)
        if callback_timeout_ms is not None:
            config["callback_timeout_ms"] = callback_timeout_ms
        self._native = _native.NativeMockServer(json.dumps(config))

    # -- connection details ------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The API base URL: ``http://127.0.0.1:<port>/api/v1``."""
        return self._native.url

    @property
    def root_url(self) -> str:
        """The server root (the ``/__mock/`` controls live under it)."""
        return self._native.root_url

    @property
    def api_key(self) -> str:
        """The shop's secret key: the API key to use, and the callbacks' HMAC secret."""
        return self._native.api_key

    @property
    def running(self) -> bool:
        return self._native.running

    def client(self, *, timeout: float = 10.0, max_retries: int = 2) -> Client:
        """A :class:`~plisio_sdk.Client` for this server."""
        return Client(self.api_key, base_url=self.url, timeout=timeout, max_retries=max_retries)

    def async_client(self, *, timeout: float = 10.0, max_retries: int = 2) -> AsyncClient:
        """An :class:`~plisio_sdk.AsyncClient` for this server."""
        return AsyncClient(self.api_key, base_url=self.url, timeout=timeout, max_retries=max_retries)

    # -- simulations -------------------------------------------------------------------------

    @staticmethod
    def _pay_in_request(
        uid: str, currency: str, amount: Union[Decimal, str, int], callback_url: Optional[str], format: Optional[str]
    ) -> str:
        return json.dumps(
            {"uid": uid, "psys_cid": currency, "amount": _amount("amount", amount), "callback_url": callback_url, "format": format}
        )

    @staticmethod
    def _pay_invoice_request(
        txn_id: str,
        amount: Optional[Union[Decimal, str, int]],
        status: Optional[str],
        callback_url: Optional[str],
        format: Optional[str],
    ) -> str:
        return json.dumps(
            {
                "txn_id": txn_id,
                "amount": None if amount is None else _amount("amount", amount),
                "status": status,
                "callback_url": callback_url,
                "format": format,
            }
        )

    def pay_in(
        self,
        uid: str,
        currency: str,
        amount: Union[Decimal, str, int],
        *,
        callback_url: Optional[str] = None,
        format: Optional[str] = None,
    ) -> SimulationResult:
        """A deposit of ``amount`` arrives on the address of ``uid`` for ``currency`` (create it first
        with ``deposits.create``). Credits the balance, records a ``cash_in`` operation and POSTs the
        signed ``pay_in`` callback to ``callback_url`` (default: the shop's Status URL).
        ``format``: ``"json"``, ``"multipart"`` or ``"urlencoded"`` (default: JSON when the URL has
        ``json=true``, else multipart, as Plisio does)."""
        return SimulationResult._from(self._native.pay_in(self._pay_in_request(uid, currency, amount, callback_url, format)))

    async def pay_in_async(
        self,
        uid: str,
        currency: str,
        amount: Union[Decimal, str, int],
        *,
        callback_url: Optional[str] = None,
        format: Optional[str] = None,
    ) -> SimulationResult:
        """:meth:`pay_in` without blocking the event loop (use it when the callback goes to an app
        served by this same loop)."""
        data = await self._native.pay_in_async(self._pay_in_request(uid, currency, amount, callback_url, format))
        return SimulationResult._from(data)

    def pay_invoice(
        self,
        txn_id: str,
        *,
        amount: Optional[Union[Decimal, str, int]] = None,
        status: Optional[str] = None,
        callback_url: Optional[str] = None,
        format: Optional[str] = None,
    ) -> SimulationResult:
        """The payer pays invoice ``txn_id`` (in full by default; ``amount`` for a partial or an
        overpayment, ``status`` to force one such as ``"expired"``) and the signed ``invoice``
        callback is POSTed to the invoice's ``callback_url`` (or ``callback_url`` here)."""
        request = self._pay_invoice_request(txn_id, amount, status, callback_url, format)
        return SimulationResult._from(self._native.pay_invoice(request))

    async def pay_invoice_async(
        self,
        txn_id: str,
        *,
        amount: Optional[Union[Decimal, str, int]] = None,
        status: Optional[str] = None,
        callback_url: Optional[str] = None,
        format: Optional[str] = None,
    ) -> SimulationResult:
        """:meth:`pay_invoice` without blocking the event loop."""
        request = self._pay_invoice_request(txn_id, amount, status, callback_url, format)
        return SimulationResult._from(await self._native.pay_invoice_async(request))

    # -- faults, log, state ------------------------------------------------------------------

    def push_fault(self, kind: str, *, path: Optional[str] = None, times: int = 1, **params: Any) -> None:
        """Make upcoming API requests misbehave, in queue order. ``kind`` and its parameters:

        - ``"delay"`` (``ms``): process normally, answer late (a timeout on the client side);
        - ``"status"`` (``code``, optional ``body``): answer that status and body, unprocessed;
        - ``"html_502"``: nginx's HTML 502 page; ``"rate_limit"`` (``retry_after_secs``): 429;
        - ``"truncated_json"``, ``"invalid_json"``: process, then send a broken body;
        - ``"reset"``: drop the connection; ``"oversized"`` (``bytes``): a huge valid body.

        ``path`` restricts the fault to request paths containing it (e.g. ``"operations/withdraw"``);
        ``times`` is how many requests it affects.
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {', '.join(FAULT_KINDS)}")
        fault: Dict[str, Any] = {"kind": kind, "times": times, **params}
        if path is not None:
            fault["path"] = path
        self._native.push_fault(json.dumps(fault))

    def clear_faults(self) -> None:
        self._native.clear_faults()

    def requests(self) -> List[LoggedRequest]:
        """The API requests received so far, oldest first."""
        return [_known(LoggedRequest, r) for r in self._native.requests()]

    def clear_requests(self) -> None:
        self._native.clear_requests()

    def set_balance(self, currency: str, amount: Union[Decimal, str, int]) -> None:
        self._native.set_balance(currency, _amount("amount", amount))

    def balance(self, currency: str) -> Optional[Decimal]:
        """The sandbox balance of ``currency`` (``None`` for a coin it does not know)."""
        return self._native.balance(currency)

    def seed_operations(self, count: int, *, type: Optional[str] = None, currency: Optional[str] = None) -> int:
        """Add ``count`` older synthetic operations (for pagination tests); returns how many."""
        return self._native.seed_operations(count, type, currency)

    def set_white_label(self, on: bool) -> None:
        self._native.set_white_label(on)

    def set_callback_url(self, url: Optional[str]) -> None:
        """Set (or clear) the shop's Status URL, where callbacks go by default."""
        self._native.set_callback_url(url)

    def reset(self) -> None:
        """Back to the starting state (balances, operations, invoices, deposits, faults, log)."""
        self._native.reset()

    def shutdown(self) -> None:
        """Stop the server (idempotent)."""
        self._native.shutdown()

    close = shutdown

    def __enter__(self) -> MockServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    def __repr__(self) -> str:
        if not self.running:
            return "MockServer(stopped)"
        return f"MockServer(url={self.url!r})"
