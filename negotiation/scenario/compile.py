"""From structurally valid YAML data to a typed :class:`Scenario`, checking cross-references.

The compiler walks the document once, section by section
(``negotiation.scenario.sections``), on one :class:`CompileContext`. It
resolves names (issues, options, parties, grid values) and registers every
numeric leaf as a :class:`Parameter`; each thing that does not resolve becomes
a located :class:`Problem` with a did-you-mean. Subtrees that already failed
the schema are skipped, so one mistake is reported once, and all other
sections are still checked: the user sees every problem in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable

from negotiation.scenario.citations import check_citations
from negotiation.scenario.context import CompileContext, CompiledSections
from negotiation.scenario.errors import Path, Problem
from negotiation.scenario.model import Scenario
from negotiation.scenario.protocol_options import Catalog
from negotiation.scenario.schema import NAME_PATTERN
from negotiation.scenario.sections.clock import compile_clock
from negotiation.scenario.sections.events import compile_events
from negotiation.scenario.sections.exclude import compile_exclude
from negotiation.scenario.sections.issues import compile_issues, compositions
from negotiation.scenario.sections.monte_carlo import compile_monte_carlo
from negotiation.scenario.sections.no_deal import compile_no_deal
from negotiation.scenario.sections.parties import check_patience_effects, compile_parties
from negotiation.scenario.sections.proposals import compile_proposals
from negotiation.scenario.sections.protocols import compile_protocols
from negotiation.scenario.sections.questions import compile_questions
from negotiation.scenario.sections.ratification import compile_ratification
from negotiation.scenario.sections.sources import compile_sources
from negotiation.scenario.sections.stakeholders import compile_stakeholders
from negotiation.scenario.sections.summit import compile_summit
from negotiation.scenario.sections.talks import compile_talks
from negotiation.scenario.yamlio import Document


def compile_scenario(doc: Document, broken: Iterable[Path], catalog: Catalog) -> tuple[Scenario | None, list[Problem]]:
    """Build the typed scenario from a document whose structural problems are at ``broken``.

    Parameters
    ----------
    doc : Document
        The YAML document, overrides applied.
    broken : iterable of Path
        Where the schema reported a problem; nothing there is reported again.
    catalog : mapping
        Protocol name -> :class:`~negotiation.scenario.protocol_options.ProtocolOptions`,
        the protocols a scenario may list.

    Returns
    -------
    scenario : Scenario or None
        ``None`` if anything is wrong.
    problems : list of Problem
        The cross-reference problems.
    """
    ctx = CompileContext(doc, broken)
    as_of, clock = compile_clock(ctx)
    compile_issues(ctx)
    has_lottery = isinstance(ctx.data.get("no_deal"), dict)
    # a no_deal of the wrong type was reported; the parties' reservations are not reported missing as well
    parties = compile_parties(ctx, has_lottery or "no_deal" in ctx.data)
    exclude = compile_exclude(ctx)
    no_deal = compile_no_deal(ctx, clock) if has_lottery else None
    ratification = compile_ratification(ctx)
    stakeholders = compile_stakeholders(ctx, parties)
    summit = compile_summit(ctx, stakeholders)
    events = compile_events(ctx, parties, summit, clock)
    proposals, hindsight = compile_proposals(ctx, exclude)
    protocols = compile_protocols(ctx, catalog, CompiledSections(tuple(parties), tuple(stakeholders), summit))
    check_patience_effects(ctx, parties, events, protocols)
    monte_carlo = compile_monte_carlo(ctx)
    talks = compile_talks(ctx, clock)
    questions = compile_questions(ctx, clock)
    days = compile_sources(ctx, as_of)
    ctx.problems += check_citations(doc, days, as_of, hindsight)
    if ctx.problems or ctx.structural or not isinstance(doc.data, dict):
        return None, ctx.problems
    sources = {str(k): {str(a): str(b) for a, b in v.items()} for k, v in (ctx.data.get("sources") or {}).items()}
    scenario = Scenario(
        name=str(ctx.data["name"]),
        title=str(ctx.data.get("title", ctx.data["name"])),
        issues=tuple(ctx.issues.values()),
        exclude=tuple(exclude),
        parties=tuple(parties),
        no_deal=no_deal,
        ratification=tuple(ratification),
        events=tuple(events),
        proposals=proposals,
        protocols=protocols,
        monte_carlo=monte_carlo,
        parameters=ctx.params,
        document=doc,
        sources=sources,
        stakeholders=tuple(stakeholders),
        summit=summit,
        as_of=as_of,
        clock=clock,
        talks=talks,
        questions=tuple(questions),
        hindsight=hindsight,
    )
    return scenario, []


__all__ = ["NAME_PATTERN", "compile_scenario", "compositions"]
