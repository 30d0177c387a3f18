"""Experiments: sweeps, comparisons, global sensitivity and scenario discovery over scenarios (``negotiation experiment``)."""
