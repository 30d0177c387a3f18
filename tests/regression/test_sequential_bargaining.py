"""Rubinstein and Baron–Ferejohn closed forms, reproduced on split issues whose grid holds the answer."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import negotiation


def pie(parties: list[str], steps: int, protocol: Any, patience: list[float], recognition: list[float] | None = None) -> dict[str, Any]:
    """Parties dividing a unit pie, each valuing its own share linearly, reservation values 0."""
    scenario: dict[str, Any] = {
        "name": "pie",
        "issues": {"pie": {"split": parties, "steps": steps}},
        "parties": {p: {"weight": {"pie": 1.0}, "reservation": 0.0, "patience": patience[i]} for i, p in enumerate(parties)},
        "protocols": [protocol],
    }
    for i, p in enumerate(parties):
        if recognition is not None:
            scenario["parties"][p]["recognition"] = recognition[i]
    return scenario


def shares(frame: Any, column: str) -> np.ndarray:
    return frame[[c for c in frame.columns if c.startswith(f"{column}.")]].to_numpy()  # one column per share, in the split's order


@pytest.mark.parametrize(
    ("d1", "d2", "steps"),
    [(0.5, 0.5, 12), (0.5, 0.8, 12), (0.8, 0.5, 12), (0.9, 0.9, 19), (0.6, 0.75, 22)],
)
def test_rubinstein_first_mover_share(d1: float, d2: float, steps: int) -> None:
    """Rubinstein (1982), "Perfect equilibrium in a bargaining model", Econometrica 50(1),
    97-109, Theorem 1: with discount factors d1, d2 the first mover's share in the unique
    subgame-perfect equilibrium of alternating offers is (1 - d2) / (1 - d1 d2), agreed at once."""
    res = negotiation.run(pie(["a", "b"], steps, "rubinstein", [d1, d2]), draws=4, seed=1)
    frame = res.draws
    assert frame["rubinstein.deal"].all() and (frame["rubinstein.round"] == 1).all()
    assert (frame["rubinstein.proposer"].astype(str) == "a").all()
    np.testing.assert_allclose(shares(frame, "rubinstein.pie")[:, 0], (1 - d2) / (1 - d1 * d2), atol=1e-9)


def test_rubinstein_second_mover_first() -> None:
    """The same theorem with b moving first: b gets (1 - d1) / (1 - d1 d2)."""
    res = negotiation.run(pie(["a", "b"], 12, {"rubinstein": {"first": "b"}}, [0.5, 0.8]), draws=3, seed=1)
    np.testing.assert_allclose(shares(res.draws, "rubinstein[first=b].pie")[:, 1], (1 - 0.5) / (1 - 0.4), atol=1e-9)


def test_baron_ferejohn_with_two_alternating_parties_is_rubinstein() -> None:
    """Baron & Ferejohn's game with two parties, unanimity and alternating recognition
    is Rubinstein's (Baron & Ferejohn 1989, APSR 83(4), 1181-1206, sec. 2)."""
    protocol = {"baron_ferejohn": {"order": "alternating"}}
    res = negotiation.run(pie(["a", "b"], 12, protocol, [0.8, 0.5]), draws=3, seed=1)
    np.testing.assert_allclose(shares(res.draws, "baron_ferejohn[order=alternating].pie")[:, 0], (1 - 0.5) / (1 - 0.4), atol=1e-9)


@pytest.mark.parametrize(("n", "steps", "delta"), [(3, 5, 0.6), (3, 10, 0.9), (5, 10, 0.5)])
def test_baron_ferejohn_closed_rule_majority(n: int, steps: int, delta: float) -> None:
    """Baron & Ferejohn (1989), APSR 83(4), 1181-1206, Proposition 2 (closed rule, simple
    majority, equal recognition 1/n, common discount delta): the proposer keeps
    1 - delta (n - 1) / (2n) and gives delta / n to each of (n - 1)/2 others."""
    parties = [f"p{i}" for i in range(n)]
    protocol = {"baron_ferejohn": {"rule": "majority"}}
    res = negotiation.run(pie(parties, steps, protocol, [delta] * n), draws=600, seed=2)
    label = "baron_ferejohn[rule=majority]"
    frame = res.draws
    assert frame[f"{label}.deal"].all() and (frame[f"{label}.round"] == 1).all()
    split = shares(frame, f"{label}.pie")
    proposer = frame[f"{label}.proposer"].astype(str).map(parties.index).to_numpy()
    kept = split[np.arange(len(split)), proposer]
    np.testing.assert_allclose(kept, 1 - delta * (n - 1) / (2 * n), atol=1e-9)
    partners = np.sort(split, axis=1)[:, ::-1][:, 1 : (n - 1) // 2 + 1]
    np.testing.assert_allclose(partners, delta / n, atol=1e-9)
    assert (np.sort(split, axis=1)[:, : n - 1 - (n - 1) // 2] == 0).all()
    recognised = res.summary["protocols"][label]["proposers"]
    assert all(abs(share - 1 / n) < 0.07 for share in recognised.values())


def test_baron_ferejohn_unanimity_with_unequal_recognition() -> None:
    """Unanimity, recognition r_i, common discount delta, linear utility over a unit pie:
    stationary values V_i = r_i, so proposer i keeps 1 - delta (1 - r_i) and offers
    delta r_j to each j (Baron & Ferejohn 1989, sec. 3, the unanimity case; Eraslan 2002,
    J. Econ. Theory 103(1), 11-30, for unequal recognition)."""
    r, delta = [0.5, 0.3, 0.2], 0.8
    res = negotiation.run(pie(["a", "b", "c"], 25, "baron_ferejohn", [delta] * 3, r), draws=800, seed=3)
    frame = res.draws
    split = shares(frame, "baron_ferejohn.pie")
    proposer = frame["baron_ferejohn.proposer"].astype(str).map(["a", "b", "c"].index).to_numpy()
    for i in range(3):
        rows = split[proposer == i]
        assert len(rows)
        expected = [delta * r[j] if j != i else 1 - delta * (1 - r[i]) for j in range(3)]
        np.testing.assert_allclose(rows, np.tile(expected, (len(rows), 1)), atol=1e-9)
    recognised = res.summary["protocols"]["baron_ferejohn"]["proposers"]
    np.testing.assert_allclose([recognised[p] for p in "abc"], r, atol=0.05)
