"""negotiation: a lab for simulating multi-party negotiations described in YAML.

>>> import negotiation
>>> res = negotiation.run("scenarios/alaska-summit-2025.yaml", draws=2000, seed=1)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

if TYPE_CHECKING:
    from negotiation.api import Results, load, run, run_experiment
    from negotiation.engine.scenario import load_scenario


def __getattr__(name: str) -> Any:
    # Lazy, so that `negotiation --help` and `negotiation schema` start fast.
    if name in ("run", "load", "run_experiment", "Results"):
        from negotiation import api

        return getattr(api, name)
    if name == "load_scenario":
        from negotiation.engine.scenario import load_scenario

        return load_scenario
    raise AttributeError(f"module 'negotiation' has no attribute {name!r}")


__all__ = ["Results", "__version__", "load", "load_scenario", "run", "run_experiment"]
