"""Every endpoint, blocking and asyncio, against the stateful sandbox: real requests, real answers,
state changes checked through other endpoints."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import List

import plisio_sdk
from plisio_sdk.testing import MockServer


def _addresses(client: plisio_sdk.Client, currency: str, n: int) -> List[str]:
    """Valid addresses of `currency` (the sandbox checks address shapes per chain)."""
    return [client.deposits.create(uid=f"dest-{currency}-{i}", currencies=[currency])[0].hash for i in range(n)]


def test_shop_balances_currencies(client: plisio_sdk.Client) -> None:
    shop = client.shop.get()
    assert shop.name == "Plisio Mock Shop" and shop.white_label is True
    assert shop.raw["name"] == "Plisio Mock Shop"

    balance = client.balances.get("BTC")
    assert balance.psys_cid == "BTC" and isinstance(balance.balance, Decimal) and balance.balance > 0

    coins = client.currencies.list()
    assert {c.cid for c in coins} >= {"BTC", "ETH", "USDT_TRX"}
    assert all(c.fiat == "USD" for c in coins)
    eur = client.currencies.list("EUR")
    assert all(c.fiat == "EUR" for c in eur) and isinstance(eur[0].fiat_rate, Decimal)


def test_fees(client: plisio_sdk.Client) -> None:
    plans = client.fees.plans("BTC")
    assert {"economy", "normal", "priority"} <= plans.plans.keys()
    assert all(isinstance(p.value, Decimal) for p in plans.plans.values())

    (to,) = _addresses(client, "BTC", 1)
    estimate = client.fees.estimate(currency="BTC", payouts=[(to, "0.001")])
    assert isinstance(estimate.fee, Decimal) and estimate.fee > 0
    by_plan = client.fees.estimate(currency="BTC", payouts={to: Decimal("0.001")}, fee_plan="priority")
    assert by_plan.fee >= estimate.fee

    commission = client.fees.commission(currency="BTC")
    assert commission.fee is not None and commission.plans
    with_payouts = client.fees.commission(currency="BTC", payouts=[(to, "0.01")], type="cash_out", fee_plan="normal")
    assert with_payouts.fee is not None


def test_deposits_create_list_iter(plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    one = client.deposits.create(uid="user-1", currencies="BTC")
    assert len(one) == 1 and one[0].uid == "user-1" and one[0].psys_cid == "BTC" and one[0].address == one[0].hash
    again = client.deposits.create(uid="user-1", currencies=["BTC"])
    assert again[0].hash == one[0].hash, "a user's address is permanent"
    several = client.deposits.create(uid="user-2", currencies=["BTC", "ETH", "USDT_TRX"])
    assert [d.psys_cid for d in several] == ["BTC", "ETH", "USDT_TRX"]

    page = client.deposits.list(uid="user-2", limit=2)
    assert page.page == 1 and page.limit == 2 and len(page.deposits) == 2 and page.has_more
    everything = list(client.deposits.iter(limit=2))
    assert {(d.uid, d.psys_cid) for d in everything} == {("user-1", "BTC"), ("user-2", "BTC"), ("user-2", "ETH"), ("user-2", "USDT_TRX")}
    only_btc = client.deposits.list(currencies=["BTC"])
    assert {d.psys_cid for d in only_btc.deposits} == {"BTC"}


def test_withdrawals_move_money_once(plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    a, b = _addresses(client, "BTC", 2)
    before = client.balances.get("BTC").balance
    plisio_mock.clear_requests()
    w = client.withdrawals.cash_out(currency="BTC", to=a, amount=Decimal("0.00120000"), fee_plan="normal")
    assert w.type == "cash_out" and w.amount == Decimal("0.0012") and str(w.amount) == "0.00120000"
    assert w.wallet_hash == a and w.fee is not None and w.fee > 0
    assert len([r for r in plisio_mock.requests() if r.path.endswith("operations/withdraw")]) == 1
    after = client.balances.get("BTC").balance
    assert before - after == w.amount + w.fee

    m = client.withdrawals.mass_cash_out(currency="BTC", payouts=[(a, "0.0002"), (b, 3 * Decimal("0.0001"))])
    assert m.type == "mass_cash_out"
    assert {p.to: p.amount for p in m.sendmany} == {a: Decimal("0.0002"), b: Decimal("0.0003")}
    m2 = client.withdrawals.mass_cash_out(currency="BTC", payouts={a: "0.0004", b: 1})
    assert {p.to: p.amount for p in m2.sendmany} == {a: Decimal("0.0004"), b: Decimal("1")}
    m3 = client.withdrawals.mass_cash_out(currency="BTC", to=[a, b], amounts=["0.0001", Decimal("0.0002")])
    assert {p.to for p in m3.sendmany} == {a, b}

    fetched = client.operations.get(w.id)
    assert fetched.id == w.id and fetched.amount == w.amount and fetched == client.operations.get(w.id)


def test_invoices_create_get_and_pay(plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    inv = client.invoices.create(order_name="Order 1", order_number="ord-1", currency="BTC", amount="0.0015", email="buyer@example.com")
    assert inv.txn_id and inv.status == "new" and inv.amount == Decimal("0.0015")
    assert isinstance(inv.expire_at, datetime) and inv.expire_at.tzinfo is not None
    fiat = client.invoices.create(order_name="Order 2", order_number="ord-2", source_currency="USD", source_amount=Decimal("15.00"), allowed_psys_cids=["BTC", "ETH"])
    assert fiat.source_currency == "USD" and fiat.amount is not None and fiat.amount > 0
    assert client.invoices.get(fiat.txn_id or "").invoice.source_amount == Decimal("15")
    assert [c.cid for c in client.invoices.get(fiat.txn_id or "").allowed_psys_cids] == ["BTC", "ETH"]
    existing = client.invoices.create(order_name="Order 1", order_number="ord-1", currency="BTC", amount="0.0015", return_existing=True)
    assert existing.txn_id == inv.txn_id

    details = client.invoices.get(inv.txn_id)
    assert details.invoice.txn_id == inv.txn_id and details.invoice.status == "new"
    assert details.raw["invoice"]["txn_id"] == inv.txn_id

    result = plisio_mock.pay_invoice(inv.txn_id)
    assert result.callback is None and result.callback_skipped, "no callback URL configured"
    paid = client.invoices.get(inv.txn_id).invoice
    assert paid.status == "completed"
    ops = client.operations.list(type="invoice", status="completed")
    assert any(op.id == inv.txn_id and op.is_paid and op.is_final for op in ops.operations)
    assert client.operations.list(search="ord-1").operations[0].id == inv.txn_id


def test_operations_pagination(plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    assert plisio_mock.seed_operations(25, type="cash_out", currency="BTC") == 25
    first = client.operations.list(limit=10)
    assert len(first) == 10 and first.meta.total_count == 25 and first.meta.page_count == 3
    assert first.meta.current_page == 1 and first.next_page == 2
    assert first.links.next is not None and plisio_mock.api_key not in repr(first.links.to_dict())
    last = client.operations.list(limit=10, page=3)
    assert len(last.operations) == 5 and last.next_page is None
    assert all(isinstance(op.created_at, datetime) and op.created_at.tzinfo == timezone.utc for op in first)

    plisio_mock.clear_requests()
    ids = [op.id for op in client.operations.iter(limit=10)]
    assert len(ids) == 25 == len(set(ids))
    assert len(plisio_mock.requests()) == 3, "pages are fetched lazily, one request each"
    filtered = list(client.operations.iter(type="cash_out", currency="BTC", limit=100))
    assert len(filtered) == 25 and all(op.type == "cash_out" for op in filtered)
    assert list(client.operations.iter(type="invoice")) == []

    it = client.operations.iter(limit=10)
    assert next(it).id == ids[0]
    assert iter(it) is it


async def test_every_endpoint_async(plisio_mock: MockServer, client: plisio_sdk.Client, aclient: plisio_sdk.AsyncClient) -> None:
    a, b = _addresses(client, "BTC", 2)
    plisio_mock.set_balance("BTC", 10)
    assert plisio_mock.balance("BTC") == 10
    assert (await aclient.shop.get()).name == "Plisio Mock Shop"
    assert (await aclient.balances.get("ETH")).psys_cid == "ETH"
    assert len(await aclient.currencies.list()) > 3
    assert "normal" in (await aclient.fees.plans("BTC")).plans
    assert (await aclient.fees.estimate(currency="BTC", payouts=[(a, "0.001")])).fee > 0
    assert (await aclient.fees.commission(currency="BTC")).fee is not None

    deposits = await aclient.deposits.create(uid="async-user", currencies=["LTC", "DOGE"])
    assert [d.psys_cid for d in deposits] == ["LTC", "DOGE"]
    assert len((await aclient.deposits.list(uid="async-user")).deposits) == 2
    assert len([d async for d in aclient.deposits.iter(uid="async-user", limit=1)]) == 2

    w = await aclient.withdrawals.cash_out(currency="BTC", to=a, amount="0.0001")
    assert (await aclient.operations.get(w.id)).id == w.id
    m = await aclient.withdrawals.mass_cash_out(currency="BTC", payouts={a: "0.0001", b: "0.0002"})
    assert len(m.sendmany) == 2
    m2 = await aclient.withdrawals.mass_cash_out(currency="BTC", to=[a, b], amounts=[1, 2])
    assert sorted(p.amount for p in m2.sendmany) == [1, 2]

    inv = await aclient.invoices.create(order_name="A", order_number="async-1", currency="BTC", amount=Decimal("0.002"))
    assert (await aclient.invoices.get(inv.txn_id or "")).invoice.txn_id == inv.txn_id
    await plisio_mock.pay_invoice_async(inv.txn_id or "", amount="0.001")
    assert (await aclient.invoices.get(inv.txn_id or "")).invoice.status == "pending"

    plisio_mock.seed_operations(12)
    page = await aclient.operations.list(limit=5)
    assert len(page) == 5
    ids = [op.id async for op in aclient.operations.iter(limit=5)]
    assert len(ids) == len(set(ids)) == page.meta.total_count
    await aclient.close()
