"""A usage example that `make test-python` type-checks with `mypy --strict` (the stubs and the
inline annotations must describe the real API) and that test_typing.py runs against the sandbox."""

from __future__ import annotations

import asyncio
from datetime import datetime
from decimal import Decimal
from typing import Dict, List, Optional

import plisio_sdk
from plisio_sdk import webhooks
from plisio_sdk.testing import MockServer, SimulationResult


def reconcile(client: plisio_sdk.Client) -> Dict[str, Decimal]:
    """Sum completed cash-outs per coin, following every page."""
    totals: Dict[str, Decimal] = {}
    for op in client.operations.iter(type=plisio_sdk.OperationType.CASH_OUT, limit=50):
        if op.status == plisio_sdk.Status.COMPLETED and op.amount is not None:
            coin: str = op.psys_cid or "?"
            totals[coin] = totals.get(coin, Decimal(0)) + op.amount
    return totals


def pay_out(client: plisio_sdk.Client, to: str, amount: Decimal) -> Optional[str]:
    try:
        w: plisio_sdk.Withdrawal = client.withdrawals.cash_out(currency="BTC", to=to, amount=amount, fee_plan=plisio_sdk.FeePlan.NORMAL)
    except plisio_sdk.OutcomeUnknownError:
        return None  # reconcile through client.operations.list before retrying
    except plisio_sdk.APIError as exc:
        fields: Dict[str, List[str]] = exc.field_errors
        raise RuntimeError(f"refused ({exc.plisio_code}): {fields}") from exc
    fee: Optional[Decimal] = w.fee
    assert fee is None or fee >= 0
    return w.id


def handle_callback(body: bytes, content_type: Optional[str], secret: str) -> str:
    try:
        event: plisio_sdk.CallbackEvent = webhooks.verify(body, secret, content_type)
    except plisio_sdk.SignatureError as exc:
        return f"rejected: {exc.reason}"
    when: Optional[datetime] = event.expire_at
    paid: bool = event.is_paid
    return f"{event.ipn_type} {event.txn_id} {event.status} paid={paid} expires={when}"


async def dashboard(client: plisio_sdk.AsyncClient) -> List[str]:
    shop, balance, page = await asyncio.gather(client.shop.get(), client.balances.get("BTC"), client.operations.list(limit=5))
    lines = [f"{shop.name}: {balance.balance} {balance.psys_cid}", f"{page.meta.total_count} operations"]
    async for op in client.operations.iter(limit=5):
        lines.append(f"{op.id} {op.type} {op.created_at.isoformat() if op.created_at else '-'}")
    plans: plisio_sdk.FeePlans = await client.fees.plans("BTC")
    lines.extend(f"{name}: {p.value}" for name, p in plans.plans.items())
    return lines


def main(mock: MockServer) -> List[str]:
    client = mock.client()
    deposit: plisio_sdk.Deposit = client.deposits.create(uid="typed", currencies=["BTC"])[0]
    out = [deposit.address]
    out.append(str(pay_out(client, deposit.address, Decimal("0.0001"))))
    out.append(str(reconcile(client)))
    # Nothing listens on port 9: the delivery fails, but the signed body is in the result.
    result: SimulationResult = mock.pay_in("typed", "BTC", Decimal("0.01"), callback_url="http://127.0.0.1:9/plisio", format="urlencoded")
    if result.callback is not None:
        out.append(handle_callback(result.callback.body_bytes, result.callback.content_type, mock.api_key))
    out.extend(asyncio.run(dashboard(mock.async_client())))
    return out
