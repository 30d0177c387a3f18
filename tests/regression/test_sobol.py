"""Sobol' indices against the closed forms of the Ishigami function, and the wrapper's contract.

The Ishigami function (Ishigami & Homma 1990, "An importance quantification
technique in uncertainty analysis for computer models", ISUMA '90, IEEE,
doi:10.1109/ISUMA.1990.151285),

    f(x) = sin x1 + a sin^2 x2 + b x3^4 sin x1,   x uniform on [-pi, pi]^3,

has analytic variance components (Sobol' & Levitan 1999, Computer Physics
Communications 117: 52-61; Saltelli et al. 2008, Global Sensitivity Analysis:
The Primer, Wiley):

    V   = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2
    V1  = (1 + b pi^4/5)^2 / 2,   V2 = a^2/8,   V3 = 0
    V13 = b^2 pi^8 (1/18 - 1/50), the only interaction.

So S1 = (V1, V2, 0)/V and ST = (V1 + V13, V2, V13)/V; with a = 7, b = 0.1,
S1 = (0.3139, 0.4424, 0) and ST = (0.5576, 0.4424, 0.2437).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from numpy.typing import NDArray
from scipy.stats import norm

from negotiation.experiment.sobol import Index, Sensitivity, design, estimators, sobol, to_json, top

A, B = 7.0, 0.1
INPUTS = ["x1", "x2", "x3"]


def ishigami(u: NDArray[np.float64]) -> NDArray[np.float64]:
    """The Ishigami function of uniforms on (0, 1), shape (3, m) -> (1, m)."""
    x = -math.pi + 2.0 * math.pi * u
    return (np.sin(x[0]) + A * np.sin(x[1]) ** 2 + B * x[2] ** 4 * np.sin(x[0]))[np.newaxis]


def analytic() -> tuple[list[float], list[float]]:
    """(S1, ST) of the Ishigami function from the closed forms of the module docstring."""
    pi = math.pi
    v = A**2 / 8 + B * pi**4 / 5 + B**2 * pi**8 / 18 + 0.5
    v1 = 0.5 * (1 + B * pi**4 / 5) ** 2
    v2 = A**2 / 8
    v13 = B**2 * pi**8 * (1 / 18 - 1 / 50)
    return [v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v]


@pytest.fixture(scope="module")
def ishigami_result() -> Sensitivity:
    return sobol(ishigami, INPUTS, ["f"], 2**12, 20240611)


def test_closed_forms_match_the_published_values() -> None:
    first, total = analytic()
    assert np.allclose(first, [0.3139, 0.4424, 0.0], atol=5e-5)
    assert np.allclose(total, [0.5576, 0.4424, 0.2437], atol=5e-5)


@pytest.mark.parametrize("order", ["first", "total"])
def test_ishigami_indices_match_closed_forms(ishigami_result: Sensitivity, order: str) -> None:
    truth = analytic()[0 if order == "first" else 1]
    got: list[Index] = getattr(ishigami_result, order)[0]
    for name, index, exact in zip(INPUTS, got, truth, strict=True):
        slack = 1e-3 if exact == 0.0 else 0.0  # S1 of x3 is exactly 0, on the edge of where noise puts it
        assert index.low - slack <= exact <= index.high + slack, (order, name, index, exact)
        assert abs(index.value - exact) < 0.03, (order, name, index, exact)
        assert index.low <= index.value <= index.high


def test_ishigami_bookkeeping(ishigami_result: Sensitivity) -> None:
    r = ishigami_result
    assert r.names == tuple(INPUTS) and r.outputs == ("f",)
    assert r.samples == 2**12 and r.evaluations == 2**12 * 5
    assert r.confidence == 0.95 and r.constant == (False,)
    assert [name for name, _, _ in top(r, "f", 2)] == ["x1", "x2"]
    name, first, total = top(r, "f", 5)[-1]
    assert name == "x3" and first is r.first[0][2] and total is r.total[0][2]


def test_constant_output_is_flagged_without_warnings() -> None:
    def model(u: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.stack([np.ones(u.shape[1]), u[0] + 0.5 * u[1] ** 2, np.full(u.shape[1], 0.3)])

    r = sobol(model, ["a", "b"], ["deal", "score", "share"], 2**8, 3)
    assert r.constant == (True, False, True)
    for k in (0, 2):
        assert top(r, r.outputs[k], 2) == []
        for index in (*r.first[k], *r.total[k]):
            assert math.isnan(index.value) and math.isnan(index.low) and math.isnan(index.high)
    for index in (*r.first[1], *r.total[1]):
        assert all(math.isfinite(x) for x in (index.value, index.low, index.high))
    assert r.total[1][0].value > r.total[1][1].value > 0.0


def test_an_ignored_input_gets_a_zero_interval() -> None:
    """Every resample gives exactly 0, so BCa is undefined; the percentile interval is [0, 0]."""
    r = sobol(lambda u: u[:1] ** 2, ["used", "ignored"], ["y"], 2**7, 1)
    for index in (r.first[0][1], r.total[0][1]):
        assert (index.value, index.low, index.high) == (0.0, 0.0, 0.0)


def test_uniforms_stay_inside_the_unit_interval() -> None:
    seen: list[NDArray[np.float64]] = []

    def model(u: NDArray[np.float64]) -> NDArray[np.float64]:
        seen.append(u)
        return np.atleast_2d(norm.ppf(u).sum(axis=0))

    r = sobol(model, ["a", "b", "c"], ["y"], 2**6, 9)
    every = np.concatenate(seen, axis=1)
    assert every.shape == (3, r.evaluations)
    assert every.min() >= 2.0**-53 and every.max() <= 1.0 - 2.0**-53
    assert all(math.isfinite(i.value) for i in r.total[0])


@pytest.mark.parametrize("n", [0, 1, 3, 100, 1000, 2.0**8, True])
def test_n_must_be_a_power_of_two(n: int) -> None:
    with pytest.raises(ValueError, match="power of two"):
        sobol(ishigami, INPUTS, ["f"], n, 1)


def test_bad_arguments_and_outputs_are_rejected() -> None:
    with pytest.raises(ValueError, match="input"):
        sobol(ishigami, [], ["f"], 8, 1)
    with pytest.raises(ValueError, match="repeated output"):
        sobol(lambda u: u[:2], ["a", "b"], ["f", "f"], 8, 1)
    with pytest.raises(ValueError, match="shape"):
        sobol(ishigami, INPUTS, ["f", "g"], 8, 1)
    with pytest.raises(ValueError, match="non-finite values for g"):
        sobol(lambda u: np.stack([u[0], np.where(u[0] > 0.5, u[0], np.inf)]), ["a"], ["f", "g"], 8, 1)
    with pytest.raises(ValueError, match="confidence"):
        sobol(ishigami, INPUTS, ["f"], 8, 1, confidence=95)
    with pytest.raises(ValueError, match="unknown output"):
        top(sobol(ishigami, INPUTS, ["f"], 8, 1), "g", 1)


def test_same_seed_same_result() -> None:
    def model(u: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.vstack([ishigami(u), np.zeros((1, u.shape[1]))])

    one = to_json(sobol(model, INPUTS, ["f", "zero"], 2**7, 42, resamples=200))
    two = to_json(sobol(model, INPUTS, ["f", "zero"], 2**7, 42, resamples=200))
    other = to_json(sobol(model, INPUTS, ["f", "zero"], 2**7, 43, resamples=200))
    assert one == two
    assert one != other


def test_to_json_round_trips() -> None:
    def model(u: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.vstack([ishigami(u), np.ones((1, u.shape[1]))])

    r = sobol(model, INPUTS, ["f", "deal"], 2**6, 5, confidence=0.9)
    block = to_json(r)
    assert json.loads(json.dumps(block, allow_nan=False)) == block
    assert block["inputs"] == INPUTS and block["samples"] == 64 and block["evaluations"] == 64 * 5 and block["confidence"] == 0.9
    assert block["indices"]["deal"]["constant"] is True
    assert block["indices"]["deal"]["total"]["x1"] == {"value": None, "low": None, "high": None}
    x2 = block["indices"]["f"]["first"]["x2"]
    assert x2 == {"value": r.first[0][1].value, "low": r.first[0][1].low, "high": r.first[0][1].high}
    assert all(type(v) is float for v in x2.values())


def test_design_is_a_b_and_a_with_one_column_of_b() -> None:
    """Saltelli et al. (2010), sec. 3: A_B^(i) is A with its i-th column taken from B."""
    a, b, ab = design(8, 3, np.random.default_rng(0))
    assert a.shape == b.shape == (3, 8) and ab.shape == (3, 24)
    assert a.min() >= 0.0 and max(a.max(), b.max()) < 1.0
    for i in range(3):
        block = ab[:, i::3]  # the runs of A_B^(i): column j * d + i is its row j
        np.testing.assert_array_equal(block[i], b[i])
        np.testing.assert_array_equal(np.delete(block, i, axis=0), np.delete(a, i, axis=0))
    # Sobol' balance: each input's 8 values of A fall one in each eighth of (0, 1)
    np.testing.assert_array_equal(np.sort(np.floor(8 * a), axis=1), np.tile(np.arange(8.0), (3, 1)))


def test_estimators_are_the_published_sums() -> None:
    """Table 2 (b) and (f) of Saltelli et al. (2010), summed term by term in plain Python."""
    rng = np.random.default_rng(11)
    f_a, f_b, f_ab = rng.normal(size=(1, 5)), rng.normal(size=(1, 5)), rng.normal(size=(2, 1, 5))
    values = list(f_a[0]) + list(f_b[0])
    mean = sum(values) / 10
    variance = sum((v - mean) ** 2 for v in values) / 10
    for i in range(2):
        first = sum(f_b[0, j] * (f_ab[i, 0, j] - f_a[0, j]) for j in range(5)) / 5 / variance
        total = sum((f_a[0, j] - f_ab[i, 0, j]) ** 2 for j in range(5)) / 10 / variance
        got = estimators(f_a, f_b, f_ab)
        assert got.shape == (2, 1, 2)
        assert got[0, 0, i] == pytest.approx(first, rel=1e-12)
        assert got[1, 0, i] == pytest.approx(total, rel=1e-12)


def test_an_additive_model_has_equal_first_and_total_indices() -> None:
    """Y = sum c_i X_i with X_i uniform: S_i = S_Ti = c_i^2 / sum c^2 (no interaction; Saltelli et al. 2008, ch. 4)."""
    c = np.array([3.0, 2.0, 1.0, 0.0])
    r = sobol(lambda u: (c @ u)[np.newaxis], ["a", "b", "c", "d"], ["y"], 2**10, 5, resamples=100)
    exact = c**2 / (c**2).sum()
    for i in range(4):
        assert r.first[0][i].value == pytest.approx(exact[i], abs=0.02)
        assert r.total[0][i].value == pytest.approx(exact[i], abs=0.02)
        assert r.total[0][i].low <= exact[i] + 1e-12 and exact[i] - 1e-12 <= r.total[0][i].high


def test_no_private_scipy_attribute_is_read() -> None:
    import inspect

    import negotiation.experiment.sobol as module

    source = inspect.getsource(module)
    for private in ("_f_A", "_f_B", "_f_AB", "_indices_method", "sobol_indices("):
        assert private not in source


def test_point_estimates_equal_scipys_public_ones() -> None:
    """The same design and estimators as scipy.stats.sobol_indices (its public first_order and total_order),
    computed independently: a seed gives the numbers that function gives."""
    from scipy.stats import sobol_indices, uniform

    def model(u: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.vstack([ishigami(u), u[0] * u[1] + u[2] ** 2])

    ours = sobol(model, INPUTS, ["f", "g"], 2**8, 7, resamples=20)
    theirs = sobol_indices(func=model, n=2**8, dists=[uniform(0.0, 1.0)] * 3, rng=np.random.default_rng(7))
    for k in range(2):
        np.testing.assert_allclose([i.value for i in ours.first[k]], theirs.first_order[k], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose([i.value for i in ours.total[k]], theirs.total_order[k], rtol=1e-12, atol=1e-15)
