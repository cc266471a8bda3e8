"""Fork safety (gunicorn --preload, celery prefork) and interpreter exit, each in a subprocess
with a timeout: a hang fails the test instead of hanging the suite."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork() does not exist on this platform")

PRELUDE = textwrap.dedent(
    """
    import asyncio, os, signal, sys, traceback
    import plisio_sdk
    from plisio_sdk.testing import MockServer

    def in_child(body, exit_normally=False):
        pid = os.fork()
        if pid == 0:
            signal.alarm(20)  # a hang in the child kills it instead of the test run
            code = 0
            try:
                body()
            except BaseException:
                traceback.print_exc()
                code = 1
            sys.stdout.flush(); sys.stderr.flush()
            if exit_normally:
                sys.exit(code)  # full interpreter shutdown in the child
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)
    """
)


def run(script: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, RUST_BACKTRACE="0")
    proc = subprocess.run(
        [sys.executable, "-c", PRELUDE + textwrap.dedent(script)], capture_output=True, text=True, timeout=timeout, env=env
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc


def test_client_created_in_a_forked_child_works() -> None:
    proc = run(
        """
        mock = MockServer()
        plisio_sdk.Client(mock.api_key, base_url=mock.url).shop.get()  # the runtime exists in the parent

        def child():
            c = plisio_sdk.Client(mock.api_key, base_url=mock.url)
            assert c.shop.get().name == "Plisio Mock Shop"
            ac = plisio_sdk.AsyncClient(mock.api_key, base_url=mock.url)
            assert asyncio.run(ac.balances.get("BTC")).psys_cid == "BTC"
            print("child ok")

        assert in_child(child) == 0
        assert in_child(child, exit_normally=True) == 0
        mock.shutdown()
        """
    )
    assert proc.stdout.count("child ok") == 2


def test_client_carried_across_fork_works_in_parent_and_child() -> None:
    proc = run(
        """
        mock = MockServer()
        client = plisio_sdk.Client(mock.api_key, base_url=mock.url)
        aclient = plisio_sdk.AsyncClient(mock.api_key, base_url=mock.url)
        mock.seed_operations(15)
        assert client.shop.get().name                      # pooled connection + runtime threads
        assert asyncio.run(aclient.shop.get()).name

        def child():
            assert client.shop.get().name == "Plisio Mock Shop"
            assert len(client.operations.list(limit=10)) == 10
            assert len(list(client.operations.iter(limit=4))) == 15
            assert asyncio.run(aclient.balances.get("ETH")).psys_cid == "ETH"
            print("child ok")

        for _ in range(3):
            assert in_child(child) == 0
        assert in_child(child, exit_normally=True) == 0
        assert client.shop.get().name and asyncio.run(aclient.shop.get()).name   # the parent still works
        print("parent ok")
        mock.shutdown()
        """
    )
    assert proc.stdout.count("child ok") == 4 and "parent ok" in proc.stdout


def test_an_iteration_carried_across_fork_raises_a_clear_error() -> None:
    run(
        """
        mock = MockServer()
        mock.seed_operations(10)
        client = plisio_sdk.Client(mock.api_key, base_url=mock.url)
        it = client.operations.iter(limit=3)
        assert next(it).id

        def child():
            try:
                next(it)
            except plisio_sdk.ConfigurationError as exc:
                assert "fork" in str(exc), exc
            else:
                raise AssertionError("expected ConfigurationError")
            try:
                mock.requests()
            except RuntimeError as exc:
                assert "fork" in str(exc), exc
            else:
                raise AssertionError("expected RuntimeError for the parent's MockServer")

        assert in_child(child) == 0
        assert in_child(child, exit_normally=True) == 0
        assert len(list(it)) == 9   # unaffected in the parent
        mock.shutdown()
        """
    )


def test_fork_while_other_threads_are_calling() -> None:
    run(
        """
        import threading
        mock = MockServer()
        client = plisio_sdk.Client(mock.api_key, base_url=mock.url)
        stop = threading.Event()
        def hammer():
            while not stop.is_set():
                client.balances.get("BTC")
        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for t in threads: t.start()

        def child():
            for _ in range(5):
                assert client.shop.get().name

        try:
            for _ in range(5):
                assert in_child(child) == 0
        finally:
            stop.set()
            for t in threads: t.join()
        mock.shutdown()
        """,
        timeout=120,
    )


def test_interpreter_exit_right_after_an_await_is_clean() -> None:
    # The result of the last await is delivered by a runtime thread while asyncio.run returns and
    # the interpreter shuts down; that thread must never touch a finalizing interpreter.
    script = """
        mock = MockServer()
        aclient = plisio_sdk.AsyncClient(mock.api_key, base_url=mock.url)
        async def main():
            await asyncio.gather(*[aclient.shop.get() for _ in range(8)])
            try:
                await plisio_sdk._native._debug_panic("async")
            except plisio_sdk.PlisioError:
                pass
        asyncio.run(main())
        """
    env = dict(os.environ, RUST_BACKTRACE="1")  # a slow panic hook widens the race window
    for _ in range(6):
        proc = subprocess.run([sys.executable, "-c", PRELUDE + textwrap.dedent(script)], capture_output=True, text=True, timeout=60, env=env)
        assert proc.returncode == 0, proc.stderr[-2000:]
