"""Importers: negotiation domains written for other tools, turned into scenario files.

Two formats are read, each by a module of its own:

- :mod:`negotiation.importers.genius_xml`: Genius XML (a ``<negotiation_template>``
  domain file and one ``<utility_space>`` profile per party);
- :mod:`negotiation.importers.geniusweb_json`: GeniusWeb JSON (a domain with
  ``issuesValues`` and one ``LinearAdditiveUtilitySpace`` profile per party).

Both build a :class:`~negotiation.importers.domain.ImportedDomain`, which
:func:`~negotiation.importers.scenario_text.scenario_text` writes as scenario
YAML. Every problem in the input files is collected and raised at once as a
:class:`~negotiation.scenario.errors.ScenarioError`, one located line each.
docs/IMPORT.md states how each field maps onto the scenario format.
"""

from __future__ import annotations

from negotiation.importers.genius_xml import read_genius
from negotiation.importers.geniusweb_json import read_geniusweb
from negotiation.importers.scenario_text import scenario_text

__all__ = ["read_genius", "read_geniusweb", "scenario_text"]
