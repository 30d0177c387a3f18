"""`negotiation report` and `--report`: a self-contained page that shows every headline number of the summary."""

from __future__ import annotations

import base64
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image

from negotiation.report.captions import RUN_FIGURES
from tests.conftest import ROOT
from tests.integration.reports import BASELINE, SOURCE_URL, cli


class Page(HTMLParser):
    """The visible text, the image sources and every URL-bearing attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.images: list[str] = []
        self.urls: list[tuple[str, str, dict[str, str | None]]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "img":
            self.images.append(found.get("src") or "")
        for name in ("src", "href", "action", "poster", "data", "srcset"):
            if found.get(name):
                self.urls.append((tag, str(found[name]), found))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    @classmethod
    def of(cls, path: Path) -> Page:
        page = cls()
        page.feed(path.read_text(encoding="utf-8"))
        return page

    @property
    def words(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.text))


def pct(x: float) -> str:
    """A share as the report is required to print it: one decimal, two below 1% or where one decimal reads 100%,
    and never 100% or 0% unless every draw or none (then >99.99% or <0.01%)."""
    text = f"{100 * x:.1f}%"
    if 0 < x < 1 and (x < 0.01 or text == "100.0%"):
        text = f"{100 * x:.2f}%"
        text = {"0.00%": "<0.01%", "100.00%": ">99.99%"}.get(text, text)
    return text


def test_every_headline_number_of_the_summary_is_on_the_page(run_folder: Path) -> None:
    summary = json.loads((run_folder / "summary.json").read_text())
    words = Page.of(run_folder / "report.html").words
    expected: list[str] = []
    for result in summary["protocols"].values():
        expected += [pct(result["deal_rate"]), *(pct(x) for x in result["deal_rate_ci95"])]
        expected += [pct(t["share"]) for t in result["top_packages"][:5]]
        expected += [f"{u:.3f}" for u in result["mean_utility"].values()]
        expected += [pct(x) for x in result["pivotal_rate"].values()]
    for proposal in summary["proposals"].values():
        expected += [pct(x) for x in proposal["acceptance"].values()]
        expected += [pct(proposal["all_accept"]), *(pct(x) for x in proposal["all_accept_ci95"])]
    missing = [number for number in expected if number not in words]
    assert len(expected) > 40
    assert not missing, missing
    for label in summary["protocols"]:
        assert label in words


def test_the_page_shows_the_scenario_figures_frontier_and_provenance(run_folder: Path) -> None:
    page = Page.of(run_folder / "report.html")
    words = page.words
    for heading in ("Results", "Proposals", "Bargaining set", "Figures", "Scenario", "Sources", "Provenance"):
        assert heading in words
    for text in ("Parties", "Issues", "Events", "Ratification steps", "No deal: the war lottery", "beta(38, 52)", "west_bank_style"):
        assert text in words, text
    manifest = json.loads((run_folder / "manifest.json").read_text())
    assert manifest["scenario_sha256"] in words
    # one image per figure in plots/ and the frontier, each with a caption
    figures = sorted(p.stem for p in (run_folder / "plots").glob("*.png"))
    assert {"frontier", "outcomes", "convergence", "protocols", "ratification"} <= set(figures)
    assert len(page.images) == len(figures)
    for name in figures:
        title, caption = RUN_FIGURES[name]
        assert f"{title}. {caption}" in words, name


def test_every_image_decodes(run_folder: Path, experiment_folder: Path) -> None:
    for folder in (run_folder, experiment_folder):
        page = Page.of(folder / "report.html")
        assert page.images
        for src in page.images:
            assert src.startswith("data:image/png;base64,")
            image = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1], validate=True)))
            image.load()
            assert image.width > 300 and image.height > 200


def test_no_external_urls_except_links_to_sources(run_folder: Path, experiment_folder: Path) -> None:
    from negotiation.engine.scenario import load_scenario

    links = {SOURCE_URL} | {meta["url"] for meta in load_scenario(BASELINE).sources.values() if "url" in meta}
    for folder in (run_folder, experiment_folder):
        text = (folder / "report.html").read_text(encoding="utf-8")
        page = Page.of(folder / "report.html")
        for tag, url, attrs in page.urls:
            if url.startswith(("data:", "#")):
                continue
            assert tag == "a" and url in links, (tag, url)
            assert attrs.get("rel") == "noopener noreferrer"
        assert "url(" not in text and "@import" not in text and "<script" not in text
        outside = set(re.findall(r"https?://[^\s\"'<>)]+", text))
        assert outside <= links, outside
        assert "default-src 'none'" in text
    assert SOURCE_URL in (run_folder / "report.html").read_text(encoding="utf-8")


def test_figures_are_saved_as_png_and_svg(run_folder: Path, experiment_folder: Path) -> None:
    for folder in (run_folder, experiment_folder):
        pngs = sorted((folder / "plots").glob("*.png"))
        assert pngs
        for png in pngs:
            svg = png.with_suffix(".svg")
            assert svg.exists(), svg
            assert ElementTree.parse(svg).getroot().tag.endswith("svg")
            assert "<dc:date>" not in svg.read_text(encoding="utf-8")


def test_the_experiment_page_has_its_findings_tables_and_figures(experiment_folder: Path) -> None:
    summary = json.loads((experiment_folder / "summary.json").read_text())
    page = Page.of(experiment_folder / "report.html")
    words = page.words
    for finding in summary["findings"]:
        assert re.sub(r"\s+", " ", finding) in words
    for name, block in summary["studies"].items():
        assert block["label"] in words and name in words
    assert len(page.images) == len(list((experiment_folder / "plots").glob("*.png")))
    assert "table.csv" in words and "Base scenario" in words and "Provenance" in words


def test_a_report_is_rewritten_in_place(run_folder: Path) -> None:
    before = (run_folder / "report.html").read_text(encoding="utf-8")
    done = cli("report", str(run_folder))
    assert done.returncode == 0, done.stderr
    assert (run_folder / "report.html").read_text(encoding="utf-8") == before
    assert not list(run_folder.glob(".*partial"))


@pytest.mark.parametrize("target", ["missing", "empty", "file"])
def test_a_folder_that_is_not_a_results_folder_exits_2(tmp_path: Path, target: str) -> None:
    path = tmp_path / target
    if target == "empty":
        path.mkdir()
    elif target == "file":
        path.write_text("not a folder")
    done = cli("report", str(path))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "Traceback" not in done.stderr
    assert not (path / "report.html").exists() if path.is_dir() else True


def test_a_stakeholder_table_folder_has_a_report(tmp_path: Path) -> None:
    out = tmp_path / "bdm"
    assert cli("bdm", str(ROOT / "experiments" / "bdm-eu-emissions.csv"), "--out", str(out)).returncode == 0
    done = cli("report", str(out))
    assert done.returncode == 0, done.stderr
    page = Page.of(out / "report.html")
    assert "Stakeholder positions" in page.words and "stakeholder forecast" in page.words
    assert len(page.images) == 1
