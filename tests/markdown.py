"""Reading the fenced code blocks of the documentation, for the tests that run what the docs show."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fenced_blocks(text: str) -> list[tuple[str, str]]:
    """Every fenced block of ``text`` as (language, contents); the language is "" for a plain block."""
    blocks: list[tuple[str, str]] = []
    language: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("```"):
            if language is None:
                language, lines = line[3:].strip(), []
            else:
                blocks.append((language, "\n".join(lines) + "\n"))
                language = None
        elif language is not None:
            lines.append(line)
    return blocks


def documents() -> list[Path]:
    """The documentation whose examples are tested: README.md, then every manual in docs/ in name order."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def documented_blocks() -> list[tuple[Path, str, str]]:
    """Every fenced block of the documentation as (file, language, contents), in :func:`documents` order."""
    return [(path, language, text) for path in documents() for language, text in fenced_blocks(path.read_text(encoding="utf-8"))]


def documented_block(language: str, start: str) -> str:
    """The first block of the documentation in ``language`` ("" for a plain block) whose contents start with ``start``."""
    for _, lang, text in documented_blocks():
        if lang == language and text.startswith(start):
            return text
    raise AssertionError(f"no {language or 'plain'} block starting {start!r} in README.md or docs/")
