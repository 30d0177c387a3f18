"""Every figure builds from a summary, is labelled, and keeps party colours fixed."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

import negotiation
from negotiation.plots import FIGURES
from negotiation.plots.style import PARTY_COLOURS
from tests.conftest import STAKEHOLDERS
from tests.timed_summary import with_time


@pytest.fixture(scope="module")
def summary() -> dict:  # type: ignore[type-arg]
    """A run to which every figure applies: several protocols, the summit and the stakeholder forecast."""
    return negotiation.run(
        STAKEHOLDERS, draws=1500, seed=2, protocols=["nash", "kalai_smorodinsky", "baron_ferejohn", "summit", "bdm"]
    ).summary


@pytest.mark.parametrize("name", list(FIGURES))
def test_figure_has_title_and_labelled_axes(summary: dict, name: str) -> None:  # type: ignore[type-arg]
    fig = FIGURES[name](with_time(summary) if name in ("timeline", "beliefs") else summary)
    assert isinstance(fig, Figure)
    assert fig.get_suptitle()
    fig.canvas.draw()
    visible = [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]
    assert visible
    assert any(ax.get_xlabel() for ax in visible) or all(any(t.get_text() for t in ax.get_xticklabels()) for ax in visible)
    for ax in visible:
        assert ax.get_ylabel() or any(t.get_text() for t in ax.get_yticklabels())
        if len(visible) > 1:
            assert ax.get_title(loc="left") or ax.get_title(), "panels of a multi-panel figure need titles"


def test_party_colours_are_the_same_in_every_figure(summary: dict) -> None:  # type: ignore[type-arg]
    utilities = FIGURES["utilities"](summary)
    proposals = FIGURES["proposals"](summary)
    assert utilities is not None and proposals is not None
    for k, party in enumerate(summary["parties"]):
        label = summary["parties"][party]
        bars = [p for ax in proposals.axes for c in ax.containers if hasattr(c, "patches") and c.get_label() == label for p in c.patches]
        assert bars and to_hex(bars[0].get_facecolor()) == PARTY_COLOURS[k].lower()
        ax = utilities.axes[k]
        assert ax.get_title(loc="left") == label
        assert to_hex(ax.containers[0].patches[0].get_facecolor()) == PARTY_COLOURS[k].lower()


def test_proposals_figure_is_skipped_without_proposals(summary: dict) -> None:  # type: ignore[type-arg]
    bare = copy.deepcopy(summary)
    bare["proposals"] = {}
    assert FIGURES["proposals"](bare) is None


def test_protocol_comparison_needs_two_protocols(summary: dict) -> None:  # type: ignore[type-arg]
    one = copy.deepcopy(summary)
    one["protocols"] = {"nash": summary["protocols"]["nash"]}
    assert FIGURES["protocols"](one) is None
    fig = FIGURES["protocols"](summary)
    assert fig is not None
    fig.canvas.draw()
    heat = fig.axes[1]
    assert [t.get_text() for t in heat.get_xticklabels()] == list(summary["protocols"])
    assert heat.get_yticklabels()[-1].get_text() == "no deal"


@pytest.mark.parametrize(("parties", "panels"), [(2, 1), (3, 3), (4, 6)])
def test_the_frontier_has_a_panel_per_pair_of_parties(parties: int, panels: int) -> None:
    from negotiation.engine.representative import pareto_optimal
    from negotiation.plots.frontier import plot_frontier

    rng = np.random.default_rng(parties)
    u = rng.random((300, parties))
    d = np.full(parties, 0.2)
    acceptable = np.all(u >= d, axis=1)
    pareto = np.zeros(300, dtype=bool)
    pareto[np.flatnonzero(acceptable)[pareto_optimal(u[acceptable])]] = True
    names = tuple(f"p{i}" for i in range(parties))
    fig = plot_frontier(names, u, d, np.ones(300, dtype=bool), acceptable, pareto, int(np.argmax(acceptable)), -1)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == panels
    assert {ax.get_xlabel() for ax in visible} <= {f"utility of {n}" for n in names}


# -- figures of a run with a clock, on a hand-built summary (DESIGN §9, "Outputs")


def test_the_timeline_figure_draws_each_protocol_with_its_band_and_marks_talks_events_and_questions() -> None:
    from matplotlib.collections import PolyCollection

    from negotiation.plots.timeline import EVENT_COLOUR, TALK_COLOUR, plot_timeline
    from tests.timed_summary import timed_summary

    summary = timed_summary()
    fig = plot_timeline(summary)
    assert fig is not None and fig.get_suptitle()
    (ax,) = fig.axes
    protocols = list(summary["protocols"])
    steps = [line for line in ax.get_lines() if str(line.get_label()).split(":")[0] in protocols]
    assert len(steps) == 2
    nash = next(line for line in steps if str(line.get_label()).startswith("nash:"))
    assert list(nash.get_ydata())[1:-1] == summary["protocols"]["nash"]["timeline"]["deal_by"]
    assert "median 2025-12-14" in str(nash.get_label())
    assert "median after the horizon" in str(next(line for line in steps if line is not nash).get_label())
    assert sum(isinstance(c, PolyCollection) for c in ax.collections) == 2  # one band per protocol
    colours = [to_hex(line.get_color()) for line in ax.get_lines()]
    assert colours.count(TALK_COLOUR.lower()) == 2 and colours.count(EVENT_COLOUR.lower()) == 1
    texts = {t.get_text().strip() for t in ax.texts}
    assert {"Anchorage summit", "Geneva talks", "ceasefire_2025", "frozen_by_2026", "52.0%", "9.0%"} <= texts
    assert len(ax.containers) == 4  # a marker with its interval per question and protocol
    assert ax.get_ylabel() and ax.get_xlabel()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "Sep\n2025" and "Jan\n2026" in ticks
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any(text.startswith("question ceasefire_2025 (by 2025-12-31)") for text in labels)


def test_the_beliefs_figure_has_a_panel_for_nature_and_each_party_with_the_main_end_states() -> None:
    from matplotlib.collections import PolyCollection

    from negotiation.plots.beliefs import main_states, plot_beliefs
    from tests.timed_summary import STATES, timed_summary

    summary = timed_summary()
    fig = plot_beliefs(summary)
    assert fig is not None and fig.get_suptitle()
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left").split(":")[0] for ax in visible] == ["nature", "Russian Federation", "ukraine"]
    shown = main_states(summary["beliefs"])
    assert shown == ["breakthrough", "slow_gains", "stalemate", "counter_gains"]  # the 4 largest at period 0, in the order written
    for ax in visible:
        assert len(ax.get_lines()) == 4
        assert sum(isinstance(c, PolyCollection) for c in ax.collections) == 4
    few = timed_summary()
    for who in few["beliefs"].values():
        for state in STATES[4:]:
            del who[state]
    assert main_states(few["beliefs"]) == STATES[:4]


def test_the_figures_of_time_are_skipped_without_a_clock() -> None:
    from negotiation.plots.beliefs import plot_beliefs
    from negotiation.plots.timeline import plot_timeline
    from tests.timed_summary import timed_summary, untimed

    bare = untimed(timed_summary())
    assert plot_timeline(bare) is None and plot_beliefs(bare) is None


def test_save_figures_writes_the_figures_of_time_with_a_clock(
    summary: dict,  # type: ignore[type-arg]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import negotiation.plots as plots
    from negotiation.plots import save_figures
    from tests.timed_summary import with_time

    summary = with_time(summary)
    only = {"timeline", "beliefs"}
    assert only <= set(plots.FIGURES)
    # the other figures are tested above; drawing them again here only costs time
    monkeypatch.setattr(plots, "FIGURES", {name: make for name, make in plots.FIGURES.items() if name in only})
    written = {p.stem for p in save_figures(summary, tmp_path) if p.stem in only}
    assert written == only
    assert all((tmp_path / f"{name}.svg").exists() for name in only)


@pytest.mark.parametrize("name", ["outcomes"])  # the figure whose clip-path ids differed between two saves
def test_a_figure_saved_twice_gives_byte_identical_files(summary: dict, name: str, tmp_path: Path) -> None:  # type: ignore[type-arg]
    """Element ids are renumbered in order of appearance and no date is written: a rerun gives the same bytes."""
    import matplotlib

    from negotiation.plots.style import save

    for folder in ("a", "b"):
        save(FIGURES[name](summary), tmp_path / folder, name)
    svg = (tmp_path / "a" / f"{name}.svg").read_text(encoding="utf-8")
    assert 'clip-path="url(#p0)"' in svg and 'id="p0"' in svg  # the first clip path, renumbered, and its use
    assert svg.encode() == (tmp_path / "b" / f"{name}.svg").read_bytes()
    assert (tmp_path / "a" / f"{name}.png").read_bytes() == (tmp_path / "b" / f"{name}.png").read_bytes()
    assert matplotlib.rcParams["svg.hashsalt"] is None  # the salt is set only while saving


def test_renumbering_keeps_every_reference_pointing_at_its_element() -> None:
    from negotiation.plots.style import stable_svg_ids

    svg = (
        '<clipPath id="pabcdef0123"/><clipPath id="p0123456789"/><path id="m00000000ff"/>'
        '<g clip-path="url(#p0123456789)"/><use xlink:href="#m00000000ff"/><g clip-path="url(#pabcdef0123)"/>'
        "<text>pabcdef0123 stays text</text>"
    )
    assert stable_svg_ids(svg) == (
        '<clipPath id="p0"/><clipPath id="p1"/><path id="m0"/>'
        '<g clip-path="url(#p1)"/><use xlink:href="#m0"/><g clip-path="url(#p0)"/>'
        "<text>pabcdef0123 stays text</text>"
    )


# -- figures of few draws or deals, tiny shares, many rows (issue 20's rough edges)


def _draws_something(ax: object) -> bool:
    """Whether a panel shows data: a bar of some size, a line with points, a filled area or an image."""
    from matplotlib.axes import Axes
    from matplotlib.patches import Rectangle

    assert isinstance(ax, Axes)
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() * p.get_height() != 0]
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) > 0]
    return bool(bars or lines or ax.collections or ax.images)


@pytest.fixture(scope="module")
def one_draw() -> dict:  # type: ignore[type-arg]
    """A run of a single draw, which ends in a deal under both protocols."""
    summary = negotiation.run(STAKEHOLDERS, draws=1, seed=2, protocols=["nash", "kalai_smorodinsky"]).summary
    assert summary["draws"] == 1 and all(p["deals"] == 1 for p in summary["protocols"].values())
    return summary


def test_a_run_of_one_draw_says_1_draw_and_draws_no_empty_panel(
    one_draw: dict,  # type: ignore[type-arg]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import negotiation.plots as plots
    from negotiation.plots import NOT_DRAWN, not_drawn, save_figures

    assert set(not_drawn(one_draw)) == {"issues", "convergence"}
    assert FIGURES["issues"](one_draw) is None and FIGURES["convergence"](one_draw) is None
    for name in ("outcomes", "utilities", "protocols"):
        fig = FIGURES[name](one_draw)
        assert fig is not None
        assert "· 1 draw, seed 2" in fig.get_suptitle()
        panels = [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]
        assert panels and all(_draws_something(ax) for ax in panels), name
    from negotiation.report.run import figures_section

    # the figures drawn are checked above; saving them only costs time
    monkeypatch.setattr(plots, "FIGURES", {name: make for name, make in plots.FIGURES.items() if name in ("issues", "convergence")})
    assert save_figures(one_draw, tmp_path / "plots") == []
    lines = (tmp_path / "plots" / NOT_DRAWN).read_text(encoding="utf-8").splitlines()
    assert [line.split(" ")[0] for line in lines] == ["issues.png", "convergence.png"]
    assert "no protocol has 2 deals or more" in lines[0] and "one draw" in lines[1]
    assert "convergence.png not drawn: a run of one draw has no convergence to show" in figures_section(tmp_path)  # the report says so


def test_a_run_with_enough_deals_writes_no_list_of_figures_left_out(summary: dict) -> None:  # type: ignore[type-arg]
    from negotiation.plots import not_drawn

    assert not_drawn(summary) == {}


def _deals(summary: dict, counts: dict[str, int]) -> dict:  # type: ignore[type-arg]
    """The summary with only the given protocols, each with that many deals, spread over the issues' first two values."""
    out = copy.deepcopy(summary)
    out["protocols"] = {label: out["protocols"][label] for label in counts}
    for label, n in counts.items():
        result = out["protocols"][label]
        result["deals"] = n
        for name, issue in out["issues"].items():
            first, second, *rest = issue["values"]
            many = n - n // 6  # 15 of 18
            result["issue_shares"][name] = {first: many / n if n else 0.0, second: (n - many) / n if n else 0.0} | dict.fromkeys(rest, 0.0)
    return out


