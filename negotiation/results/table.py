"""The draws table: one row per draw, streamed chunk by chunk to parquet.

Columns:

- ``draw``: the draw's index;
- ``<parameter path>``: each uncertain parameter as sampled (before events);
- ``event.<name>``: whether the event fired;
- ``reservation.<party>``: the reservation value used (after events);
- ``slack``: the largest common rise of every reservation value that still
  leaves a deal (negative: no package of the win-set acceptable to all;
  -inf: an empty win-set; with a clock, the largest over the talks);
- per protocol ``<p>``: ``<p>.package`` (index, -1 for no deal), ``<p>.deal``,
  ``<p>.<issue>`` (the value chosen; null on no deal) or, for a split issue,
  ``<p>.<issue>.<party>`` (each party's share, in the issue's party order;
  null on no deal), ``<p>.utility.<party>``
  (reservation value on no deal), ``<p>.pivotal.<party>``,
  ``<p>.blocking.<name>`` per party and then per ratification step (in a
  no-deal draw, that constraint alone stands between the draw and a deal); for protocols with
  rounds ``<p>.round``, with proposers ``<p>.proposer``, and any further
  per-draw number a protocol reports, e.g. ``<p>.p_war``; with ratification
  steps, ``<p>.unconstrained.package`` (the choice when ratification is
  ignored, on the same draw) and ``<p>.ratification.<step>`` ("not needed",
  "passes" or "fails" for that package); with a step the negotiators cannot
  see (``observed: false``), ``<p>.failed_at_home`` (a package the protocol
  chose was rejected at home: no deal, or with a clock no deal at that talk)
  and ``<p>.failed_at_home.<step>`` for each such step; with a clock ``<p>.period`` (the
  period of agreement; null where no deal by the horizon);
- per proposal ``<q>``: ``proposal.<q>.accept.<party>`` (the party weakly prefers
  it to no deal) and ``proposal.<q>.all_accept`` (every party does and it is ratifiable).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from negotiation.results.outcome import ChunkOutcome
from negotiation.scenario.model import Issue, Scenario

VERDICTS = ("not needed", "passes", "fails")
"""How a ratification step treats the package a protocol picks when ratification is ignored."""


def issue_columns(prefix: str, issue: Issue, codes: NDArray[np.intp], deal: NDArray[np.bool_]) -> dict[str, pa.Array]:
    """The columns of one issue's chosen value, by name.

    Parameters
    ----------
    prefix : str
        ``<protocol label>.<issue name>``.
    issue : Issue
    codes : ndarray of int, shape (draws,)
        The option chosen in each draw (any option on no deal).
    deal : ndarray of bool, shape (draws,)
        Draws that end in a deal; the others are null.

    Returns
    -------
    dict of str to pyarrow.Array
        A numeric issue: ``{prefix: float64}``; a categorical one: ``{prefix: dictionary of the
        option names}``; a split issue: ``{prefix.<party>: float64}`` per party, in ``issue.split`` order.
    """
    if issue.kind == "numeric":
        return {prefix: pa.array(issue.grid[codes], mask=~deal, type=pa.float64())}
    if issue.kind == "split":
        return {f"{prefix}.{party}": pa.array(issue.shares[codes, k], mask=~deal, type=pa.float64()) for k, party in enumerate(issue.split)}
    labels = pa.array([issue.key(j) for j in range(issue.size)], type=pa.string())
    indices = pa.array(codes.astype(np.int32), mask=~deal, type=pa.int32())
    return {prefix: pa.DictionaryArray.from_arrays(indices, labels)}


def coded_columns(scenario: Scenario, schema: pa.Schema) -> list[str]:
    """The columns of ``schema`` that hold codes, in schema order: the ones worth dictionary-encoding in parquet.

    Per protocol: the package chosen (``<p>.package``, ``<p>.unconstrained.package``),
    each issue's value (``<p>.<issue>``, or ``<p>.<issue>.<party>`` for a split
    issue: one of the issue's few options in every draw), ``<p>.round``,
    ``<p>.period``, ``<p>.proposer`` and ``<p>.ratification.<step>``. The other
    columns are mostly random floats, which a dictionary does not shrink, or
    booleans, which parquet does not dictionary-encode.
    """
    coded: set[str] = set()
    for spec in scenario.protocols:
        p = spec.label
        coded.update((f"{p}.package", f"{p}.unconstrained.package", f"{p}.round", f"{p}.period", f"{p}.proposer"))
        for issue in scenario.issues:
            if issue.kind == "split":
                coded.update(f"{p}.{issue.name}.{party}" for party in issue.split)
            else:
                coded.add(f"{p}.{issue.name}")
        coded.update(f"{p}.ratification.{step.name}" for step in scenario.ratification)
    return [name for name in schema.names if name in coded]


def chunk_table(scenario: Scenario, codes: NDArray[np.intp], chunk: ChunkOutcome) -> pa.Table:
    """The rows of one chunk as an Arrow table.

    Parameters
    ----------
    scenario : Scenario
    codes : ndarray, shape (packages, issues)
        Option indices of each package (``OutcomeSpace.codes``).
    chunk : ChunkOutcome
    """
    cols: dict[str, pa.Array] = {"draw": pa.array(np.arange(chunk.start, chunk.stop, dtype=np.int64))}
    for path, values in chunk.sampled.items():
        cols[path] = pa.array(values)
    for j, event in enumerate(scenario.events):
        cols[f"event.{event.name}"] = pa.array(chunk.fired[:, j])
    for k, party in enumerate(scenario.party_names):
        cols[f"reservation.{party}"] = pa.array(chunk.reservation[:, k])
    if chunk.slack.size:
        cols["slack"] = pa.array(chunk.slack)
    for label, draws in chunk.protocols.items():
        deal = draws.deal
        cols[f"{label}.package"] = pa.array(draws.choice.astype(np.int32))
        cols[f"{label}.deal"] = pa.array(deal)
        if draws.period is not None:
            cols[f"{label}.period"] = pa.array(draws.period, mask=draws.period < 0, type=pa.int64())
        chosen = codes[np.where(deal, draws.choice, 0)]
        for i, issue in enumerate(scenario.issues):
            cols.update(issue_columns(f"{label}.{issue.name}", issue, chosen[:, i], deal))
        for k, party in enumerate(scenario.party_names):
            cols[f"{label}.utility.{party}"] = pa.array(draws.utility[:, k])
        for k, party in enumerate(scenario.party_names):
            cols[f"{label}.pivotal.{party}"] = pa.array(draws.pivotal[:, k])
        if draws.blocking is not None:
            for k, name in enumerate([*scenario.party_names, *(step.name for step in scenario.ratification)]):
                cols[f"{label}.blocking.{name}"] = pa.array(draws.blocking[:, k])
        if draws.rounds is not None:
            cols[f"{label}.round"] = pa.array(draws.rounds)
        if draws.proposer is not None:
            names = pa.array(list(scenario.party_names), type=pa.string())
            known = draws.proposer >= 0
            cols[f"{label}.proposer"] = pa.DictionaryArray.from_arrays(
                pa.array(np.where(known, draws.proposer, 0).astype(np.int32), mask=~known, type=pa.int32()), names
            )
        if draws.free_choice is not None and draws.needs is not None and draws.passes is not None:
            cols[f"{label}.unconstrained.package"] = pa.array(draws.free_choice.astype(np.int32))
            verdict = np.where(draws.needs, np.where(draws.passes, 1, 2), 0).astype(np.int32)
            free = draws.free_choice >= 0
            for r, step in enumerate(scenario.ratification):
                cols[f"{label}.ratification.{step.name}"] = pa.DictionaryArray.from_arrays(
                    pa.array(verdict[:, r], mask=~free), pa.array(VERDICTS)
                )
        if draws.failed is not None:
            cols[f"{label}.failed_at_home"] = pa.array(draws.failed.any(axis=1))
            for r, step in enumerate(scenario.ratification):
                if not step.observed:
                    cols[f"{label}.failed_at_home.{step.name}"] = pa.array(draws.failed[:, r])
        for name, column in draws.extras.items():
            floating = np.issubdtype(column.dtype, np.floating)
            cols[f"{label}.{name}"] = pa.array(column, mask=~np.isfinite(column) if floating else column < 0)
    for j, name in enumerate(scenario.proposals):
        cols[f"proposal.{name}.all_accept"] = pa.array(chunk.accept[:, :, j].all(axis=1) & chunk.ratifiable[:, j])
        for k, party in enumerate(scenario.party_names):
            cols[f"proposal.{name}.accept.{party}"] = pa.array(chunk.accept[:, k, j])
    return pa.table(cols)
