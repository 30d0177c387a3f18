"""The JSON Schema of an experiment file (``negotiation experiment``).

Like the scenario's, this is the structural contract; ``negotiation schema
--experiment`` prints it and ``negotiation/experiment.schema.json`` is the
committed copy that editors read. Cross-references (a metric naming a party
the scenario lacks, a sweep over a path it does not have) are checked in
:mod:`negotiation.experiment.spec`.
"""

from __future__ import annotations

import json
from typing import Any

from negotiation.scenario.limits import DRAWS_BEYOND, MAX_DRAWS, MAX_HELD_DRAWS, MAX_LABEL, MAX_NAME, MAX_SEED, MAX_TEXT, count
from negotiation.scenario.schema import NAME_PATTERN, SLUG_PATTERN, scenario_schema

HELD_BEYOND = "; the study keeps every model run in memory"

Schema = dict[str, Any]

METRIC_NAMES = ("deal_rate", "mean_utility", "slack")
"""Metrics written as a bare name."""


def _text(description: str) -> Schema:
    return {"type": "string", "maxLength": MAX_TEXT, "description": description}


def _label(description: str) -> Schema:
    return {"type": "string", "maxLength": MAX_LABEL, "description": description}


def _named(item: Schema, description: str, min_items: int = 0, max_items: int = 0) -> Schema:
    out: Schema = {"type": "object", "description": description, "additionalProperties": item}
    if min_items:
        out["minProperties"] = min_items
    if max_items:
        out["maxProperties"] = max_items
    return out


METRIC_FORMS = (
    "deal_rate, mean_utility, slack, {mean_utility: party}, {issue_share: {issue: value}}, {all_accept: proposal}, "
    "{question: name} or {deal_by: date}"
)
"""Every way of writing a metric, for messages."""


def _metric() -> Schema:
    one: Schema = {"type": "object", "minProperties": 1, "maxProperties": 1}
    return {
        "description": "deal_rate, mean_utility (every party), slack, {mean_utility: PARTY}, {issue_share: {ISSUE: VALUE}}, "
        "{all_accept: PROPOSAL}, {question: NAME} or {deal_by: DATE} (the last two with a clock).",
        "anyOf": [
            {"enum": list(METRIC_NAMES)},
            {**one, "required": ["mean_utility"], "properties": {"mean_utility": _text("A party.")}, "additionalProperties": False},
            {
                **one,
                "required": ["issue_share"],
                "properties": {
                    "issue_share": {
                        "type": "object",
                        "minProperties": 1,
                        "maxProperties": 1,
                        "description": "{issue: value}: the share of deals taking that value.",
                    }
                },
                "additionalProperties": False,
            },
            {**one, "required": ["all_accept"], "properties": {"all_accept": _text("A proposal.")}, "additionalProperties": False},
            {
                **one,
                "required": ["question"],
                "properties": {"question": _text("A dated question of the scenario (which needs a clock): its probability.")},
                "additionalProperties": False,
            },
            {
                **one,
                "required": ["deal_by"],
                "properties": {"deal_by": _text("A date on the scenario's clock, YYYY-MM-DD: the share of draws with a deal by then.")},
                "additionalProperties": False,
            },
        ],
        "x-error": f"expected {METRIC_FORMS}",
        "x-noun": "metric",
        "x-more": f"; a metric is {METRIC_FORMS}",
    }


def _values() -> Schema:
    return {
        "description": "The values a swept leaf takes: a list, or {range: [lo, hi], steps: n} (evenly spaced, ends included).",
        "anyOf": [
            {"type": "array", "minItems": 1},
            {
                "type": "object",
                "required": ["range", "steps"],
                "properties": {
                    "range": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
                    "steps": {"type": "integer", "minimum": 2},
                },
                "additionalProperties": False,
            },
        ],
        "x-error": "expected a list of values or {range: [lo, hi], steps: n}",
    }


def _variant() -> Schema:
    return {
        "type": "object",
        "description": "One side of a comparison: another scenario file, overrides, and/or issues fixed to values.",
        "properties": {
            "label": _label("Human-readable name."),
            "scenario": _text("A scenario file, relative to the experiment file (default: the experiment's scenario)."),
            "set": {"type": "object", "description": "Overrides: dotted path -> value, as --set takes them."},
            "fix": {
                "type": "object",
                "minProperties": 1,
                "description": "Issues held at given values: {issue: value or list of values}; other values are excluded.",
            },
        },
        "additionalProperties": False,
    }


