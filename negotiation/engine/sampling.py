"""Uniform random numbers for Monte Carlo draws, reproducible whatever the chunking.

Draws are grouped in fixed blocks of :data:`BLOCK` draws. Block ``b`` is
generated from a ``numpy.random.SeedSequence`` keyed by the scenario seed and
``b`` alone, never by the compute chunk, so a run cut into
chunks of any size, or spread over workers, sees the same numbers.

Samplers, each giving a (draws, columns) array of uniforms in (0, 1):

``random``
    Column ``c`` of block ``b`` comes from its own stream keyed by
    ``(seed, hash(column name), b)``. A column's numbers therefore do not
    change when other uncertain parameters are added or removed: common
    random numbers across scenario variants.
``lhs``
    A Latin hypercube (McKay, Beckman & Conover 1979) of each block: every
    column is stratified into BLOCK equal strata within the block.
``sobol``
    One scrambled Sobol' sequence (Owen scrambling) over the whole run;
    block ``b`` holds its points ``b*BLOCK ... (b+1)*BLOCK - 1``.
    Dimensions follow the column order.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from negotiation.scenario.distributions import UNIFORM_EDGE

BLOCK = 1024
"""Draws per seed block. Part of the reproducibility contract: never change it."""

SOBOL_BITS = 32
"""Bits of the Sobol' sequence: at most 2**32 draws with the sobol sampler."""

_EDGE = UNIFORM_EDGE
_LHS_TAG = 0x4C4853
_SOBOL_TAG = 0x534F42


def column_key(name: str) -> int:
    """A stable 32-bit key for a column name (CRC-32 of its UTF-8 bytes)."""
    return zlib.crc32(name.encode("utf-8"))


class UniformSource:
    """Uniforms for any range of draws, built block by block.

    Parameters
    ----------
    sampler : {"random", "lhs", "sobol"}
    seed : int
        The scenario's root seed.
    columns : sequence of str
        One name per uniform column (an uncertain parameter or an event).
    """

    def __init__(self, sampler: str, seed: int, columns: Sequence[str]):
        if sampler not in ("random", "lhs", "sobol"):
            raise ValueError(f"unknown sampler {sampler!r}")
        self.sampler = sampler
        self.seed = int(seed)
        self.columns = list(columns)
        self._cache: tuple[int, NDArray[np.float64]] | None = None
        self._sobol: Any = None
        self._sobol_next = 0
        self.given: NDArray[np.float64] | None = None

    @classmethod
    def from_array(cls, columns: Sequence[str], uniforms: NDArray[np.float64]) -> UniformSource:
        """A source that serves the given uniforms, shape (draws, columns): a designed
        experiment (a Saltelli design for Sobol' indices) run through the engine."""
        if uniforms.ndim != 2 or uniforms.shape[1] != len(columns):
            raise ValueError(f"expected uniforms of shape (draws, {len(columns)}), got {uniforms.shape}")
        source = cls("random", 0, columns)
        source.given = np.clip(np.asarray(uniforms, dtype=np.float64), _EDGE, 1.0 - _EDGE)
        return source

    def block(self, b: int) -> NDArray[np.float64]:
        """The uniforms of block ``b``, shape (BLOCK, columns), in (0, 1)."""
        if self._cache is not None and self._cache[0] == b:
            return self._cache[1]
        width = len(self.columns)
        if width == 0:
            out = np.empty((BLOCK, 0))
        elif self.sampler == "random":
            out = np.empty((BLOCK, width))
            for c, name in enumerate(self.columns):
                rng = np.random.default_rng(np.random.SeedSequence([self.seed, column_key(name), b]))
                out[:, c] = rng.random(BLOCK)
        elif self.sampler == "lhs":
            from scipy.stats import qmc  # imported on use: scipy.stats is slow to import

            rng = np.random.default_rng(np.random.SeedSequence([self.seed, _LHS_TAG, b]))
            out = qmc.LatinHypercube(width, rng=rng).random(BLOCK)
        else:
            out = self._sobol_block(b, width)
        np.clip(out, _EDGE, 1.0 - _EDGE, out=out)
        self._cache = (b, out)
        return out

    def _sobol_block(self, b: int, width: int) -> NDArray[np.float64]:
        if self._sobol is None or self._sobol_next != b:
            from scipy.stats import qmc

            rng = np.random.default_rng(np.random.SeedSequence([self.seed, _SOBOL_TAG]))
            self._sobol = qmc.Sobol(width, scramble=True, bits=SOBOL_BITS, rng=rng)
            if b:
                self._sobol.fast_forward(b * BLOCK)
        self._sobol_next = b + 1
        return self._sobol.random(BLOCK)

    def draws(self, start: int, stop: int) -> NDArray[np.float64]:
        """Uniforms of draws ``start`` to ``stop - 1``, shape (stop - start, columns)."""
        if self.given is not None:
            return self.given[start:stop].copy()
        first, last = start // BLOCK, (stop - 1) // BLOCK
        parts = []
        for b in range(first, last + 1):
            lo = max(start - b * BLOCK, 0)
            hi = min(stop - b * BLOCK, BLOCK)
            parts.append(self.block(b)[lo:hi])
        return np.concatenate(parts) if len(parts) > 1 else parts[0].copy()
