"""Mesa is imported only by a run that has the summit: a Nash run, the report and the plots never load it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.smoke
def test_a_nash_run_never_imports_mesa() -> None:
    code = textwrap.dedent(
        """
        import sys
        import negotiation
        from negotiation.cli import main
        import negotiation.plots, negotiation.report

        res = negotiation.run("tests/data/static-baseline.yaml", draws=20, seed=1, protocols=["nash"])
        assert res.summary["draws"] == 20
        print("mesa" in sys.modules, "networkx" in sys.modules)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]


@pytest.mark.smoke
def test_the_summit_names_load_on_first_use() -> None:
    import negotiation.summit as summit
    from negotiation.summit.model import SummitModel
    from negotiation.summit.protocol import summit_protocol

    assert summit.SummitModel is SummitModel
    assert summit.summit_protocol is summit_protocol
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        summit.nothing  # noqa: B018