def test_the_issue_figure_says_how_many_deals_its_shares_are_of(summary: dict) -> None:  # type: ignore[type-arg]
    fig = FIGURES["issues"](_deals(summary, {"nash": 18}))
    assert fig is not None
    assert "shares of 18 deals (nash)" in fig.get_suptitle()
    ax = fig.axes[0]
    counts = [t.get_text() for t in ax.texts if t.get_text()]
    assert counts == ["15", "3"]  # few deals: each bar counts its deals (15/18 = 83.3%)
    several = FIGURES["issues"](_deals(summary, {"nash": 400, "kalai_smorodinsky": 1, "bdm": 250}))
    assert several is not None
    legend = [t.get_text() for t in several.legends[0].get_texts()]
    assert legend == ["nash: of 400 deals", "bdm: of 250 deals"]
    assert "not shown, fewer than 2 deals: kalai_smorodinsky (1 deal)" in several.get_suptitle()
    assert not several.axes[0].texts  # 250 deals or more: no counts on the bars


def test_a_share_too_small_to_see_gets_a_visible_hatched_bar_and_its_value(summary: dict) -> None:  # type: ignore[type-arg]
    from negotiation.plots.outcomes import THINNEST

    tiny = copy.deepcopy(summary)
    tiny["protocols"] = {"nash": tiny["protocols"]["nash"]}
    result = tiny["protocols"]["nash"]
    result["top_packages"] = result["top_packages"][:3]
    result["top_packages"][0]["share"] = 0.9
    result["top_packages"][1]["share"] = 0.0001
    result["top_packages"][2]["share"] = 0.0
    fig = FIGURES["outcomes"](tiny)
    assert fig is not None
    (ax,) = fig.axes
    span = ax.get_xlim()[1]
    bars = {round(p.get_y() + p.get_height() / 2): p for p in ax.patches}
    labels = {round(t.get_position()[1]): t.get_text().strip() for t in ax.texts}
    rows = {round(t.get_position()[1]): t.get_text() for t in ax.get_yticklabels()}
    thin = next(y for y, text in labels.items() if text == "0.01%")
    assert bars[thin].get_width() >= THINNEST * span * (1 - 1e-9) and bars[thin].get_hatch()
    zero = next(y for y, text in labels.items() if text == "0.0%" and rows.get(y) != "no deal")
    assert bars[zero].get_width() == 0.0  # a share of exactly zero has no bar
    assert "hatched" in fig.get_suptitle()


