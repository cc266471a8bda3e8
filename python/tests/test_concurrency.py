"""One client shared by many threads and tasks; the GIL is released while a call waits, and the
event loop is never blocked."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import List

import plisio_sdk
from plisio_sdk.testing import MockServer

THREADS = 16
CALLS = 12


def test_one_client_shared_by_16_threads(plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    plisio_mock.seed_operations(30)
    to = client.deposits.create(uid="threads", currencies=["BTC"])[0].hash
    plisio_mock.set_balance("BTC", "100")
    plisio_mock.clear_requests()
    barrier = threading.Barrier(THREADS)

    def work(n: int) -> List[str]:
        barrier.wait()
        seen = []
        for i in range(CALLS):
            kind = (n + i) % 4
            if kind == 0:
                seen.append(client.shop.get().name or "")
            elif kind == 1:
                seen.append(str(client.balances.get("BTC").psys_cid))
            elif kind == 2:
                seen.append(str(len(client.operations.list(limit=10, page=1 + i % 3))))
            else:
                w = client.withdrawals.cash_out(currency="BTC", to=to, amount=Decimal("0.0001"))
                seen.append(w.type)
        return seen

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(work, range(THREADS)))
    flat = Counter(x for r in results for x in r)
    total = THREADS * CALLS
    assert sum(flat.values()) == total
    assert flat["Plisio Mock Shop"] == flat["BTC"] == flat["cash_out"] == total // 4
    assert flat["10"] == total // 4
    assert len(plisio_mock.requests()) == total
    withdrawals = [op for op in client.operations.iter(type="cash_out", limit=100) if op.wallet_hash == to]
    assert len(withdrawals) == total // 4, "every withdrawal sent exactly once"


def test_the_gil_is_released_while_waiting(plisio_mock: MockServer, client: plisio_sdk.Client) -> None:
    plisio_mock.push_fault("delay", ms=400, path="shops")
    done = threading.Event()

    def slow() -> None:
        client.shop.get()
        done.set()

    t = threading.Thread(target=slow)
    ticks = 0
    t.start()
    while not done.is_set():
        ticks += 1  # pure Python work: only possible while the other thread does not hold the GIL
        time.sleep(0)
    t.join()
    assert ticks > 100, ticks


async def test_64_concurrent_async_calls(plisio_mock: MockServer, aclient: plisio_sdk.AsyncClient) -> None:
    plisio_mock.seed_operations(20)
    plisio_mock.clear_requests()
    pages = await asyncio.gather(*[aclient.operations.list(limit=10) for _ in range(64)])
    assert all(len(p) == 10 for p in pages)
    assert len({tuple(op.id for op in p) for p in pages}) == 1
    assert len(plisio_mock.requests()) == 64


async def test_the_event_loop_keeps_running_during_a_call(plisio_mock: MockServer, aclient: plisio_sdk.AsyncClient) -> None:
    plisio_mock.push_fault("delay", ms=300, path="shops")
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    task = asyncio.create_task(ticker())
    shop = await aclient.shop.get()
    task.cancel()
    assert shop.name and ticks >= 10, ticks


async def test_cancelling_an_await_is_clean(plisio_mock: MockServer, aclient: plisio_sdk.AsyncClient) -> None:
    plisio_mock.push_fault("delay", ms=1000, path="shops")
    task = asyncio.create_task(aclient.shop.get())
    await asyncio.sleep(0.1)
    task.cancel()
    try:
        await task
        raise AssertionError("the task should have been cancelled")
    except asyncio.CancelledError:
        pass
    assert (await aclient.balances.get("BTC")).psys_cid == "BTC"


def test_async_client_used_from_several_event_loops(plisio_mock: MockServer) -> None:
    aclient = plisio_mock.async_client()

    def run_loop() -> str:
        return asyncio.run(aclient.shop.get()).name or ""

    with ThreadPoolExecutor(4) as pool:
        names = list(pool.map(lambda _: run_loop(), range(8)))
    assert names == ["Plisio Mock Shop"] * 8
