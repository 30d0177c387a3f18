"""Uniform random numbers for Monte Carlo draws, reproducible whatever the chunking.

Draws are grouped in fixed blocks of :data:`BLOCK` draws. Block ``b`` is
generated from a ``numpy.random.SeedSequence`` keyed by the scenario seed and
``b`` alone, never by the compute chunk, so a run cut into
chunks of any size, or spread over workers, sees the same numbers.

Samplers, each giving a (draws, columns) array of uniforms in (0, 1):

``random``
    Column ``c`` of block ``b`` comes from its own stream keyed by
    ``(seed, hash(column name), b)``: the numbers of
    ``numpy.random.default_rng(numpy.random.SeedSequence([seed, key, b])).random(BLOCK)``.
    A column's numbers therefore do not change when other uncertain
    parameters are added or removed: common random numbers across scenario
    variants. The streams are not built one object at a time: the seed
    sequences of every (block, column) a range of draws needs are hashed
    together in numpy (:func:`pcg64_seeds`, numpy's ``SeedSequence``
    algorithm), and one PCG64 generator is set to each stream's starting
    state in turn; the numbers are the same to the last bit.
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

# numpy's SeedSequence (numpy/random/bit_generator.pyx: pool of 4 words, its hash and mix
# constants) and PCG64's 128-bit LCG multiplier (numpy/random/src/pcg64/pcg64.h).
_POOL = 4
_INIT_A, _MULT_A, _INIT_B, _MULT_B = 0x43B0D7E5, 0x931E8875, 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = 0xCA01F9DD, 0x4973F715
_PCG_MULT = 0x2360ED051FC65DA44385DF649FCCF645
_M32, _M128 = (1 << 32) - 1, (1 << 128) - 1


def _words(value: int) -> list[int]:
    """An integer as numpy's SeedSequence reads it: its 32-bit words, least significant first (0 is one word)."""
    if value < 0:
        raise ValueError(f"a seed must be non-negative, got {value}")
    words = [value & _M32]
    value >>= 32
    while value:
        words.append(value & _M32)
        value >>= 32
    return words


def _chain(init: int, mult: int, n: int) -> list[int]:
    """``init`` and its ``n`` successive products by ``mult``, modulo 2**32 (the hash constants SeedSequence steps through)."""
    out = [init]
    for _ in range(n):
        out.append((out[-1] * mult) & _M32)
    return out


def _seed_words(entropy: NDArray[np.uint32]) -> NDArray[np.uint64]:
    """``SeedSequence(row).generate_state(4, np.uint64)`` for each row of ``entropy``, shape (n, words) -> (n, 4).

    numpy's algorithm (``mix_entropy`` and ``generate_state`` without a spawn key) on every row at once. Within one
    source word, its hashes into the other pool words use consecutive hash constants and do not change the source:
    they are computed together, one array operation for all of them.
    """
    n, width = entropy.shape
    u32 = np.uint32
    hash_a = np.array(_chain(_INIT_A, _MULT_A, _POOL + _POOL * (_POOL - 1) + _POOL * max(0, width - _POOL)), dtype=u32)
    step = 0

    def hashmix(value: NDArray[np.uint32], count: int) -> NDArray[np.uint32]:
        """``value`` (shape (n,) or (count, n)) hashed with the next ``count`` constants, shape (count, n)."""
        nonlocal step
        out = value ^ hash_a[step : step + count, None]
        out *= hash_a[step + 1 : step + count + 1, None]
        out ^= out >> u32(16)
        step += count
        return out

    def mix(x: NDArray[np.uint32], y: NDArray[np.uint32]) -> NDArray[np.uint32]:
        result = u32(_MIX_L) * x
        result -= u32(_MIX_R) * y
        result ^= result >> u32(16)
        return result

    first = np.zeros((_POOL, n), dtype=u32)
    first[: min(width, _POOL)] = entropy[:, :_POOL].T
    pool = hashmix(first, _POOL)
    for src in range(_POOL):
        others = [dst for dst in range(_POOL) if dst != src]
        pool[others] = mix(pool[others], hashmix(pool[src], _POOL - 1))
    for src in range(_POOL, width):
        pool = mix(pool, hashmix(entropy[:, src], _POOL))
    hash_b = np.array(_chain(_INIT_B, _MULT_B, 2 * _POOL), dtype=u32)
    out = pool[np.arange(2 * _POOL) % _POOL] ^ hash_b[:-1, None]
    out *= hash_b[1:, None]
    out ^= out >> u32(16)
    return np.ascontiguousarray(out.T).astype("<u4").view("<u8").astype(np.uint64)


