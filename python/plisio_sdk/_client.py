"""``Client`` (blocking, releases the GIL while waiting) and ``AsyncClient`` (asyncio).

Both are thin: arguments go to the native core, which validates them, sends the request with its
retry policy and decodes the answer into immutable models.
"""

from __future__ import annotations

from decimal import Decimal
from typing import (
    Any,
    AsyncIterator,
    Iterator,
    List,
    Mapping,
    NoReturn,
    Optional,
    Sequence,
    Tuple,
    Union,
    cast,
)

from . import _native
from ._native import (
    Balance,
    Commission,
    Currency,
    Deposit,
    DepositsPage,
    FeeEstimate,
    FeePlans,
    Invoice,
    InvoiceDetails,
    Operation,
    OperationsPage,
    Shop,
)

__all__ = ["Client", "AsyncClient", "Amount", "Payouts"]

#: An amount: ``Decimal("0.001")``, ``"0.001"`` or ``1``. Floats are refused (they cannot hold most
#: amounts exactly) with :class:`plisio_sdk.InvalidInputTypeError`, a ``TypeError``.
Amount = Union[Decimal, str, int]

#: Payout destinations: ``[(address, amount), ...]`` or ``{address: amount}`` (in order).
Payouts = Union[Sequence[Tuple[str, Amount]], Mapping[str, Amount]]


def _payouts(payouts: Payouts) -> List[Tuple[str, Any]]:
    if isinstance(payouts, Mapping):
        return list(payouts.items())
    if isinstance(payouts, (str, bytes)):
        raise TypeError("payouts must be a list of (address, amount) pairs or a {address: amount} mapping, not a string")
    return [tuple(p) for p in payouts]  # type: ignore[misc]


def _currencies(currencies: Union[str, Sequence[str], None]) -> Optional[List[str]]:
    if currencies is None:
        return None
    if isinstance(currencies, str):
        return [currencies]
    return list(currencies)


class _Base:
    _native: _native.NativeClient

    def __init__(
        self,
        api_key: str,
        *,
        base_url: Optional[str] = None,
        timeout: float = 30.0,
        max_retries: int = 2,
    ) -> None:
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
            raise TypeError(f"timeout must be a number of seconds, got {type(timeout).__name__}")
        self._native = _native.NativeClient(api_key, base_url, float(timeout), max_retries)

    @property
    def base_url(self) -> str:
        """The API base URL in use."""
        return self._native.base_url

    @property
    def timeout(self) -> float:
        """Seconds allowed for one attempt."""
        return self._native.timeout

    @property
    def max_retries(self) -> int:
        """Retries of read calls (money-moving calls are never retried)."""
        return self._native.max_retries

    @property
    def closed(self) -> bool:
        return self._native.closed

    def redact(self, text: str) -> str:
        """``text`` with this client's API key masked, for your own logs."""
        return self._native.redact(text)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key='***')"

    def __reduce__(self) -> NoReturn:
        raise TypeError(
            f"{type(self).__name__} objects cannot be pickled (that would copy the API key); "
            "create a client in each process instead"
        )


# --------------------------------------------------------------------------------------------
# Blocking client
# --------------------------------------------------------------------------------------------


class Operations:
    """Operations (transactions): invoices, deposits, withdrawals."""

    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    def list(
        self,
        *,
        page: Optional[int] = None,
        limit: Optional[int] = None,
        type: Optional[str] = None,
        status: Optional[str] = None,
        currency: Optional[str] = None,
        shop_id: Optional[str] = None,
        search: Optional[str] = None,
    ) -> OperationsPage:
        """One page of operations (``limit`` 1-100), newest first."""
        return self._n.operations_list(page, limit, type, status, currency, shop_id, search)

    def get(self, id: str) -> Operation:
        """Details of one operation."""
        return self._n.operations_get(id)

    def iter(
        self,
        *,
        limit: Optional[int] = None,
        type: Optional[str] = None,
        status: Optional[str] = None,
        currency: Optional[str] = None,
        shop_id: Optional[str] = None,
        search: Optional[str] = None,
        page: Optional[int] = None,
    ) -> Iterator[Operation]:
        """Every operation matching the filters, fetching pages lazily (``limit`` per page).
        Operations that reappear on a later page are yielded once."""
        return cast(Iterator[Operation], self._n.operations_iter(page, limit, type, status, currency, shop_id, search))


