"""The ``exclude`` section: partial packages that are infeasible."""

from __future__ import annotations

from negotiation.scenario.context import CompileContext
from negotiation.scenario.model import PartialPackage
from negotiation.scenario.packages import partial_package


def compile_exclude(ctx: CompileContext) -> list[PartialPackage]:
    """The exclusion rules that resolve, in file order."""
    exclude: list[PartialPackage] = []
    for i, rule in enumerate(ctx.sequence(("exclude",))):
        resolved = partial_package(ctx, rule, ("exclude", i))
        if resolved is not None:
            exclude.append(resolved)
    return exclude


__all__ = ["compile_exclude"]
