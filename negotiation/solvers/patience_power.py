"""Bargaining power from patience: Nash exponents ``a_p = 1 / (-ln delta_p)``.

Binmore, Rubinstein & Wolinsky (1986) show that as the time between offers
in Rubinstein's (1982) alternating-offers game shrinks, its equilibrium
tends to the asymmetric Nash solution with exponents proportional to
``1 / r_p``, where ``delta_p = exp(-r_p)`` is party p's discount factor per
round. With two parties on a unit pie and reservation values 0, party 1's
share tends to ``ln delta_2 / (ln delta_1 + ln delta_2)``.

``power: from_patience`` on a party gives it ``a_p = 1 / (-ln delta_p)``,
its drawn patience, per draw; on the ``nash`` protocol it does so for every
party. A numeric ``power`` given alongside is on the same scale (a party
with power ``a`` weighs like one with patience ``exp(-1/a)``). Patience 1
would give an infinite exponent and is refused by the scenario compiler;
patience 0 gives exponent 0, so that party's gain drops out of the Nash
product and it is held to what acceptability leaves it (Rubinstein's
responder who cannot wait). Only ratios of exponents matter to the Nash
choice, so rows that use patience are divided by their largest exponent
(which keeps ``gain ** a`` from underflowing when a party is very patient);
a row whose exponents are all 0 (every party with patience 0, the limit of
equal patience) gets equal exponents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.model import FROM_PATIENCE, Party, ProtocolSpec

Floats = NDArray[np.float64]


def exponent_from_patience(patience: Floats) -> Floats:
    """The Nash exponent ``1 / (-ln delta)`` of each discount factor ``delta``.

    Parameters
    ----------
    patience : ndarray, any shape
        Discount factors per round, in [0, 1).

    Returns
    -------
    ndarray, the same shape
        Exponents in [0, inf): 0 where ``delta`` is 0.

    Raises
    ------
    ValueError
        Where some ``delta`` is 1 or more (an infinite exponent) or below 0.

    Notes
    -----
    Binmore, Rubinstein & Wolinsky (1986), section 4: with ``delta_p =
    exp(-r_p h)`` and period ``h -> 0`` the alternating-offers equilibrium
    tends to the Nash solution with exponents ``1 / r_p``; taking ``h = 1``
    as the scenario's round gives ``1 / (-ln delta_p)``.

    Examples
    --------
    >>> exponent_from_patience(np.array([np.exp(-1.0), 0.0]))
    array([1., 0.])
    """
    patience = np.asarray(patience, dtype=np.float64)
    if np.any(patience >= 1.0) or np.any(patience < 0.0):
        bad = patience[(patience >= 1.0) | (patience < 0.0)].flat[0]
        raise ValueError(f"power from patience needs patience in [0, 1), got {bad:g}")
    with np.errstate(divide="ignore"):
        return -1.0 / np.log(patience)


def rescaled(power: Floats) -> Floats:
    """Each row divided by its largest exponent; a row of zeros becomes ones.

    Parameters
    ----------
    power : ndarray, shape (draws, parties)
        Nonnegative exponents.

    Returns
    -------
    ndarray, shape (draws, parties)
        Exponents in [0, 1] with the same ratios, so the same Nash choice.
    """
    top = power.max(axis=1, keepdims=True)
    return np.where(top > 0.0, power / np.where(top > 0.0, top, 1.0), 1.0)


def party_powers(parties: Sequence[Party], values: Mapping[str, Floats], patience: Floats) -> Floats:
    """Each party's Nash exponent per draw: its ``power``, or from its patience.

    Parameters
    ----------
    parties : sequence of Party
        A party whose ``power`` is None takes its exponent from patience.
    values : mapping
        Parameter path -> values per draw, shape (draws,).
    patience : ndarray, shape (draws, parties)
        The drawn discount factors.

    Returns
    -------
    ndarray, shape (draws, parties)
        Exactly the stacked ``power`` values when no party uses patience;
        otherwise rescaled rows (:func:`rescaled`).
    """
    if all(p.power is not None for p in parties):
        return np.column_stack([values[p.power] for p in parties if p.power is not None])
    columns = [exponent_from_patience(patience[:, i]) if p.power is None else values[p.power] for i, p in enumerate(parties)]
    return rescaled(np.column_stack(columns))


def protocol_powers(power: Floats, patience: Floats, spec: ProtocolSpec) -> Floats:
    """The exponents a protocol uses: every party's from patience under the option ``power: from_patience``.

    Parameters
    ----------
    power, patience : ndarray, shape (draws, parties)
    spec : ProtocolSpec

    Returns
    -------
    ndarray, shape (draws, parties)
    """
    if spec.options.get("power") == FROM_PATIENCE:
        return rescaled(exponent_from_patience(patience))
    return power


__all__ = ["FROM_PATIENCE", "exponent_from_patience", "party_powers", "protocol_powers", "rescaled"]
