"""The typed usage example runs against the sandbox (make test-python also type-checks it with
mypy --strict and checks the stubs with mypy.stubtest)."""

from __future__ import annotations

from plisio_sdk.testing import MockServer
from typing_example import main


def test_the_typed_example_runs(plisio_mock: MockServer) -> None:
    lines = main(plisio_mock)
    assert lines[0].startswith("bc1") and lines[1] != "None"
    assert "'BTC': Decimal('0.00010000')" in lines[2]
    assert lines[3].startswith("pay_in ") and "paid=True" in lines[3]
    assert lines[4] == "Plisio Mock Shop: " + str(plisio_mock.balance("BTC")) + " BTC"
    assert any(line.startswith("normal: ") for line in lines)


def test_mypy_rejects_misuse(tmp_path: "object") -> None:
    """The annotations are precise, not Any: mypy --strict flags a float amount, an unknown
    attribute and a missing await."""
    import subprocess
    import sys
    from pathlib import Path

    bad = Path(str(tmp_path)) / "bad.py"
    bad.write_text(
        "import plisio_sdk\n"
        "c = plisio_sdk.Client('k')\n"
        "c.withdrawals.cash_out(currency='BTC', to='x', amount=0.1)\n"
        "c.shop.get().no_such_field\n"
        "async def f(a: plisio_sdk.AsyncClient) -> str:\n"
        "    return a.shop.get().name or ''\n"
    )
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(bad)], capture_output=True, text=True)
    out = proc.stdout
    assert proc.returncode == 1, out
    assert "bad.py:3: error" in out and "float" in out
    assert "bad.py:4: error" in out and "no_such_field" in out
    assert "bad.py:6: error" in out