class Withdrawals:
    """Withdrawals. They move money: sent at most once, never retried. On
    :class:`~plisio_sdk.OutcomeUnknownError`, reconcile through ``operations.list`` first."""

    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    def cash_out(self, *, currency: str, to: str, amount: Amount, fee_plan: Optional[str] = None) -> Operation:
        """Send ``amount`` of ``currency`` to one address."""
        return self._n.withdrawals_cash_out(currency, to, amount, fee_plan)

    def mass_cash_out(
        self,
        *,
        currency: str,
        payouts: Optional[Payouts] = None,
        fee_plan: Optional[str] = None,
        to: Optional[Sequence[str]] = None,
        amounts: Optional[Sequence[Amount]] = None,
    ) -> Operation:
        """Send to several addresses in one transaction: ``payouts=[(address, amount), ...]`` (or
        ``{address: amount}``), or the parallel lists ``to=[...]`` and ``amounts=[...]`` (same length)."""
        if to is not None or amounts is not None:
            if payouts is not None:
                raise TypeError("give either payouts, or to with amounts, not both")
            return self._n.withdrawals_mass_cash_out_lists(currency, list(to or ()), list(amounts or ()), fee_plan)
        return self._n.withdrawals_mass_cash_out(currency, _payouts(payouts or []), fee_plan)


class Deposits:
    """White-label deposit addresses, permanently bound to your users."""

    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    def create(self, *, uid: str, currencies: Union[str, Sequence[str]]) -> List[Deposit]:
        """Get (or create) the deposit address of user ``uid`` for each coin."""
        return self._n.deposits_create(uid, _currencies(currencies) or [])

    def list(
        self,
        *,
        uid: Optional[str] = None,
        currencies: Union[str, Sequence[str], None] = None,
        page: Optional[int] = None,
        limit: Optional[int] = None,
    ) -> DepositsPage:
        """One page of deposit addresses."""
        return self._n.deposits_list(uid, _currencies(currencies), page, limit)

    def iter(
        self, *, uid: Optional[str] = None, currencies: Union[str, Sequence[str], None] = None, limit: Optional[int] = None
    ) -> Iterator[Deposit]:
        """Every deposit address matching the filters, fetching pages lazily."""
        return cast(Iterator[Deposit], self._n.deposits_iter(uid, _currencies(currencies), limit))


class Invoices:
    """Invoices. Creation moves money (never retried; see ``return_existing``)."""

    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    def create(
        self,
        *,
        order_name: str,
        order_number: str,
        amount: Optional[Amount] = None,
        currency: Optional[str] = None,
        source_currency: Optional[str] = None,
        source_amount: Optional[Amount] = None,
        allowed_psys_cids: Optional[Sequence[str]] = None,
        description: Optional[str] = None,
        callback_url: Optional[str] = None,
        success_callback_url: Optional[str] = None,
        fail_callback_url: Optional[str] = None,
        success_invoice_url: Optional[str] = None,
        fail_invoice_url: Optional[str] = None,
        email: Optional[str] = None,
        language: Optional[str] = None,
        plugin: Optional[str] = None,
        version: Optional[str] = None,
        expire_min: Optional[int] = None,
        return_existing: bool = False,
    ) -> Invoice:
        """Create an invoice: ``amount`` in the coin, or ``source_currency`` + ``source_amount`` in fiat.
        Add ``json=true`` to ``callback_url``'s query for JSON callbacks."""
        return self._n.invoices_create(
            order_name, order_number, amount, currency, source_currency, source_amount,
            None if allowed_psys_cids is None else list(allowed_psys_cids), description, callback_url,
            success_callback_url, fail_callback_url, success_invoice_url, fail_invoice_url, email, language,
            plugin, version, expire_min, return_existing,
        )  # fmt: skip

    def get(self, id: str) -> InvoiceDetails:
        """Invoice details: the invoice, the shop, the selected and the allowed coins."""
        return self._n.invoices_get(id)


class Balances:
    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    def get(self, currency: str) -> Balance:
        """The balance of one coin (``psys_cid``)."""
        return self._n.balances_get(currency)


class Fees:
    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    def estimate(self, *, currency: str, payouts: Payouts, fee_plan: Optional[str] = None) -> FeeEstimate:
        """Network fee for sending ``payouts``."""
        return self._n.fees_estimate(currency, _payouts(payouts), fee_plan)

    def commission(
        self, *, currency: str, payouts: Optional[Payouts] = None, type: Optional[str] = None, fee_plan: Optional[str] = None
    ) -> Commission:
        """Network fee plus Plisio commission."""
        return self._n.fees_commission(currency, None if payouts is None else _payouts(payouts), type, fee_plan)

    def plans(self, currency: str) -> FeePlans:
        """The fee plans of a coin."""
        return self._n.fees_plans(currency)


