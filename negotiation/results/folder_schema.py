"""What ``negotiation report`` and ``run --resume`` read of a results folder's JSON files, as JSON Schemas.

The schemas hold every field the report shows or computes with, with its type
and range, so that a folder changed by hand (or by anyone) is refused with the
file and the field's dotted path named, never read into a traceback or a
wrong page. Fields the report does not read are free: a folder written by a
later version, with more blocks, still reads. Each schema is checked by
:func:`negotiation.results.folder_json.read_json`.

- :data:`RUN_SUMMARY`: a run's or a stakeholder table's ``summary.json``;
- :data:`EXPERIMENT_SUMMARY`: an experiment's ``summary.json`` (it names its ``experiment``);
- :data:`MANIFEST`: ``manifest.json`` (the report's "Provenance" section and footer);
- :data:`IDENTITY`: a staging folder's ``identity.json``, which ``--resume`` compares with the run asked for.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

TEXT: Schema = {"type": "string"}
NUMBER: Schema = {"type": "number"}
SHARE: Schema = {"type": "number", "minimum": 0, "maximum": 1}
COUNT: Schema = {"type": "integer", "minimum": 0}
FLAG: Schema = {"type": "boolean"}
INTERVAL: Schema = {"type": "array", "items": SHARE, "minItems": 2, "maxItems": 2}
TEXTS: Schema = {"type": "array", "items": TEXT}
STUDY_NAME = r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$"
"""A study's name, which names its figure ``plots/<name>.png``: no folder separator, not hidden."""


def nullable(schema: Schema) -> Schema:
    """``schema`` that also accepts null."""
    kind = schema["type"]
    return {**schema, "type": [*(kind if isinstance(kind, list) else [kind]), "null"]}


def mapping(values: Schema) -> Schema:
    """An object whose every value follows ``values``."""
    return {"type": "object", "additionalProperties": values}


def record(required: tuple[str, ...] = (), /, **fields: Schema) -> Schema:
    """An object with these fields (the ``required`` ones present); other keys are free."""
    return {"type": "object", "required": list(required), "properties": fields}


ISSUE_VALUE: Schema = {"type": ["string", "number", "array"], "items": NUMBER}
"""A value of an issue in a package: an option's name, a number, or a split's shares."""

PACKAGE: Schema = mapping(ISSUE_VALUE)

PROTOCOL: Schema = record(
    deal_rate=nullable(SHARE),
    deal_rate_ci95=nullable(INTERVAL),
    deals=nullable(COUNT),
    unresolved=nullable(COUNT),
    mean_round=nullable(NUMBER),
    top_packages=nullable({"type": "array", "items": record(("package", "share"), package=PACKAGE, share=SHARE)}),
    mean_utility=nullable(mapping(NUMBER)),
    pivotal_rate=nullable(mapping(SHARE)),
    blocking_rate=nullable(mapping(SHARE)),
    proposers=nullable(mapping(SHARE)),
    means=nullable(mapping(nullable(NUMBER))),
    unconstrained=nullable(record(("deal_rate",), deal_rate=SHARE, deal_rate_ci95=nullable(INTERVAL))),
    timeline=nullable(
        record(
            ("deal_by", "deal_by_ci95"),
            deal_by={"type": "array", "items": SHARE, "minItems": 1},
            deal_by_ci95={"type": "array", "items": INTERVAL, "minItems": 1},
            median_date=nullable(TEXT),
        )
    ),
    questions=nullable(mapping(record(("by", "probability", "ci95"), by=TEXT, probability=SHARE, ci95=INTERVAL))),
)
"""One protocol's block under ``protocols``: what the report's "Results" and "When" sections read."""

