"""Interpreter noise: reproducible normal draws per (draw, round, party), with no per-draw loop.

Each draw carries one uniform key (its protocol column). The noise of party
q in round t of that draw is a standard normal obtained by hashing
(key, t, q) with the SplitMix64 finaliser (Steele, Lea & Flood 2014) and
taking the normal quantile of the result. A draw's noise therefore depends on
that draw alone: the same whether it runs in a chunk of thousands or alone.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtri

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_ROUND = np.uint64(0xD1B54A32D192ED03)
_PARTY = np.uint64(0x8CB92BA72F3D8DD7)


def draw_keys(uniform: NDArray[np.float64]) -> NDArray[np.uint64]:
    """64-bit keys from uniforms in (0, 1), shape of ``uniform``."""
    return np.floor(uniform * 2.0**53).astype(np.uint64)


def _mix(z: NDArray[np.uint64]) -> NDArray[np.uint64]:
    z = z + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def normals(keys: NDArray[np.uint64], t: int, parties: NDArray[np.intp]) -> NDArray[np.float64]:
    """Standard normals for round ``t``, shape (draws, len(parties)).

    Parameters
    ----------
    keys : ndarray of uint64, shape (draws,)
    t : int
        Round, 1-based.
    parties : ndarray of intp
        Party indices.
    """
    with np.errstate(over="ignore"):
        z = keys[:, None] ^ (np.uint64(t) * _ROUND) ^ ((parties.astype(np.uint64) + np.uint64(1)) * _PARTY)[None, :]
        bits = _mix(_mix(z))
    u = ((bits >> np.uint64(11)).astype(np.float64) + 0.5) * 2.0**-53
    return np.asarray(ndtri(u), dtype=np.float64)


__all__ = ["draw_keys", "normals"]
