"""Plisio crypto-payment API client.

::

    import plisio_sdk
    from decimal import Decimal

    client = plisio_sdk.Client("SECRET_KEY")
    page = client.operations.list(limit=10)
    w = client.withdrawals.cash_out(currency="BTC", to="bc1q...", amount=Decimal("0.001"))

    async with plisio_sdk.AsyncClient("SECRET_KEY") as aclient:
        shop = await aclient.shop.get()

    event = plisio_sdk.webhooks.verify(raw_body, "SECRET_KEY", content_type)

Amounts are ``decimal.Decimal`` (exact; floats are refused), timestamps are timezone-aware
``datetime``, every model keeps the JSON it came from in ``raw``. Errors are
:class:`PlisioError` subclasses with a stable ``code``. ``plisio_sdk.testing.MockServer`` is an
in-process sandbox for your tests.
"""

from __future__ import annotations

from . import webhooks
from ._client import Amount, AsyncClient, Client, Payouts
from ._native import (
    Balance,
    CallbackEvent,
    Commission,
    Currency,
    Deposit,
    DepositsPage,
    FeeDetails,
    FeeEstimate,
    FeePlanDetails,
    FeePlans,
    Invoice,
    InvoiceDetails,
    InvoiceShop,
    Operation,
    OperationParams,
    OperationsPage,
    OperationTx,
    PageLinks,
    PageMeta,
    Payout,
    Shop,
)
from ._native import __version__ as __version__
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    DecodeError,
    InvalidInputError,
    InvalidInputTypeError,
    NotFoundError,
    OutcomeUnknownError,
    PlisioError,
    RateLimitError,
    SignatureError,
)

#: The answer of a withdrawal is the operation it created.
Withdrawal = Operation


class Status:
    """Known statuses of invoices and operations (an open set: others arrive as plain strings)."""

    NEW = "new"
    PENDING = "pending"
    PENDING_INTERNAL = "pending internal"
    EXPIRED = "expired"
    COMPLETED = "completed"
    MISMATCH = "mismatch"
    ERROR = "error"
    CANCELLED = "cancelled"
    CANCELLED_DUPLICATE = "cancelled duplicate"


class OperationType:
    """Known operation types (an open set)."""

    CASH_IN = "cash_in"
    CASH_OUT = "cash_out"
    MASS_CASH_OUT = "mass_cash_out"
    INVOICE = "invoice"


class FeePlan:
    """Known withdrawal fee plans (an open set)."""

    ECONOMY = "economy"
    NORMAL = "normal"
    PRIORITY = "priority"
    CUSTOM = "custom"


__all__ = [
    "Client",
    "AsyncClient",
    "Amount",
    "Payouts",
    "webhooks",
    "Status",
    "OperationType",
    "FeePlan",
    "Withdrawal",
    # models
    "Balance",
    "CallbackEvent",
    "Commission",
    "Currency",
    "Deposit",
    "DepositsPage",
    "FeeDetails",
    "FeeEstimate",
    "FeePlanDetails",
    "FeePlans",
    "Invoice",
    "InvoiceDetails",
    "InvoiceShop",
    "Operation",
    "OperationParams",
    "OperationsPage",
    "OperationTx",
    "PageLinks",
    "PageMeta",
    "Payout",
    "Shop",
    # errors
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