def _study() -> Schema:
    ranges = _named(
        {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
        "Dotted path -> [lo, hi]: the leaf varies uniformly over the range.",
        min_items=1,
    )
    return {
        "type": "object",
        "description": "One study: exactly one of sweep, compare, sensitivity or discovery.",
        "properties": {
            "label": _label("Human-readable name."),
            "description": _text("What the study asks."),
            "sweep": _named(_values(), "One or two dotted paths -> their values; every combination is a point.", min_items=1, max_items=2),
            "compare": _named(_variant(), "Named variants, run side by side on the same draws.", min_items=2),
            "sensitivity": {
                "type": "object",
                "description": "Sobol' first- and total-order indices of every metric.",
                "properties": {
                    "parameters": {
                        "anyOf": [{"enum": ["uncertain"]}, ranges],
                        "x-error": "expected 'uncertain' or a mapping {path: [lo, hi]}",
                        "description": "'uncertain' (every uncertain parameter and event of the scenario, the default) or ranges.",
                    },
                    "samples": {
                        "type": "integer",
                        "minimum": 2,
                        "maximum": MAX_HELD_DRAWS // 2,
                        "x-beyond": HELD_BEYOND,
                        "description": "Base sample n, a power of two (default 1024); the design's n x (inputs + 2) "
                        f"model runs are held in memory, at most {count(MAX_HELD_DRAWS)}.",
                    },
                },
                "additionalProperties": False,
            },
            "discovery": {
                "type": "object",
                "description": "PRIM boxes of the uncertain parameters in which an outcome is likely.",
                "properties": {
                    "outcome": {
                        "anyOf": [{"enum": ["deal", "no_deal"]}, {"type": "object", "minProperties": 1, "maxProperties": 1}],
                        "x-error": "expected deal, no_deal, {issue: value}, {question: name} or {deal_by: date}",
                        "description": "deal (default), no_deal, {issue: value}: a deal taking that value, {question: NAME}: the "
                        "scenario's dated question holds, or {deal_by: DATE}: a deal by the date (the last two with a clock).",
                    },
                    "protocol": _text("The protocol whose outcome is studied (default: the first)."),
                    "draws": {
                        "type": "integer",
                        "minimum": 10,
                        "maximum": MAX_HELD_DRAWS,
                        "x-beyond": HELD_BEYOND,
                        "description": f"Draws to search (default: the experiment's draws); held in memory, at most {count(MAX_HELD_DRAWS)}.",
                    },
                    "min_coverage": {
                        "type": "number",
                        "minimum": 0,
                        "maximum": 1,
                        "description": "Coverage the reported box keeps (default 0.5).",
                    },
                    "alpha": {
                        "type": "number",
                        "exclusiveMinimum": 0,
                        "maximum": 0.5,
                        "description": "Share peeled (and pasted) per step (default 0.05).",
                    },
                    "boxes": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 10,
                        "description": "The most boxes to find in sequence, each among the draws no earlier box holds (default 3).",
                    },
                },
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
        "oneOf": [{"required": [k]} for k in ("sweep", "compare", "sensitivity", "discovery")],
        "x-error": "a study needs exactly one of 'sweep', 'compare', 'sensitivity' or 'discovery'",
    }


def experiment_schema() -> Schema:
    """The JSON Schema (draft 2020-12) of an experiment file."""
    protocol = scenario_schema()["$defs"]["protocol"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "negotiation experiment",
        "description": "Sweeps, comparisons, sensitivity and discovery over a scenario, on common random numbers.",
        "type": "object",
        "properties": {
            "name": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_NAME, "description": "Slug; names the results folder."},
            "title": _label("Title for plots and reports."),
            "description": _text("What the experiment asks."),
            "scenario": _text("The scenario file, relative to this file."),
            "protocols": {"type": "array", "minItems": 1, "items": protocol, "description": "Protocols to run (default: the scenario's)."},
            "draws": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_DRAWS,
                "x-beyond": DRAWS_BEYOND,
                "description": f"Draws per point (default: the scenario's; at most {count(MAX_DRAWS)}, the limit of one run).",
            },
            "seed": {
                "type": "integer",
                "minimum": 0,
                "maximum": MAX_SEED,
                "description": "Root seed of every point (default: the scenario's).",
            },
            "set": {"type": "object", "description": "Overrides applied at every point: dotted path -> value."},
            "metrics": {"type": "array", "minItems": 1, "items": _metric(), "description": "What to report (default [deal_rate])."},
            "studies": {
                "type": "object",
                "minProperties": 1,
                "description": "The studies, by name.",
                "propertyNames": {"pattern": NAME_PATTERN, "maxLength": MAX_NAME},
                "additionalProperties": {"$ref": "#/$defs/study"},
            },
        },
        "required": ["name", "scenario", "studies"],
        "additionalProperties": False,
        "$defs": {"study": _study()},
    }


def experiment_schema_json() -> str:
    """The schema as indented JSON."""
    return json.dumps(experiment_schema(), indent=2) + "\n"


__all__ = ["METRIC_FORMS", "METRIC_NAMES", "experiment_schema", "experiment_schema_json"]
