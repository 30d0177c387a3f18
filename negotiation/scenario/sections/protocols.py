"""The ``protocols`` section: which protocols to run, their options, checked against a catalog.

The catalog (protocol name -> :class:`ProtocolOptions`) is given by the
caller, so the scenario layer knows the protocols' options as data and
imports no solver.
"""

from __future__ import annotations

from negotiation.scenario.context import CompileContext, CompiledSections, lookup
from negotiation.scenario.defaults import DEFAULT_PROTOCOLS
from negotiation.scenario.errors import Path, did_you_mean, one_of
from negotiation.scenario.model import ProtocolSpec
from negotiation.scenario.protocol_options import Catalog


def compile_protocols(ctx: CompileContext, catalog: Catalog, compiled: CompiledSections) -> tuple[ProtocolSpec, ...]:
    """The protocols listed (default :data:`DEFAULT_PROTOCOLS`), each checked against its entry in ``catalog``.

    A protocol is checked in this order: its name; each option's own check;
    the required options; the number of parties; then, when all these pass,
    its conflicts with the scenario (``compiled``), each reported at the
    protocol's place in the list. A protocol listed twice with the same
    options is reported once more.
    """
    raw = lookup(ctx.data, ("protocols",), None)
    if raw is None or ctx.is_broken(("protocols",)):
        return tuple(ProtocolSpec(n, {}) for n in DEFAULT_PROTOCOLS)
    out: list[ProtocolSpec] = []
    for i, item in enumerate(raw):
        path: Path = ("protocols", i)
        name, options = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        options = dict(options or {})
        if name not in catalog:
            ctx.bad(path, f"unknown protocol '{name}'{did_you_mean(name, catalog) or '; expected ' + one_of(catalog)}")
            continue
        info = catalog[name]
        ok = True
        for key, value in options.items():
            if key not in info.options:
                ctx.bad((*path, name, key), f"'{name}' has no option '{key}'{did_you_mean(key, info.options)}")
                ok = False
            elif (trouble := info.options[key](value, ctx.party_names)) is not None:
                ctx.bad((*path, name, key), trouble)
                ok = False
        for key in info.required:
            if key not in options:
                ctx.bad(
                    path,
                    f"'{name}' needs the option '{key}', e.g. {{{name}: {{{key}: {ctx.party_names[0] if ctx.party_names else '...'}}}}}",
                )
                ok = False
        if info.parties is not None and len(ctx.party_names) != info.parties:
            ctx.bad(path, f"'{name}' needs exactly {info.parties} parties; this scenario has {len(ctx.party_names)}")
            ok = False
        if ok:
            for trouble in info.conflicts(ctx, options, compiled):
                ctx.bad(path, trouble)
                ok = False
        if any(spec.name == name and spec.options == options for spec in out):
            ctx.bad(path, f"protocol '{name}' is listed twice")
            continue
        if ok:
            out.append(ProtocolSpec(name, options))
    return tuple(out)


__all__ = ["compile_protocols"]