def pcg64_seeds(seed: int, keys: Sequence[int], blocks: Sequence[int]) -> list[tuple[int, int]]:
    """The starting ``(state, inc)`` of ``PCG64(SeedSequence([seed, key, b]))`` for every block ``b`` and key, block by block.

    Parameters
    ----------
    seed : int
        The root seed (non-negative).
    keys : sequence of int
        32-bit column keys (:func:`column_key`).
    blocks : sequence of int
        Block indices (non-negative).

    Returns
    -------
    list of (int, int)
        ``len(blocks) * len(keys)`` pairs, the keys of ``blocks[0]`` first: what
        ``PCG64(...).state["state"]`` holds right after seeding.
    """
    seed_words = _words(seed)
    rows: dict[int, list[tuple[int, list[int]]]] = {}  # entropy length -> (position, entropy words)
    for i, b in enumerate(blocks):
        block_words = _words(b)
        for j, key in enumerate(keys):
            entry = [*seed_words, key, *block_words]
            rows.setdefault(len(entry), []).append((i * len(keys) + j, entry))
    words: list[Any] = [None] * (len(blocks) * len(keys))
    for group in rows.values():
        hashed = _seed_words(np.array([entry for _, entry in group], dtype=np.uint32))
        for (at, _), row in zip(group, hashed.tolist(), strict=True):
            words[at] = row
    seeds = []
    for w0, w1, w2, w3 in words:  # pcg64_set_seed: state 0, inc = 2*initseq + 1, step, state += initstate, step
        inc = ((((w2 << 64) | w3) << 1) | 1) & _M128
        seeds.append((((inc + ((w0 << 64) | w1)) * _PCG_MULT + inc) & _M128, inc))
    return seeds


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
        self._keys = [column_key(name) for name in self.columns]
        self._bits = np.random.PCG64()  # reset to each column's stream in turn (``random``)
        self._gen = np.random.Generator(self._bits)
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
            out = self._random_blocks([b])[0]
        elif self.sampler == "lhs":
            from scipy.stats import qmc  # imported on use: scipy.stats is slow to import

            rng = np.random.default_rng(np.random.SeedSequence([self.seed, _LHS_TAG, b]))
            out = qmc.LatinHypercube(width, rng=rng).random(BLOCK)
        else:
            out = self._sobol_block(b, width)
        np.clip(out, _EDGE, 1.0 - _EDGE, out=out)
        self._cache = (b, out)
        return out

    def _random_blocks(self, blocks: Sequence[int]) -> list[NDArray[np.float64]]:
        """The ``random`` sampler's blocks, before clipping: each column from its own stream, one generator reset to each in turn."""
        width = len(self.columns)
        seeds = iter(pcg64_seeds(self.seed, self._keys, blocks))
        out = []
        for _ in blocks:
            rows = np.empty((width, BLOCK))
            for c in range(width):
                state, inc = next(seeds)
                self._bits.state = {"bit_generator": "PCG64", "state": {"state": state, "inc": inc}, "has_uint32": 0, "uinteger": 0}
                self._gen.random(out=rows[c])
            out.append(rows.T)
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
        ready: dict[int, NDArray[np.float64]] = {}
        if self.sampler == "random" and self.columns and last > first:  # the streams of every block at once
            wanted = [b for b in range(first, last + 1) if self._cache is None or self._cache[0] != b]
            for b, out in zip(wanted, self._random_blocks(wanted), strict=True):
                ready[b] = np.clip(out, _EDGE, 1.0 - _EDGE, out=out)
            if last in ready:
                self._cache = (last, ready[last])
        parts = []
        for b in range(first, last + 1):
            lo = max(start - b * BLOCK, 0)
            hi = min(stop - b * BLOCK, BLOCK)
            parts.append((ready[b] if b in ready else self.block(b))[lo:hi])
        return np.concatenate(parts) if len(parts) > 1 else parts[0].copy()