RUN_SUMMARY: Schema = record(
    ("scenario", "title", "draws", "seed", "parties", "issues", "protocols"),
    scenario=TEXT,
    title=TEXT,
    source=nullable(TEXT),
    draws=COUNT,
    seed=nullable({"type": "integer"}),
    sampler=nullable(TEXT),
    rounds=nullable(COUNT),
    q=nullable(NUMBER),
    parties=mapping(TEXT),
    issues=mapping({"type": "object"}),
    protocols=mapping(PROTOCOL),
    proposals=nullable(
        mapping(
            record(
                ("package", "acceptance", "all_accept"),
                package=PACKAGE,
                hindsight=FLAG,
                acceptance=mapping(SHARE),
                all_accept=SHARE,
                all_accept_ci95=INTERVAL,
            )
        )
    ),
    reservation=nullable(record(("mean",), mean=mapping(NUMBER))),
    slack=nullable(
        record(
            **{name: nullable(NUMBER) for name in ("mean", "p5", "p25", "median", "p75", "p95")},
            share_negative=nullable(SHARE),
            share_empty=nullable(SHARE),
        )
    ),
    events=nullable(mapping(record(rate=nullable(SHARE)))),
    histogram_edges=nullable({"type": "array", "items": NUMBER}),
    precision=nullable(
        record(("target", "draws_used", "max_draws", "reached"), target=NUMBER, draws_used=COUNT, max_draws=COUNT, reached=FLAG)
    ),
    ratification=nullable(mapping(record(("label", "protocols"), label=TEXT, observed=FLAG, protocols=mapping(record(failed=SHARE))))),
    clock=nullable(
        record(("start", "period", "horizon", "dates"), start=TEXT, period=TEXT, horizon=TEXT, dates={"type": "array", "items": TEXT})
    ),
    at_start=nullable(
        record(
            ("start", "first_period_end", "protocols"),
            start=TEXT,
            first_period_end=TEXT,
            protocols=TEXTS,
            dated_events_applied=nullable(TEXTS),
            left_out=nullable(TEXTS),
        )
    ),
)
"""A run's (or a stakeholder table's) ``summary.json``, as far as the report reads it."""

EXPERIMENT_SUMMARY: Schema = record(
    ("experiment", "title", "scenario", "draws", "seed", "protocols", "metrics", "common_random_numbers", "studies", "findings", "timing"),
    experiment=TEXT,
    title=TEXT,
    scenario=TEXT,
    draws=COUNT,
    seed={"type": "integer"},
    protocols=TEXTS,
    metrics=TEXTS,
    common_random_numbers=TEXT,
    studies={
        **mapping(record(("label", "kind"), label=TEXT, kind=TEXT, axes={"type": "array"})),
        "propertyNames": {"pattern": STUDY_NAME},
    },
    findings=TEXTS,
    timing={"type": "object"},
)
"""An experiment's ``summary.json``, as far as the report reads it."""

MANIFEST: Schema = record(
    scenario=nullable(TEXT),
    scenario_file=nullable(TEXT),
    scenario_sha256=nullable(TEXT),
    seed=nullable({"type": "integer"}),
    draws=nullable(COUNT),
    sampler=nullable(TEXT),
    chunk=nullable(COUNT),
    protocols=nullable(TEXTS),
    command=nullable(TEXTS),
    started_utc=nullable(TEXT),
    wall_time_s=nullable(NUMBER),
    git_revision=nullable(TEXT),
    platform=nullable(TEXT),
    versions=nullable(mapping(TEXT)),
)
"""``manifest.json``, as far as the report reads it."""

IDENTITY: Schema = {
    **record(
        ("scenario_hash", "draws", "chunk", "seed", "sampler", "precision"),
        scenario_hash=TEXT,
        draws={"type": "integer", "minimum": 1},
        chunk={"type": "integer", "minimum": 1},
        seed=nullable({"type": "integer"}),
        sampler=nullable(TEXT),
        precision=nullable(NUMBER),
    ),
}
"""A staging folder's ``identity.json``: what the interrupted run was (``engine.pipeline.run_identity``)."""


__all__ = ["EXPERIMENT_SUMMARY", "IDENTITY", "MANIFEST", "RUN_SUMMARY", "Schema"]
