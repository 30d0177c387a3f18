"""Per-draw parameter values: sample distributions, fire events, apply their effects.

For a range of draws this gives every numeric leaf of the scenario as an array
of shape (draws,). Uncertain leaves are their distribution's inverse CDF at
the sampler's uniforms; events fire where their uniform is below their
probability. Effects then apply in file order (events in order, effects in
order within an event), each only in the draws where its event fired:

- ``add``: x + a;   ``multiply``: x * a;   ``set``: a.

After the effects every parameter is clipped into its domain (a probability
stays in [0, 1], a weight non-negative). Effects on a reservation value that
the war lottery derives are applied after it is derived.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from negotiation.engine.finite import ADVICE_EFFECT, ADVICE_SAMPLE, require_finite, show
from negotiation.engine.registry import PROTOCOLS
from negotiation.engine.sampling import UniformSource
from negotiation.engine.types import TypeDraw, draw_types, type_columns
from negotiation.scenario.distributions import Distribution
from negotiation.scenario.model import Effect, Event, ProtocolSpec, Scenario

EFFECT_FUNCTIONS: dict[str, Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[np.float64]]] = {
    "add": lambda x, a: x + a,
    "multiply": lambda x, a: x * a,
    "set": lambda x, a: a,
}


def uniform_columns(scenario: Scenario) -> list[str]:
    """Names of the uniform columns: uncertain parameters, events, protocols' own random numbers, the clock's, then the true type's.

    With a clock, one column per period, ``clock.signal.<t>``, gives that
    period's battle signal; a scenario without a clock has none, so its draws
    are those it had before time existed. With ``no_deal.types`` the last
    column, ``no_deal.types.<party>``, draws the true type (``engine.types``).
    """
    columns = [p.path for p in scenario.uncertain] + [f"events.{e.name}" for e in scenario.events]
    for spec in scenario.protocols:
        columns += protocol_columns(spec)
    return columns + signal_columns(scenario) + type_columns(scenario)


def signal_columns(scenario: Scenario) -> list[str]:
    """The uniform columns of the battle signals, ``clock.signal.<t>`` per period (none without a clock)."""
    return [] if scenario.clock is None else [f"clock.signal.{t}" for t in range(scenario.clock.n_periods)]


def protocol_columns(spec: ProtocolSpec) -> list[str]:
    """The uniform columns a protocol draws its random numbers from, ``protocols.<label>.<i>``."""
    return [f"protocols.{spec.label}.{i}" for i in range(PROTOCOLS[spec.name].options.uniforms)]


@dataclass
class DrawnParameters:
    """Parameters of a range of draws.

    Attributes
    ----------
    values : dict
        Dotted path -> array, shape (draws,), after events and clipping.
        Derived reservations are absent until the war lottery fills them.
    sampled : dict
        Dotted path -> array of the uncertain parameters as drawn, before
        events; these are the draws table's parameter columns.
    fired : ndarray of bool, shape (draws, events)
    protocol_uniforms : dict
        Protocol label -> its uniforms, shape (draws, k).
    signal_uniforms : ndarray, shape (draws, periods), or None
        With a clock, the uniforms of each period's battle signal.
    types : TypeDraw or None
        With ``no_deal.types``, each draw's true type (already the draw's war in ``values``).
    """

    values: dict[str, NDArray[np.float64]]
    sampled: dict[str, NDArray[np.float64]]
    fired: NDArray[np.bool_]
    protocol_uniforms: dict[str, NDArray[np.float64]]
    signal_uniforms: NDArray[np.float64] | None = None
    types: TypeDraw | None = None


def draw_parameters(scenario: Scenario, source: UniformSource, start: int, stop: int) -> DrawnParameters:
    """Sample, fire events and apply effects for draws ``start`` to ``stop - 1``."""
    n = stop - start
    uniforms = source.draws(start, stop)
    column = {name: c for c, name in enumerate(source.columns)}
    values: dict[str, NDArray[np.float64]] = {}
    sampled: dict[str, NDArray[np.float64]] = {}
    for path, param in scenario.parameters.items():
        if isinstance(param.value, Distribution):
            law = param.value
            with np.errstate(over="ignore", invalid="ignore"):  # reported below, with the draw
                values[path] = law.ppf(uniforms[:, column[path]])
            require_finite(values[path], scenario, path, start, _sampled(law), ADVICE_SAMPLE)
            sampled[path] = values[path]
        elif param.value is not None:
            values[path] = np.full(n, param.value)
    kinds = type_columns(scenario)
    types = draw_types(scenario, values, uniforms[:, column[kinds[0]]]) if kinds else None
    fired = np.zeros((n, len(scenario.events)), dtype=bool)
    for j, event in enumerate(scenario.events):
        fired[:, j] = uniforms[:, column[f"events.{event.name}"]] < values[event.probability]
    apply_effects(scenario, values, only(fired, unscheduled(scenario)), derived=False, start=start)
    mine = {spec.label: uniforms[:, [column[c] for c in protocol_columns(spec)]] for spec in scenario.protocols}
    signals = signal_columns(scenario)
    return DrawnParameters(values, sampled, fired, mine, uniforms[:, [column[c] for c in signals]] if signals else None, types)


def _sampled(law: Distribution) -> Callable[[float, int], str]:
    """What a non-finite sample says: ``sampled inf from {lognormal: [0, 1000]}``."""
    return lambda v, _: f"sampled {show(v)} from {law.describe()}"


def unscheduled(scenario: Scenario) -> list[int]:
    """Indices of the events that hold from the start (neither a summit round ``at`` nor a date)."""
    return [j for j, e in enumerate(scenario.events) if e.at is None and e.period is None]


def schedule(scenario: Scenario) -> list[tuple[int, list[int]]]:
    """The scheduled events grouped by the summit round they happen at, in time order."""
    rounds = sorted({e.at for e in scenario.events if e.at is not None})
    return [(r, [j for j, e in enumerate(scenario.events) if e.at == r]) for r in rounds]


def only(fired: NDArray[np.bool_], events: list[int]) -> NDArray[np.bool_]:
    """``fired`` with every event not in ``events`` switched off."""
    keep = np.zeros(fired.shape[1], dtype=bool)
    keep[events] = True
    return fired & keep


def apply_effects(
    scenario: Scenario,
    values: dict[str, NDArray[np.float64]],
    fired: NDArray[np.bool_],
    *,
    derived: bool,
    start: int = 0,
) -> None:
    """Apply event effects in place, then clip the affected parameters into their domains.

    ``derived`` selects the effects on derived reservation values (True) or
    on every other parameter (False). An effect that overflows stops the run
    (``engine.finite``), before any clipping; ``start`` is the draw of the
    first row, for that message.
    """
    touched: set[str] = set()
    for j, event in enumerate(scenario.events):
        for effect in _effects(event, scenario, derived):
            x = values[effect.target]
            with np.errstate(over="ignore", invalid="ignore"):  # reported below, with the draw
                values[effect.target] = np.where(fired[:, j], EFFECT_FUNCTIONS[effect.op](x, values[effect.operand]), x)
            require_effect_finite(scenario, event, effect, values, start)
            touched.add(effect.target)
    for path in touched:
        domain = scenario.parameters[path].domain
        np.clip(values[path], domain.lo, domain.hi, out=values[path])


def require_effect_finite(scenario: Scenario, event: Event, effect: Effect, values: dict[str, NDArray[np.float64]], start: int) -> None:
    """Stop the run (``engine.finite``) where ``effect`` of ``event`` left its target NaN or infinite."""
    target = values[effect.target]

    def detail(v: float, row: int) -> str:
        operand = values[effect.operand]
        a = float(operand[row] if operand.ndim else operand)
        return f"{effect.op} {a:g} made {effect.target} {show(v)}"

    require_finite(target, scenario, ("events", event.name, "effects", effect.target), start, detail, ADVICE_EFFECT)


def _effects(event: Event, scenario: Scenario, derived: bool) -> list[Effect]:
    return [e for e in event.effects if (scenario.parameters[e.target].value is None) == derived]