class Currencies:
    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    def list(self, fiat: Optional[str] = None) -> List[Currency]:
        """Supported coins with their rate in ``fiat`` (USD by default)."""
        return self._n.currencies_list(fiat)


class ShopInfo:
    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    def get(self) -> Shop:
        """Your shop's settings (including whether white-label is enabled)."""
        return self._n.shop_get()


class Client(_Base):
    """A blocking Plisio client. Thread-safe: share one per process (connection pool included).

    ``Client(api_key, base_url=None, timeout=30.0, max_retries=2)``; ``base_url`` defaults to
    Plisio's production API, and plain ``http://`` is only accepted for loopback (the sandbox).
    Each call releases the GIL while it waits.
    """

    def __init__(
        self,
        api_key: str,
        *,
        base_url: Optional[str] = None,
        timeout: float = 30.0,
        max_retries: int = 2,
    ) -> None:
        super().__init__(api_key, base_url=base_url, timeout=timeout, max_retries=max_retries)
        n = self._native
        self.operations = Operations(n)
        self.withdrawals = Withdrawals(n)
        self.deposits = Deposits(n)
        self.invoices = Invoices(n)
        self.balances = Balances(n)
        self.fees = Fees(n)
        self.currencies = Currencies(n)
        self.shop = ShopInfo(n)

    def close(self) -> None:
        """Release the connection pool. Later calls raise :class:`~plisio_sdk.ConfigurationError`."""
        self._native.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --------------------------------------------------------------------------------------------
# asyncio client
# --------------------------------------------------------------------------------------------


class AsyncOperations:
    """Operations (transactions): invoices, deposits, withdrawals."""

    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    async def list(
        self,
        *,
        page: Optional[int] = None,
        limit: Optional[int] = None,
        type: Optional[str] = None,
        status: Optional[str] = None,
        currency: Optional[str] = None,
        shop_id: Optional[str] = None,
        search: Optional[str] = None,
    ) -> OperationsPage:
        """One page of operations (``limit`` 1-100), newest first."""
        return await self._n.operations_list_async(page, limit, type, status, currency, shop_id, search)

    async def get(self, id: str) -> Operation:
        """Details of one operation."""
        return await self._n.operations_get_async(id)

    def iter(
        self,
        *,
        limit: Optional[int] = None,
        type: Optional[str] = None,
        status: Optional[str] = None,
        currency: Optional[str] = None,
        shop_id: Optional[str] = None,
        search: Optional[str] = None,
        page: Optional[int] = None,
    ) -> AsyncIterator[Operation]:
        """``async for`` over every operation matching the filters, fetching pages lazily."""
        return cast(AsyncIterator[Operation], self._n.operations_aiter(page, limit, type, status, currency, shop_id, search))


class AsyncWithdrawals:
    """Withdrawals. They move money: sent at most once, never retried. On
    :class:`~plisio_sdk.OutcomeUnknownError`, reconcile through ``operations.list`` first. Cancelling
    the awaiting task after the request left does not cancel the withdrawal."""

    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    async def cash_out(self, *, currency: str, to: str, amount: Amount, fee_plan: Optional[str] = None) -> Operation:
        """Send ``amount`` of ``currency`` to one address."""
        return await self._n.withdrawals_cash_out_async(currency, to, amount, fee_plan)

    async def mass_cash_out(
        self,
        *,
        currency: str,
        payouts: Optional[Payouts] = None,
        fee_plan: Optional[str] = None,
        to: Optional[Sequence[str]] = None,
        amounts: Optional[Sequence[Amount]] = None,
    ) -> Operation:
        """Send to several addresses in one transaction: ``payouts=[(address, amount), ...]`` (or
        ``{address: amount}``), or the parallel lists ``to=[...]`` and ``amounts=[...]`` (same length)."""
        if to is not None or amounts is not None:
            if payouts is not None:
                raise TypeError("give either payouts, or to with amounts, not both")
            return await self._n.withdrawals_mass_cash_out_lists_async(currency, list(to or ()), list(amounts or ()), fee_plan)
        return await self._n.withdrawals_mass_cash_out_async(currency, _payouts(payouts or []), fee_plan)


