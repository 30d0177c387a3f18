"""The JSON text of every results file: indented, UTF-8 as is, with a final newline."""

from __future__ import annotations

import json
from typing import Any


def json_text(data: Any) -> str:
    """``data`` as the text ``summary.json`` and ``manifest.json`` hold."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


__all__ = ["json_text"]
