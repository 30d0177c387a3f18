"""Reading an input file's bytes and text, with one located line for what cannot be read."""

from __future__ import annotations

from pathlib import Path

from negotiation.scenario.errors import Problem, ScenarioError


def read_input(
    path: str | Path, limit: int, *, bom: bool = False, text: str = "UTF-8", advice: str = "save the file as UTF-8"
) -> tuple[bytes, str]:
    """The file's bytes and their UTF-8 text.

    Parameters
    ----------
    path : str or Path
        The file, as the user named it (messages name it so).
    limit : int
        Largest size read, in bytes; a larger file is refused unread.
    bom : bool
        Drop a leading byte-order mark (``utf-8-sig``), as spreadsheets write one.
    text, advice : str
        What the file should be and what to do, in the message for bytes that
        are not UTF-8: ``not valid <text> (byte ... at offset ...); <advice>``.

    Raises
    ------
    ScenarioError
        One problem: the file cannot be read, is larger than ``limit``, or is
        not UTF-8 (located at the line of the first bad byte).
    """
    name = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise ScenarioError([Problem(name, 0, "(file)", f"cannot read the file: {exc.strerror}")]) from None
    if len(raw) > limit:
        raise ScenarioError([Problem(name, 0, "(file)", f"file is larger than {limit:,} bytes")])
    try:
        return raw, raw.decode("utf-8-sig" if bom else "utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = f"not valid {text} (byte 0x{raw[exc.start]:02x} at offset {exc.start}); {advice}"
        raise ScenarioError([Problem(name, line, "(file)", message)]) from None


__all__ = ["read_input"]
