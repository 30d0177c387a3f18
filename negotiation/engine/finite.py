"""Run-time check that every number a run computes is finite.

Validation accepts only numbers within their limits (``scenario.limits``),
checked at the values a distribution can be drawn at, yet a run can still
make NaN, infinity or a reservation value beyond ``RESERVATION_LIMIT``: events
combine in the draws (an event adding 900 to a reservation value of 900; a
hundred certain ``multiply: 1000`` effects on a weight of 10**6 overflow;
weights moved that far sum past the largest float), and this check is the
last line of defence should validation miss a case (a distribution that
samples infinity, such as ``lognormal: [0, 1000]`` without its limit). Such a
value is never clipped or let through: the first one found stops the run with
:class:`NonFiniteError`, which the command line prints as one located line
(the parameter, the draw, the seed) before exiting 2.

Each check costs one vectorised ``np.isfinite(...).all()`` per array and
chunk; the first bad draw is looked for only when it fails. The checks sit
where values are made: samples (``engine.parameters``), effects, the
renormalised weights (``utility``), reservation values (``engine.chunk``,
``engine.timed``), and a last one on everything a chunk hands to the summary
and the draws table (:func:`require_finite_outcome`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import NDArray

from negotiation.results.outcome import ChunkOutcome
from negotiation.scenario.defaults import RESERVATION_LIMIT
from negotiation.scenario.errors import Path, Problem, ScenarioError, dotted
from negotiation.scenario.model import Scenario
from negotiation.scenario.yamlio import Document

ADVICE_SAMPLE = "bound the distribution (truncnormal, beta, uniform) or narrow its arguments so that every draw is a finite number"
ADVICE_EFFECT = "use an effect that keeps the value a finite number (a smaller factor or addend)"
ADVICE_WEIGHTS = "scale the weights down: only their ratios matter, as they are renormalised in every draw"
ADVICE_DERIVED = "narrow the parameters it is computed from (their distributions and the events acting on them)"
ADVICE_RESERVATION = "keep the reservation value within the limit: narrow its distribution, the war's costs and the events acting on them"


class NonFiniteError(ScenarioError):
    """A run made NaN or infinity; the command line prints it as one located line and exits 2.

    A :class:`ScenarioError` with that one problem, so whatever handles bad
    input handles it too.

    The message reads ``FILE:LINE: dotted.path: draw N (seed S) what happened; what to do``,
    where draw N is the row of the draws table (counted from 0).

    Parameters
    ----------
    file, line, path : str, int, str
        Where the parameter (or the part of the scenario) is written.
    draw : int
        The first draw that went wrong, over the whole run.
    seed : int
        The run's seed, with which the draw is reproduced.
    detail : str
        What happened, e.g. ``sampled inf from {lognormal: [0, 1000]}``.
    advice : str
        What to do about it.
    context : str, optional
        Which run of several it is, e.g. ``in the experiment's point 'offer: 0.5'``.
    """

    def __init__(self, file: str, line: int, path: str, draw: int, seed: int, detail: str, advice: str, context: str | None = None):
        self.file, self.line, self.path = file, line, path
        self.draw, self.seed, self.detail, self.advice, self.context = draw, seed, detail, advice, context
        super().__init__([self.problem])

    def __reduce__(self) -> tuple[type[NonFiniteError], tuple[str, int, str, int, int, str, str, str | None]]:
        """Pickle by the constructor's arguments, so the error crosses from a worker process whole."""
        return (type(self), (self.file, self.line, self.path, self.draw, self.seed, self.detail, self.advice, self.context))

    @property
    def problem(self) -> Problem:
        """The error as a located :class:`Problem`."""
        where = f" {self.context}" if self.context else ""
        message = f"draw {self.draw:,} (seed {self.seed}){where}: {self.detail}; {self.advice}"
        return Problem(self.file, self.line, self.path, message)

    def moved(self, offset: int) -> NonFiniteError:
        """The same error with its draw counted ``offset`` further (a chunk solved from given uniforms counts from 0)."""
        return NonFiniteError(self.file, self.line, self.path, self.draw + offset, self.seed, self.detail, self.advice, self.context)

    def within(self, context: str) -> NonFiniteError:
        """The same error, saying which run of several it happened in (unless it already says)."""
        if self.context:
            return self
        return NonFiniteError(self.file, self.line, self.path, self.draw, self.seed, self.detail, self.advice, context)


def first_bad(x: NDArray[np.float64], limit: float = np.inf) -> int | None:
    """The first row (draw) of ``x`` that holds NaN, infinity or a value beyond +/- ``limit``; None when all is well.

    ``x`` has the draws on its first axis and any shape after it.
    """
    ok = np.isfinite(x) if limit == np.inf else np.abs(x) <= limit
    if ok.all():
        return None
    return int(np.flatnonzero(~ok.reshape(len(x), -1).all(axis=1))[0])


def bad_value(x: NDArray[np.float64], row: int, limit: float = np.inf) -> float:
    """The first number in row ``row`` of ``x`` that is not finite or is beyond +/- ``limit``."""
    flat = np.asarray(x[row], dtype=np.float64).ravel()
    return float(flat[~(np.abs(flat) <= limit) | ~np.isfinite(flat)][0])


def locate(document: Document, path: str | Path) -> tuple[str, int, str]:
    """The file, line and dotted path of a parameter given by its dotted path (or a path of keys)."""
    if not isinstance(path, str):
        file, line = document.where(path)
        return file, line, dotted(path)
    known = {dotted(p): p for p in document.origins}
    probe = path
    while probe:
        if probe in known:
            file, line = document.where(known[probe])
            return file, line, path
        probe = probe.rpartition(".")[0]
    file, line = document.where(())
    return file, line, path


