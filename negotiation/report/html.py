"""Small, safe pieces of a self-contained HTML page: escaping, tables, embedded figures, the page itself.

Everything the page shows is escaped here; figures are embedded as base64
data URIs, and the style sheet is inline, so the page makes no request of
its own. The only links are to the scenario's sources, opened on a click.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Sequence

CSS = """
:root { --ink: #1b1b1b; --muted: #5f6368; --rule: #d9d9d9; --band: #f5f6f8; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
       font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 28px 64px; }
header.top { border-bottom: 3px solid var(--accent); margin-bottom: 8px; }
h1 { font-size: 1.7em; margin: 0.2em 0 0.1em; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid var(--rule); padding-bottom: 0.2em; }
h3 { font-size: 1.08em; margin-top: 1.4em; }
p.lede { color: var(--muted); margin-top: 0; }
nav.toc { background: var(--band); padding: 10px 16px; border-radius: 6px; font-size: 0.92em; }
nav.toc a { margin-right: 14px; color: var(--accent); text-decoration: none; white-space: nowrap; }
table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 0.9em; width: auto; max-width: 100%; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.scroll { overflow-x: auto; }
figure { margin: 1.2em 0 1.8em; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { font-size: 0.9em; color: var(--muted); margin-top: 0.4em; }
figcaption b { color: var(--ink); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 0.8em 0; }
.card { flex: 1 1 220px; background: var(--band); border-radius: 6px; padding: 10px 14px; }
.card .big { font-size: 1.6em; font-weight: 650; }
.card .small { color: var(--muted); font-size: 0.88em; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 2px; margin-right: 0.35em; vertical-align: -0.05em; }
code { font-size: 0.92em; background: var(--band); padding: 0 3px; border-radius: 3px; }
td code { white-space: nowrap; }
ul.findings li { margin-bottom: 0.3em; }
footer { margin-top: 3em; color: var(--muted); font-size: 0.85em; }
"""


def esc(value: object) -> str:
    """``value`` as text safe inside HTML, quotes included."""
    return html.escape(str(value), quote=True)


def table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """An HTML table, without a header row when every header is empty. ``header`` is plain text; cells in ``rows`` are HTML already (escape them first).

    Columns whose index is in ``numeric`` are right-aligned.
    """
    right = set(numeric)

    def cls(j: int) -> str:
        return ' class="num"' if j in right else ""

    head = "".join(f"<th{cls(j)}>{esc(h).replace('_', '_<wbr>')}</th>" for j, h in enumerate(header))
    body = "".join("<tr>" + "".join(f"<td{cls(j)}>{cell}</td>" for j, cell in enumerate(row)) + "</tr>" for row in rows)
    thead = f"<thead><tr>{head}</tr></thead>" if any(header) else ""
    return f'<div class="scroll"><table>{thead}<tbody>{body}</tbody></table></div>'


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_data_uri(data: bytes) -> str:
    """A PNG image's bytes as a ``data:`` URI."""
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def figure(name: str, data: bytes, title: str, caption: str) -> str:
    """An embedded PNG figure (``data``, the figure ``name``) with a caption: ``title`` in bold, then ``caption`` (plain text)."""
    return (
        f'<figure id="fig-{esc(name)}"><img src="{png_data_uri(data)}" alt="{esc(title)}">'
        f"<figcaption><b>{esc(title)}.</b> {esc(caption)}</figcaption></figure>"
    )


def link(url: str, text: str) -> str:
    """A link to an outside source (http or https only), opened in a new tab; other URLs are shown as text."""
    if url.startswith(("http://", "https://")):
        return f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(text)}</a>'
    return esc(text)


def page(title: str, lede: str, sections: Sequence[tuple[str, str, str]], footer: str) -> str:
    """The whole document: a title, a table of contents and ``(id, heading, html)`` sections.

    ``title``, ``lede``, ``footer`` and the headings are plain text (escaped here); each section's html is escaped already.
    """
    toc = "".join(f'<a href="#{esc(key)}">{esc(heading)}</a>' for key, heading, _ in sections)
    body = "".join(f'<section id="{esc(key)}"><h2>{esc(heading)}</h2>{content}</section>' for key, heading, content in sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body><main>"
        f'<header class="top"><h1>{esc(title)}</h1><p class="lede">{esc(lede)}</p></header>'
        f'<nav class="toc">{toc}</nav>{body}<footer>{esc(footer)}</footer></main></body></html>\n'
    )


__all__ = ["PNG_SIGNATURE", "esc", "figure", "link", "page", "png_data_uri", "table"]