def _comparison(summary: dict, packages: list[dict]) -> tuple[Figure, object]:  # type: ignore[type-arg]
    """The protocol figure of two protocols over the given packages (5% of draws each), drawn; and its renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    crowded = copy.deepcopy(summary)
    crowded["protocols"] = {label: crowded["protocols"][label] for label in ("nash", "kalai_smorodinsky")}
    crowded["comparison"] = {"packages": packages, "shares": {label: [0.05] * len(packages) for label in crowded["protocols"]}}
    fig = FIGURES["protocols"](crowded)
    assert fig is not None
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    return fig, renderer


def test_protocol_rows_do_not_overlap(summary: dict) -> None:  # type: ignore[type-arg]
    """Twenty packages (four protocols' five most frequent) differing in four issues (row labels of four lines) and
    sharing six (a title of three lines)."""
    varying = [f"varying_issue_{k}" for k in range(4)]
    common = {f"shared_issue_{k}": "the_same_value" for k in range(6)}
    fig, renderer = _comparison(summary, [{**{v: f"value_{j}_{k}_long" for k, v in enumerate(varying)}, **common} for j in range(20)])
    labels = [t for t in fig.axes[1].get_yticklabels() if t.get_text()]
    assert max(t.get_text().count("\n") for t in labels) == 3
    boxes = [t.get_window_extent(renderer) for t in labels]  # type: ignore[call-arg]
    assert not any(a.overlaps(b) for k, a in enumerate(boxes) for b in boxes[k + 1 :])


def test_the_heat_map_title_stays_inside_the_figure(summary: dict) -> None:  # type: ignore[type-arg]
    """Packages sharing six long values, and wide row labels, which push the heat map right."""
    common = {f"guarantee_{k}": "article5_like_guarantee_for_all" for k in range(6)}  # two to a line of 90 characters
    wide = "_".join(["value"] * 8)
    fig, renderer = _comparison(summary, [{"varying_issue": f"{wide}_{j}", "other_issue": f"{wide}_{j}", **common} for j in range(2)])
    title = fig.axes[1]._left_title
    assert "guarantee_5: article5_like_guarantee_for_all" in title.get_text()
    box, page = title.get_window_extent(renderer), fig.bbox  # type: ignore[call-arg]
    assert page.x0 <= box.x0 and box.x1 <= page.x1 and box.y1 <= page.y1


def test_the_outcome_panel_title_stays_inside_the_figure(summary: dict) -> None:  # type: ignore[type-arg]
    """Deals sharing four values, two to a line of 80 characters, beside wide package labels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    wide = copy.deepcopy(summary)
    wide["protocols"] = {"nash": wide["protocols"]["nash"]}
    top = wide["protocols"]["nash"]["top_packages"][:2]
    common = {f"guarantee_{k}": "article5_like_for_everyone" for k in range(4)}
    for k, deal in enumerate(top):
        deal["package"] = {"varying_issue": "_".join(["value"] * 10) + f"_{k}", **common}
    wide["protocols"]["nash"]["top_packages"] = top
    fig = FIGURES["outcomes"](wide)
    assert fig is not None
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    title = fig.axes[0]._left_title
    assert "guarantee_3: article5_like_for_everyone" in title.get_text()
    box, page = title.get_window_extent(renderer), fig.bbox  # type: ignore[call-arg]
    assert page.x0 <= box.x0 and box.x1 <= page.x1


def test_a_split_is_written_with_its_parties_named_as_on_the_command_line(summary: dict) -> None:  # type: ignore[type-arg]
    """Figures write a split's shares as the command line and the report do: ``(usa 0.5, ukraine 0.5)``, never ``0.5/0.5``."""
    from negotiation.plots.style import format_value, split_parties

    split = next(name for name, issue in summary["issues"].items() if issue["kind"] == "split")
    parties = split_parties(summary, split)
    assert parties == ["usa", "ukraine"]
    assert format_value([0.75, 0.25], parties) == "(usa 0.75, ukraine 0.25)"
    assert format_value(0.5) == "0.5" and format_value("frozen_line") == "frozen_line"
    fig = FIGURES["issues"](summary)
    assert fig is not None
    panel = next(ax for ax in fig.axes if split in ax.get_title() or summary["issues"][split]["label"] in ax.get_title())
    ticks = [t.get_text() for t in panel.get_xticklabels()]
    assert ticks and all(t.startswith("usa ") and "\nukraine " in t and "/" not in t for t in ticks)
