"""Scoring forecasts of dated questions: the Brier score, the log score and calibration (DESIGN §10).

Each forecaster gives a probability p for some of the resolved questions;
o is 1 where the question resolved yes, else 0. Over its N questions:

- the Brier score (Brier 1950), lower is better, 0 for a perfect forecaster
  and 0.25 for one that always says 0.5::

      B = (1/N) sum_i (p_i - o_i)^2

- the log score (Good 1952), higher is better, 0 for a perfect forecaster and
  ln 0.5 = -0.693 for one that always says 0.5::

      L = (1/N) sum_i ln(q_i if o_i = 1 else 1 - q_i),   q_i = min(max(p_i, 0.001), 0.999)

  The clip keeps a confident miss finite: p = 0 on a question that resolved
  yes counts ln 0.001 = -6.91, not minus infinity.

- calibration (a reliability diagram; Murphy & Winkler 1977): the forecasts
  fall into ten bins of width 0.1 ([0, 0.1), ..., [0.9, 1.0], 1.0 in the
  last); per bin, the number of forecasts, their mean probability and the
  share that resolved yes. A calibrated forecaster's points lie on the
  diagonal.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike

from negotiation.results.json_text import json_text

CLIP = (0.001, 0.999)
"""Probabilities are clipped to this interval for the log score."""
BINS = 10
"""Calibration bins of width 1/BINS on [0, 1]."""
MIN_CALIBRATION = 10
"""A forecaster's calibration is drawn once it has at least this many scored questions."""

Kind = Literal["model", "resolutions"]


def brier_score(p: ArrayLike, o: ArrayLike) -> float:
    """The Brier score (Brier 1950): mean of (p - o)^2.

    Parameters
    ----------
    p : array_like, shape (N,)
        Forecast probabilities in [0, 1].
    o : array_like, shape (N,)
        Outcomes, 1 (yes) or 0 (no).

    Returns
    -------
    float
        In [0, 1]; lower is better. NaN when N = 0.
    """
    p, o = np.asarray(p, dtype=np.float64), np.asarray(o, dtype=np.float64)
    return float(np.mean((p - o) ** 2)) if p.size else float("nan")


def log_terms(p: ArrayLike, o: ArrayLike) -> np.ndarray:
    """Each forecast's log score (Good 1952): ln q where o = 1, ln(1 - q) where o = 0, q = p clipped to :data:`CLIP`.

    Parameters
    ----------
    p, o : array_like, shape (N,)

    Returns
    -------
    ndarray, shape (N,)
        Each in [ln 0.001, ln 0.999].
    """
    q = np.clip(np.asarray(p, dtype=np.float64), *CLIP)
    o = np.asarray(o, dtype=np.float64)
    return np.where(o == 1.0, np.log(q), np.log1p(-q))


def log_score(p: ArrayLike, o: ArrayLike) -> float:
    """The mean log score (Good 1952) with probabilities clipped to :data:`CLIP`; higher is better. NaN when N = 0."""
    terms = log_terms(p, o)
    return float(np.mean(terms)) if terms.size else float("nan")


@dataclass(frozen=True)
class CalibrationBin:
    """One bin of a reliability diagram: forecasts with ``lo <= p < hi`` (``p = 1`` in the last bin).

    Attributes
    ----------
    lo, hi : float
    n : int
        Forecasts in the bin.
    mean_p : float or None
        Their mean probability (None when the bin is empty).
    observed : float or None
        The share of them that resolved yes (None when the bin is empty).
    """

    lo: float
    hi: float
    n: int
    mean_p: float | None
    observed: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"lo": self.lo, "hi": self.hi, "n": self.n, "mean_p": self.mean_p, "observed": self.observed}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CalibrationBin:
        return cls(**{k: data[k] for k in ("lo", "hi", "n", "mean_p", "observed")})


def calibration(p: ArrayLike, o: ArrayLike, bins: int = BINS) -> tuple[CalibrationBin, ...]:
    """The reliability diagram's bins.

    Parameters
    ----------
    p, o : array_like, shape (N,)
        Probabilities in [0, 1] and outcomes in {0, 1}.
    bins : int
        Bins of width 1/bins; p = 1 falls in the last.

    Returns
    -------
    tuple of CalibrationBin, length ``bins``
    """
    p, o = np.asarray(p, dtype=np.float64), np.asarray(o, dtype=np.float64)
    index = np.minimum((p * bins).astype(np.int64), bins - 1)
    n = np.bincount(index, minlength=bins)
    sum_p = np.bincount(index, weights=p, minlength=bins)
    sum_o = np.bincount(index, weights=o, minlength=bins)
    return tuple(
        CalibrationBin(
            lo=k / bins,
            hi=(k + 1) / bins,
            n=int(n[k]),
            mean_p=float(sum_p[k] / n[k]) if n[k] else None,
            observed=float(sum_o[k] / n[k]) if n[k] else None,
        )
        for k in range(bins)
    )


