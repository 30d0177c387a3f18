"""The ``proposals`` section: named complete packages to test for acceptance.

A proposal may carry ``hindsight: true``: it was first put forward after the
scenario's ``as_of``. It is evaluated like any other (who accepts it), its
comments may cite later sources, and the outputs mark it; nothing else in the
file may rest on it (``negotiation.scenario.citations``).
"""

from __future__ import annotations

from negotiation.scenario.context import CompileContext
from negotiation.scenario.errors import Path
from negotiation.scenario.model import PartialPackage
from negotiation.scenario.packages import complete_package

HINDSIGHT = "hindsight"
"""The key that marks a proposal named in hindsight (so no issue may be named so)."""


def compile_proposals(ctx: CompileContext, exclude: list[PartialPackage]) -> tuple[dict[str, tuple[int, ...]], tuple[str, ...]]:
    """Proposal name -> its package (grid index per issue), and the proposals named in hindsight.

    A proposal an exclusion rule forbids is reported.
    """
    out = {}
    late: list[str] = []
    for name, raw in ctx.section(("proposals",)).items():
        path: Path = ("proposals", name)
        if isinstance(raw, dict) and HINDSIGHT in raw:
            flag = raw[HINDSIGHT]
            if not isinstance(flag, bool):
                if not ctx.is_broken((*path, HINDSIGHT)):
                    ctx.bad((*path, HINDSIGHT), f"'{flag}' is not true or false")
            elif flag:
                late.append(str(name))
            raw = {key: value for key, value in raw.items() if key != HINDSIGHT}
        package = complete_package(ctx, raw, path)
        if package is None:
            continue
        for i, rule in enumerate(exclude):
            if all(package[k] in allowed for k, allowed in rule.items()):
                ctx.bad(path, f"this proposal is excluded by exclude[{i}]")
                break
        else:
            out[name] = package
    return out, tuple(late)


__all__ = ["HINDSIGHT", "compile_proposals"]
