"""Fixtures shared by the integration tests."""

from tests.integration.reports import experiment_folder, run_folder

__all__ = ["experiment_folder", "run_folder"]