class AsyncDeposits:
    """White-label deposit addresses, permanently bound to your users."""

    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    async def create(self, *, uid: str, currencies: Union[str, Sequence[str]]) -> List[Deposit]:
        """Get (or create) the deposit address of user ``uid`` for each coin."""
        return await self._n.deposits_create_async(uid, _currencies(currencies) or [])

    async def list(
        self,
        *,
        uid: Optional[str] = None,
        currencies: Union[str, Sequence[str], None] = None,
        page: Optional[int] = None,
        limit: Optional[int] = None,
    ) -> DepositsPage:
        """One page of deposit addresses."""
        return await self._n.deposits_list_async(uid, _currencies(currencies), page, limit)

    def iter(
        self, *, uid: Optional[str] = None, currencies: Union[str, Sequence[str], None] = None, limit: Optional[int] = None
    ) -> AsyncIterator[Deposit]:
        """``async for`` over every deposit address matching the filters."""
        return cast(AsyncIterator[Deposit], self._n.deposits_aiter(uid, _currencies(currencies), limit))


class AsyncInvoices:
    """Invoices. Creation moves money (never retried; see ``return_existing``)."""

    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    async def create(
        self,
        *,
        order_name: str,
        order_number: str,
        amount: Optional[Amount] = None,
        currency: Optional[str] = None,
        source_currency: Optional[str] = None,
        source_amount: Optional[Amount] = None,
        allowed_psys_cids: Optional[Sequence[str]] = None,
        description: Optional[str] = None,
        callback_url: Optional[str] = None,
        success_callback_url: Optional[str] = None,
        fail_callback_url: Optional[str] = None,
        success_invoice_url: Optional[str] = None,
        fail_invoice_url: Optional[str] = None,
        email: Optional[str] = None,
        language: Optional[str] = None,
        plugin: Optional[str] = None,
        version: Optional[str] = None,
        expire_min: Optional[int] = None,
        return_existing: bool = False,
    ) -> Invoice:
        """Create an invoice: ``amount`` in the coin, or ``source_currency`` + ``source_amount`` in fiat."""
        return await self._n.invoices_create_async(
            order_name, order_number, amount, currency, source_currency, source_amount,
            None if allowed_psys_cids is None else list(allowed_psys_cids), description, callback_url,
            success_callback_url, fail_callback_url, success_invoice_url, fail_invoice_url, email, language,
            plugin, version, expire_min, return_existing,
        )  # fmt: skip

    async def get(self, id: str) -> InvoiceDetails:
        """Invoice details."""
        return await self._n.invoices_get_async(id)


class AsyncBalances:
    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    async def get(self, currency: str) -> Balance:
        """The balance of one coin (``psys_cid``)."""
        return await self._n.balances_get_async(currency)


class AsyncFees:
    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    async def estimate(self, *, currency: str, payouts: Payouts, fee_plan: Optional[str] = None) -> FeeEstimate:
        """Network fee for sending ``payouts``."""
        return await self._n.fees_estimate_async(currency, _payouts(payouts), fee_plan)

    async def commission(
        self, *, currency: str, payouts: Optional[Payouts] = None, type: Optional[str] = None, fee_plan: Optional[str] = None
    ) -> Commission:
        """Network fee plus Plisio commission."""
        return await self._n.fees_commission_async(currency, None if payouts is None else _payouts(payouts), type, fee_plan)

    async def plans(self, currency: str) -> FeePlans:
        """The fee plans of a coin."""
        return await self._n.fees_plans_async(currency)


class AsyncCurrencies:
    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    async def list(self, fiat: Optional[str] = None) -> List[Currency]:
        """Supported coins with their rate in ``fiat`` (USD by default)."""
        return await self._n.currencies_list_async(fiat)


class AsyncShopInfo:
    def __init__(self, native: _native.NativeClient) -> None:
        self._n = native

    async def get(self) -> Shop:
        """Your shop's settings."""
        return await self._n.shop_get_async()


class AsyncClient(_Base):
    """An asyncio Plisio client: every call is a coroutine; ``operations.iter()`` is an async
    iterator. Safe to share between tasks, threads and event loops; the I/O runs on the SDK's own
    runtime, so the event loop is never blocked.
    """

    def __init__(
        self,
        api_key: str,
        *,
        base_url: Optional[str] = None,
        timeout: float = 30.0,
        max_retries: int = 2,
    ) -> None:
        super().__init__(api_key, base_url=base_url, timeout=timeout, max_retries=max_retries)
        n = self._native
        self.operations = AsyncOperations(n)
        self.withdrawals = AsyncWithdrawals(n)
        self.deposits = AsyncDeposits(n)
        self.invoices = AsyncInvoices(n)
        self.balances = AsyncBalances(n)
        self.fees = AsyncFees(n)
        self.currencies = AsyncCurrencies(n)
        self.shop = AsyncShopInfo(n)

    async def close(self) -> None:
        """Release the connection pool. Later calls raise :class:`~plisio_sdk.ConfigurationError`."""
        self._native.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
