"""Results folders: their layout, atomic writes, the draws table and the typed summaries.

A folder's ``summary.json`` reads into :class:`RunSummary` (a scenario's run,
or a stakeholder table's forecast; one :class:`ProtocolSummary` per protocol)
or :class:`ExperimentSummary`; :func:`read_summary` picks the type.
"""

from negotiation.results.experiment_summary import ExperimentSummary
from negotiation.results.protocol_summary import ProtocolSummary
from negotiation.results.run_summary import RunSummary
from negotiation.results.summary_file import Summary, read_summary, summary_from_json

__all__ = ["ExperimentSummary", "ProtocolSummary", "RunSummary", "Summary", "read_summary", "summary_from_json"]