@dataclass(frozen=True)
class ScoredRow:
    """One forecast of one resolved question.

    Attributes
    ----------
    question : str
        ``<scenario name>.<question name>``.
    p : float
        The forecast probability.
    resolved : int
        1 or 0.
    squared_error : float
        (p - resolved)^2, the question's Brier term.
    log_score : float
        The question's log-score term, p clipped to :data:`CLIP`.
    ci95 : (float, float) or None
        The model's 95% interval of p (None for another forecaster).
    """

    question: str
    p: float
    resolved: int
    squared_error: float
    log_score: float
    ci95: tuple[float, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "p": self.p,
            "resolved": self.resolved,
            "squared_error": self.squared_error,
            "log_score": self.log_score,
            "ci95": None if self.ci95 is None else list(self.ci95),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoredRow:
        ci = data.get("ci95")
        return cls(
            data["question"],
            data["p"],
            data["resolved"],
            data["squared_error"],
            data["log_score"],
            None if ci is None else (ci[0], ci[1]),
        )


@dataclass(frozen=True)
class ForecasterScore:
    """One forecaster's scores over the questions it forecast that have resolved.

    Attributes
    ----------
    name : str
        A protocol label of the runs (``kind == "model"``) or a column of the
        resolutions file (``kind == "resolutions"``).
    kind : {"model", "resolutions"}
    n : int
        Questions scored.
    brier : float
    log_score : float
    rows : tuple of ScoredRow
        In the resolutions file's order.
    calibration : tuple of CalibrationBin
    """

    name: str
    kind: Kind
    n: int
    brier: float
    log_score: float
    rows: tuple[ScoredRow, ...]
    calibration: tuple[CalibrationBin, ...]

    @property
    def drawn(self) -> bool:
        """Whether the calibration figure shows this forecaster (N >= :data:`MIN_CALIBRATION`)."""
        return self.n >= MIN_CALIBRATION

    @classmethod
    def of(cls, name: str, kind: Kind, rows: Sequence[tuple[str, float, int, tuple[float, float] | None]]) -> ForecasterScore:
        """Score ``(question, p, resolved, ci95)`` rows."""
        p = np.array([r[1] for r in rows], dtype=np.float64)
        o = np.array([r[2] for r in rows], dtype=np.float64)
        squared, logs = (p - o) ** 2, log_terms(p, o)
        scored = tuple(
            ScoredRow(q, float(pp), int(oo), float(s), float(lg), ci) for (q, pp, oo, ci), s, lg in zip(rows, squared, logs, strict=True)
        )
        return cls(name, kind, len(rows), brier_score(p, o), log_score(p, o), scored, calibration(p, o))

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "n": self.n,
            "brier": self.brier,
            "log_score": self.log_score,
            "calibration_drawn": self.drawn,
            "calibration": [b.to_dict() for b in self.calibration],
            "rows": [r.to_dict() for r in self.rows],
        }

    @classmethod
    def from_dict(cls, name: str, data: Mapping[str, Any]) -> ForecasterScore:
        return cls(
            name,
            data["kind"],
            data["n"],
            data["brier"],
            data["log_score"],
            tuple(ScoredRow.from_dict(r) for r in data["rows"]),
            tuple(CalibrationBin.from_dict(b) for b in data["calibration"]),
        )


@dataclass(frozen=True)
class ScoreSummary:
    """What ``negotiation score`` produced: ``scores.json`` (docs/OUTPUTS.md).

    Attributes
    ----------
    resolutions : str
        The resolutions file as named on the command line.
    runs : tuple of mappings
        Each run scored: ``folder``, ``scenario``, ``summary_sha256``.
    forecasters : mapping
        Forecaster -> :class:`ForecasterScore`, sorted by Brier score (then name); only those with N >= 1.
    not_scored : mapping
        Forecaster -> why it has no score (no resolved question among its forecasts).
    unmatched : tuple of mappings
        Rows of the file whose question no run forecasts: ``question`` and ``line``
        (scored for the file's forecasters only).
    unresolved : tuple of str
        Questions the runs forecast that have no row in the file (not scored).
    clip : (float, float)
        The log score's clip, :data:`CLIP`.
    min_calibration : int
        :data:`MIN_CALIBRATION`.
    """

    resolutions: str
    runs: tuple[Mapping[str, str], ...]
    forecasters: Mapping[str, ForecasterScore]
    not_scored: Mapping[str, str] = field(default_factory=dict)
    unmatched: tuple[Mapping[str, Any], ...] = ()
    unresolved: tuple[str, ...] = ()
    clip: tuple[float, float] = CLIP
    min_calibration: int = MIN_CALIBRATION

    @property
    def kind(self) -> str:
        """``"score"``."""
        return "score"

    @property
    def drawn(self) -> list[str]:
        """The forecasters the calibration figure shows."""
        return [name for name, f in self.forecasters.items() if f.drawn]

    def to_dict(self) -> dict[str, Any]:
        """``scores.json`` as data."""
        return {
            "kind": "score",
            "resolutions": self.resolutions,
            "runs": [dict(r) for r in self.runs],
            "clip": list(self.clip),
            "min_calibration": self.min_calibration,
            "forecasters": {name: f.to_dict() for name, f in self.forecasters.items()},
            "not_scored": dict(self.not_scored),
            "unmatched": [dict(u) for u in self.unmatched],
            "unresolved": list(self.unresolved),
        }

    def to_json(self) -> str:
        """The text of ``scores.json``; ``from_json(text).to_json() == text``."""
        return json_text(self.to_dict())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoreSummary:
        return cls(
            resolutions=data["resolutions"],
            runs=tuple(data["runs"]),
            forecasters={name: ForecasterScore.from_dict(name, f) for name, f in data["forecasters"].items()},
            not_scored=dict(data["not_scored"]),
            unmatched=tuple(data["unmatched"]),
            unresolved=tuple(data["unresolved"]),
            clip=(data["clip"][0], data["clip"][1]),
            min_calibration=data["min_calibration"],
        )

    @classmethod
    def from_json(cls, text: str) -> ScoreSummary:
        return cls.from_dict(json.loads(text))


__all__ = [
    "BINS",
    "CLIP",
    "MIN_CALIBRATION",
    "CalibrationBin",
    "ForecasterScore",
    "ScoreSummary",
    "ScoredRow",
    "brier_score",
    "calibration",
    "log_score",
    "log_terms",
]
