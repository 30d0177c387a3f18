"""The ``sources`` section: what a scenario cites, each with the day it became public.

A source's ``date`` is a day (``2025-08-13``), a month (``2025-08``) or a year
(``2025``; a YAML integer is read as a year). For the ``as_of`` rule a month or
a year counts as its *last* day: a report dated only "August 2025" may have
appeared on 31 August, so it is not known on 14 August. A dated scenario (one
with ``as_of``) needs a date in one of these forms on every source; without
``as_of`` a date is text for readers (``"2022–2026"`` is accepted).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from negotiation.scenario.context import CompileContext

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

DATE_FORMS = "a day YYYY-MM-DD, a month YYYY-MM or a year YYYY"
"""The forms a source's date may take, for messages."""


def known_by(value: Any) -> dt.date | None:
    """The last day a source's ``date`` may mean: the day itself, a month's or a year's last day.

    Parameters
    ----------
    value : str or int
        ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (an int is a year).

    Returns
    -------
    date or None
        None when ``value`` is none of these or not a real date.
    """
    match = _DATE.match(str(value)) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if month is None:
            return dt.date(year, 12, 31)
        if day is None:
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day)
    except ValueError:
        return None


def compile_sources(ctx: CompileContext, as_of: dt.date | None) -> dict[str, dt.date | None]:
    """Source id -> the last day its date may mean (None when it has none or it is not a date); with ``as_of``, missing and bad dates are reported."""
    out: dict[str, dt.date | None] = {}
    for name, raw in ctx.section(("sources",)).items():
        path = ("sources", name)
        if not isinstance(raw, dict) or ctx.is_broken(path):
            continue
        date = raw.get("date")
        if date is None:
            out[str(name)] = None
            if as_of is not None:
                ctx.bad(path, f"needs a date ({DATE_FORMS}): every source of a scenario with as_of has one")
            continue
        day = known_by(date)
        if day is None and as_of is not None:  # without as_of a date is text for readers
            ctx.bad((*path, "date"), f"'{date}' is not a date: write {DATE_FORMS}")
        out[str(name)] = day
    return out


__all__ = ["DATE_FORMS", "compile_sources", "known_by"]
