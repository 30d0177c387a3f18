"""``python -m negotiation`` is the ``negotiation`` command."""

from negotiation.cli import entry

entry()
