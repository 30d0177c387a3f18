"""The ``proposals`` section: named complete packages to test for acceptance."""

from __future__ import annotations

from negotiation.scenario.context import CompileContext
from negotiation.scenario.errors import Path
from negotiation.scenario.model import PartialPackage
from negotiation.scenario.packages import complete_package


def compile_proposals(ctx: CompileContext, exclude: list[PartialPackage]) -> dict[str, tuple[int, ...]]:
    """Proposal name -> its package (grid index per issue); a proposal an exclusion rule forbids is reported."""
    out = {}
    for name, raw in ctx.section(("proposals",)).items():
        path: Path = ("proposals", name)
        package = complete_package(ctx, raw, path)
        if package is None:
            continue
        for i, rule in enumerate(exclude):
            if all(package[k] in allowed for k, allowed in rule.items()):
                ctx.bad(path, f"this proposal is excluded by exclude[{i}]")
                break
        else:
            out[name] = package
    return out


__all__ = ["compile_proposals"]