def require_finite(
    x: NDArray[np.float64],
    scenario: Scenario,
    path: str | Path,
    start: int,
    detail: Callable[[float, int], str],
    advice: str = ADVICE_DERIVED,
    limit: float = np.inf,
) -> None:
    """Raise :class:`NonFiniteError` at the first draw where ``x`` is not finite (or beyond +/- ``limit``).

    Parameters
    ----------
    x : ndarray, draws first
        The values of draws ``start``, ``start + 1``, ...
    scenario : Scenario
    path : str or Path
        The parameter (dotted) or the place in the document (keys) to name.
    start : int
        The draw of the first row of ``x``.
    detail : callable
        ``(value, row) -> str``: what happened, given the bad value and its row in ``x``.
    advice : str
        What to do about it.
    limit : float
        The largest absolute value allowed (default: any finite value).
    """
    row = first_bad(x, limit)
    if row is None:
        return
    file, line, where = locate(scenario.document, path)
    raise NonFiniteError(file, line, where, start + row, scenario.monte_carlo.seed, detail(bad_value(x, row, limit), row), advice)


def require_finite_total(
    raw: NDArray[np.float64], scenario: Scenario, path: str | Path, start: int, what: str, advice: str = ADVICE_WEIGHTS
) -> None:
    """Raise :class:`NonFiniteError` where the finite numbers ``raw`` (draws, k) sum past the largest float.

    Renormalising such a row would divide by infinity and give zeros (or NaN) without a word.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        total = raw.sum(axis=-1)
    require_finite(total, scenario, path, start, lambda v, _: f"{what} sum to {show(v)}", advice)


def require_weights_finite(scenario: Scenario, values: Mapping[str, NDArray[np.float64]], start: int) -> None:
    """Raise :class:`NonFiniteError` where a party's weights sum past the largest float (renormalised, they would all be 0)."""
    for party in scenario.parties:
        raw = np.column_stack([values[party.weight[issue.name]] for issue in scenario.issues])
        require_finite_total(raw, scenario, ("parties", party.name, "weight"), start, "the weights")


def require_reservations_finite(scenario: Scenario, d: NDArray[np.float64], start: int) -> None:
    """Raise :class:`NonFiniteError` at the first draw whose reservation value, shape (draws, [periods,] parties),
    is NaN, infinite or beyond +/- :data:`RESERVATION_LIMIT`."""
    for j, party in enumerate(scenario.parties):
        how = "derived from the war lottery " if party.derived_reservation else ""

        def detail(v: float, _: int, how: str = how) -> str:
            if not np.isfinite(v):
                return f"the reservation value {how}is {show(v)}"
            return f"the reservation value {how}is {v:g}, beyond the limit of +/- {RESERVATION_LIMIT:g} (utilities lie in [0, 1])"

        require_finite(d[..., j], scenario, party.reservation, start, detail, ADVICE_RESERVATION, RESERVATION_LIMIT)


def require_recognition_finite(scenario: Scenario, raw: NDArray[np.float64], start: int) -> NDArray[np.float64]:
    """``raw``, the parties' recognition values (draws, parties), after checking that they do not sum past the largest float."""
    require_finite_total(raw, scenario, "parties", start, "the parties' recognition values", ADVICE_WEIGHTS)
    return raw


def show(value: float) -> str:
    """``nan``, ``inf`` or ``-inf``, as a message writes them."""
    return "nan" if np.isnan(value) else ("inf" if value > 0 else "-inf")


def require_finite_outcome(scenario: Scenario, outcome: ChunkOutcome) -> None:
    """Check everything a chunk hands to the summary and the draws table; raise :class:`NonFiniteError` on the first NaN or infinity.

    A slack of ``-inf`` (no package in reach) and NaN in a protocol's float
    extras (undefined in that draw) are meanings, not failures; infinity in
    an extra is a failure.
    """
    start = outcome.start

    def said(what: str) -> Callable[[float, int], str]:
        return lambda v, _: f"{what} is {show(v)}"

    for k, party in enumerate(scenario.party_names):
        where = ("parties", party)
        require_finite(outcome.reservation[:, k], scenario, where, start, said("the reservation value"))
        if outcome.proposal_utility.size:
            require_finite(outcome.proposal_utility[:, k], scenario, where, start, said("the utility of a proposal"))
        for label, draws in outcome.protocols.items():
            require_finite(draws.utility[:, k], scenario, where, start, said(f"the realised utility under {label}"))
    for r, step in enumerate(scenario.ratification):
        require_finite(outcome.support[:, r], scenario, ("ratification", step.name), start, said("the support"))
    slack = np.where(np.isneginf(outcome.slack), 0.0, outcome.slack)
    require_finite(slack, scenario, ("parties",), start, said("the slack"))
    for label, draws in outcome.protocols.items():
        for name, column in draws.extras.items():
            if np.issubdtype(column.dtype, np.floating):
                defined = np.where(np.isnan(column), 0.0, column)
                require_finite(defined, scenario, ("protocols",), start, said(f"{label}'s {name}"))
    if outcome.timeline is not None:
        require_finite(outcome.timeline.nature, scenario, ("no_deal", "outcomes"), start, said("nature's lottery"))
        require_finite(outcome.timeline.beliefs, scenario, ("no_deal",), start, said("a party's belief about the war"))


__all__ = [
    "ADVICE_DERIVED",
    "ADVICE_EFFECT",
    "ADVICE_RESERVATION",
    "ADVICE_SAMPLE",
    "ADVICE_WEIGHTS",
    "RESERVATION_LIMIT",
    "NonFiniteError",
    "bad_value",
    "first_bad",
    "locate",
    "require_finite",
    "require_finite_outcome",
    "require_finite_total",
    "require_recognition_finite",
    "require_reservations_finite",
    "require_weights_finite",
    "show",
]
