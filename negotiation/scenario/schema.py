"""The JSON Schema of a scenario file.

The schema is the structural contract: which keys exist, their types and the
forms a value may take. ``negotiation schema`` prints it; the committed copy in
``negotiation/scenario.schema.json`` is what the scenario modelines point
yaml-language-server at, and a test keeps the two identical. Cross-references
(a weight naming an issue that does not exist, an option misspelt in a value
table) are checked in :mod:`negotiation.scenario.semantics`.

Schema nodes may carry an ``x-error`` string: the message shown when a value
matches none of a node's alternative forms.
"""

from __future__ import annotations

import json
from typing import Any

from negotiation.scenario.clock import MAX_PERIODS, PERIODS
from negotiation.scenario.defaults import (
    DEFAULT_CHUNK,
    DEFAULT_COST,
    DEFAULT_DRAWS,
    DEFAULT_EVENT_ROUND,
    DEFAULT_PATIENCE,
    DEFAULT_PHASE_STRENGTH,
    DEFAULT_POWER,
    DEFAULT_PROTOCOLS,
    DEFAULT_SAMPLER,
    DEFAULT_SEED,
    DEFAULT_STAKEHOLDER_ROUNDS,
    DEFAULT_TACTIC,
    DEFAULT_THRESHOLD,
)
from negotiation.scenario.distributions import ARGUMENTS
from negotiation.scenario.limits import (
    DRAWS_BEYOND,
    MAX_CHUNK,
    MAX_DRAWS,
    MAX_LABEL,
    MAX_NAME,
    MAX_SCALE,
    MAX_SEED,
    MAX_STAKEHOLDER_ROUNDS,
    MAX_TEXT,
    count,
)
from negotiation.scenario.model import FROM_PATIENCE

SAMPLERS = ("random", "lhs", "sobol")
EFFECT_OPS = ("add", "multiply", "set")
ROLES = ("leader", "delegation", "other")
TACTICS = ("boulware", "conceder", "linear", "tit_for_tat")
VALUE_SHAPES = ("increasing", "decreasing")
NAME_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_-]*$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

Schema = dict[str, Any]

_SCALE_BEYOND = "; a range's ends lie within ±1e12 (rescale the issue's unit)"


def _number(description: str) -> Schema:
    return {"description": description, "$ref": "#/$defs/number"}


def _text(description: str) -> Schema:
    return {"type": "string", "maxLength": MAX_TEXT, "description": description}


def _label(description: str) -> Schema:
    return {"type": "string", "maxLength": MAX_LABEL, "description": description}


def _date(description: str) -> Schema:
    return {"description": description, "$ref": "#/$defs/date"}


def _effects(description: str, when: str = "in draws where the event fires") -> Schema:
    return {
        "type": "object",
        "description": description,
        "additionalProperties": _effect(when),
        "minProperties": 1,
    }


def _effect(when: str) -> Schema:
    return {
        "type": "object",
        "description": f"One of add, multiply or set, applied to the leaf {when}.",
        "x-noun": "effect",
        "properties": {op: {"$ref": "#/$defs/number"} for op in EFFECT_OPS},
        "additionalProperties": False,
        "minProperties": 1,
        "maxProperties": 1,
    }


def _shift(description: str) -> Schema:
    return _named({"type": "object", "additionalProperties": {"$ref": "#/$defs/number"}}, description)


def _named(item: Schema, description: str, min_items: int = 0) -> Schema:
    """A mapping from user-chosen names (issues, parties, events ...) to ``item``."""
    out: Schema = {
        "type": "object",
        "description": description,
        "propertyNames": {"pattern": NAME_PATTERN, "maxLength": MAX_NAME},
        "additionalProperties": item,
    }
    if min_items:
        out["minProperties"] = min_items
    return out


def _distribution() -> Schema:
    props: dict[str, Schema] = {}
    for name, args in ARGUMENTS.items():
        arr: Schema = {"type": "array", "items": {"type": "number"}}
        if args:
            arr.update(minItems=len(args), maxItems=len(args), description=f"[{', '.join(args)}]")
        else:
            arr.update(minItems=1, description="the values, equally likely")
        props[name] = arr
    return {
        "type": "object",
        "description": "A distribution, sampled independently per draw: a one-key mapping {name: [args]}.",
        "x-noun": "distribution",
        "properties": props,
        "additionalProperties": False,
        "minProperties": 1,
        "maxProperties": 1,
    }


def _package_value() -> Schema:
    return {
        "description": "An option name, a number on the issue's grid, or a split's shares in the issue's party order.",
        "anyOf": [
            {"type": "string"},
            {"type": "number"},
            {
                "type": "array",
                "items": {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "array", "items": {"type": "number"}}]},
            },
        ],
        "x-error": "expected an option name, a number, a list of shares, or (in partial packages) a list of these",
    }


def _package(description: str) -> Schema:
    return {
        "type": "object",
        "description": description,
        "propertyNames": {"pattern": NAME_PATTERN, "maxLength": MAX_NAME},
        "additionalProperties": {"$ref": "#/$defs/package_value"},
    }


def _proposal() -> Schema:
    out = _package("A complete package; `hindsight: true` marks one first put forward after as_of.")
    out["properties"] = {
        "hindsight": {
            "type": "boolean",
            "description": "Named in hindsight: first put forward after as_of; evaluated, and its comments may cite later sources.",
        }
    }
    return out


def _issue() -> Schema:
    return {
        "type": "object",
        "description": "An issue: categorical (options), numeric (range + steps) or split (split + steps).",
        "properties": {
            "label": _label("Human-readable name."),
            "description": _text("What the issue is about."),
            "unit": _label("Unit of a numeric issue, for plots."),
            "options": {
                "type": "array",
                "items": {"type": "string", "maxLength": MAX_NAME},
                "minItems": 2,
                "uniqueItems": True,
                "description": "Categorical issue: the options, in order.",
            },
            "range": {
                "type": "array",
                "items": {
                    "type": "number",
                    "minimum": -MAX_SCALE,
                    "maximum": MAX_SCALE,
                    "x-beyond": _SCALE_BEYOND,
                    "x-below": _SCALE_BEYOND,
                },
                "minItems": 2,
                "maxItems": 2,
                "description": f"Numeric issue: [lo, hi], each within ±{MAX_SCALE:g}.",
            },
            "split": {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 2,
                "uniqueItems": True,
                "description": "Split issue: the parties that divide one unit.",
            },
            "steps": {
                "type": "integer",
                "minimum": 1,
                "description": "Numeric: number of grid points (>= 2). Split: shares move in 1/steps.",
            },
        },
        "additionalProperties": False,
        "oneOf": [
            {"required": ["options"]},
            {"required": ["range", "steps"]},
            {"required": ["split", "steps"]},
        ],
        "x-error": "an issue needs exactly one of 'options', 'range' with 'steps', or 'split' with 'steps'",
    }


def _value_function() -> Schema:
    return {
        "description": "A value function onto [0, 1].",
        "anyOf": [
            {"enum": list(VALUE_SHAPES)},
            {
                "type": "object",
                "required": ["peak"],
                "properties": {"peak": _number("Where the value is 1; it falls linearly to 0 at the far end.")},
                "additionalProperties": False,
            },
            {
                "type": "object",
                "required": ["points"],
                "properties": {
                    "points": {
                        "type": "array",
                        "minItems": 2,
                        "description": "Piecewise-linear [[x, v], ...] with x increasing.",
                        "items": {
                            "type": "array",
                            "minItems": 2,
                            "maxItems": 2,
                            "prefixItems": [{"type": "number"}, {"$ref": "#/$defs/number"}],
                        },
                    }
                },
                "additionalProperties": False,
            },
            {
                "type": "object",
                "description": "Table: a value in [0, 1] for every option.",
                "additionalProperties": {"$ref": "#/$defs/number"},
            },
        ],
        "x-error": "expected 'increasing', 'decreasing', {peak: x}, {points: [[x, v], ...]} or a table {option: value}",
    }


def _party() -> Schema:
    return {
        "type": "object",
        "description": "A party to the negotiation.",
        "properties": {
            "label": _label("Human-readable name."),
            "description": _text("Who the party is."),
            "weight": _named({"$ref": "#/$defs/number"}, "Salience per issue; missing issues weigh 0; renormalised per draw."),
            "value": _named({"$ref": "#/$defs/value_function"}, "Value function per issue."),
            "reservation": _number("Utility of no deal; omit to derive it from the no_deal lottery. Every draw must stay within +/-1000."),
            "power": {
                "description": (
                    f"Asymmetric-Nash exponent (default {DEFAULT_POWER:g}), or from_patience: 1/(-ln patience) per draw "
                    "(Binmore, Rubinstein & Wolinsky 1986); a number is on that same scale."
                ),
                "anyOf": [{"$ref": "#/$defs/number"}, {"const": FROM_PATIENCE}],
                "x-error": "expected a number, a distribution such as {beta: [2, 5]}, or from_patience",
            },
            "patience": _number(f"Discount factor per round (default {DEFAULT_PATIENCE:g})."),
            "recognition": _number("Probability of proposing (default 1/n); renormalised per draw."),
        },
        "required": ["weight"],
        "additionalProperties": False,
    }


def _no_deal() -> Schema:
    outcome = {
        "type": "object",
        "properties": {
            "label": _label("Human-readable name."),
            "probability": _number("Probability of this end state; renormalised per draw."),
            "package": _package("The end state, as a complete package."),
        },
        "required": ["probability", "package"],
        "additionalProperties": False,
    }
    drift = {
        "type": "object",
        "description": "The change of one end state's probability each period.",
        "properties": {"add": _number("Added to the end state's probability each period, then the lottery is renormalised.")},
        "required": ["add"],
        "additionalProperties": False,
    }
    belief = {
        "type": "object",
        "description": "A party's Dirichlet prior over the end states (Smith & Stam 2004).",
        "properties": {
            "mean": _named(
                {"$ref": "#/$defs/number"},
                "Prior probability per end state; a state left out has 0; fixed means sum to 1 (with distributions, renormalised per draw).",
                min_items=1,
            ),
            "confidence": _number("Pseudo-observations (periods of fighting) behind the prior, > 0: the Dirichlet concentration."),
        },
        "required": ["mean", "confidence"],
        "additionalProperties": False,
    }
    enforcement = {
        "type": "object",
        "description": "The commitment problem: an agreed package can collapse into war (Fearon 1995 §4; Powell 2006).",
        "properties": {
            "breakdown": _number("Base chance that a deal collapses into war, in [0, 1]."),
            "shift": _shift("Added to the breakdown chance for packages with given issue values: {issue: {value: shift}}."),
            "after": _effects("The war that follows a collapse: dotted path of a no_deal.* leaf -> effect.", "in the war after a collapse"),
        },
        "required": ["breakdown"],
        "additionalProperties": False,
    }
    kind = {
        "type": "object",
        "description": "One private type of the party (Fearon 1995): its prior and its own war lottery and/or cost.",
        "properties": {
            "prior": _number("Prior probability of the type, a fixed number; a party's priors sum to 1."),
            "probability": _named(
                {"$ref": "#/$defs/number"},
                "The type's own probability per end state; a state left out has 0; renormalised per draw.",
                min_items=1,
            ),
            "cost": _number("The party's cost of war under this type (default: no_deal.cost)."),
        },
        "required": ["prior"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "description": "The war lottery (Fearon 1995): d_p = sum_s pi_s u_p(package_s) - cost_p.",
        "properties": {
            "outcomes": _named(outcome, "End states of continued war.", min_items=1),
            "cost": _named({"$ref": "#/$defs/number"}, f"Cost of war per party, in utility units (default {DEFAULT_COST:g})."),
            "drift": _named(drift, "Shifting power (Powell 2006), per end state; needs a clock."),
            "beliefs": _named(belief, "Non-common priors per party; a party not listed believes nature's lottery."),
            "enforcement": enforcement,
            "types": _named(
                _named(kind, "The party's types by name; each draw's true type is drawn from the priors.", min_items=1),
                "Private types over the war (one party); the fearon protocol screens over them.",
            ),
        },
        "required": ["outcomes"],
        "additionalProperties": False,
    }


def _ratification() -> Schema:
    return {
        "type": "object",
        "description": "A domestic ratification step (Putnam 1988).",
        "properties": {
            "label": _label("Human-readable name."),
            "party": _text("The party whose domestic constituency ratifies."),
            "applies_if": _package("Issue values that trigger this step; a list under an issue means any of them."),
            "support": _number("Share in favour, drawn per draw."),
            "shift": _shift("Support added for packages with given issue values: {issue: {value: shift}}."),
            "threshold": _number(f"Support needed to pass (default {DEFAULT_THRESHOLD:g})."),
            "observed": {
                "type": "boolean",
                "description": "Whether the negotiators see each draw's support and threshold (default true); "
                "false: they know only the laws as written and choose on each package's chance of passing.",
            },
        },
        "required": ["party", "applies_if", "support"],
        "additionalProperties": False,
    }


def _event() -> Schema:
    summit_round = {
        "type": "object",
        "description": "When the event happens during the summit: its effects start at this phase and round.",
        "properties": {
            "phase": _text("A summit phase name."),
            "round": {"type": "integer", "minimum": 1, "description": f"Round within the phase (default {DEFAULT_EVENT_ROUND})."},
        },
        "required": ["phase"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "description": "A shock that fires per draw with a probability and changes parameters.",
        "properties": {
            "label": _label("Human-readable name."),
            "description": _text("What happens."),
            "probability": _number("Probability that the event fires in a draw."),
            "at": {
                "description": "When the event happens: a summit phase and round, or a date on the clock (effects hold from its period on).",
                "anyOf": [{"$ref": "#/$defs/date"}, summit_round],
                "x-error": "expected a date YYYY-MM-DD or {phase: name, round: n}",
            },
            "effects": _effects("Dotted path of a numeric leaf -> effect."),
        },
        "required": ["probability", "effects"],
        "additionalProperties": False,
    }


def _stakeholder() -> Schema:
    return {
        "type": "object",
        "description": "A leader, delegation member or other actor with positions on the issues (Bueno de Mesquita 1994).",
        "properties": {
            "label": _label("Human-readable name."),
            "description": _text("Who the stakeholder is."),
            "party": _text("The party the stakeholder belongs to."),
            "role": {"enum": list(ROLES), "description": "leader (negotiates at the summit), delegation or other."},
            "capability": _number("Capability (clout), >= 0; only ratios between stakeholders matter."),
            "position": _named(
                {
                    "anyOf": [{"type": "string"}, {"$ref": "#/$defs/number"}],
                    "x-error": "expected an option name (categorical issue) or a number in the issue's units",
                },
                "Position per issue: an option name (read as an ordinal scale in the listed order) or a number in the issue's units.",
            ),
            "salience": _named({"$ref": "#/$defs/number"}, "Salience per issue, in [0, 1]; issues not listed have salience 0."),
            "tactic": {"enum": list(TACTICS), "description": f"A leader's concession tactic at the summit (default {DEFAULT_TACTIC})."},
            "concession": _number("Exponent e of a time-dependent tactic (Faratin et al. 1998): below 1 Boulware, above 1 Conceder."),
        },
        "required": ["party", "role", "capability"],
        "additionalProperties": False,
    }


def _summit() -> Schema:
    phase = {
        "type": "object",
        "description": "One phase of the summit.",
        "properties": {
            "label": _label("Human-readable name."),
            "rounds": {"type": "integer", "minimum": 1, "description": "Offer rounds in this phase."},
            "attendees": {
                "type": "array",
                "items": {"type": "string"},
                "uniqueItems": True,
                "description": "Stakeholders in the room (default: the leaders of the parties at the table).",
            },
            "noise": _number(
                f"Interpreter noise: sd of the misreading of an offer's value, in utility units (default {DEFAULT_PHASE_STRENGTH:g})."
            ),
            "pull": _number(
                f"How strongly the attendees' stakeholder forecast pulls each leader's aspiration, in [0, 1] (default {DEFAULT_PHASE_STRENGTH:g})."
            ),
            "audience_cost": _number(
                f"Utility a leader loses by accepting less than its public stance, from this phase on (default {DEFAULT_PHASE_STRENGTH:g})."
            ),
        },
        "required": ["rounds"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "description": "The agent-based summit: phases, absent parties, who opens.",
        "properties": {
            "absent": {
                "type": "array",
                "items": {"type": "string"},
                "uniqueItems": True,
                "description": "Parties not at the table; they accept or reject the framework afterwards.",
            },
            "first": _text("The party whose leader makes the first offer (default: the first party at the table)."),
            "stakeholder_rounds": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_STAKEHOLDER_ROUNDS,
                "description": f"Rounds of stakeholder dynamics in a phase with pull (default {DEFAULT_STAKEHOLDER_ROUNDS}).",
            },
            "phases": _named(phase, "The phases in order (default: the Anchorage plan).", min_items=1),
            "anticipation": {
                "description": (
                    "Whether the leaders screen frameworks by the chance the absent parties accept them (default true), "
                    "or their belief about each named absent party's reservation value (a number or a distribution)."
                ),
                "anyOf": [
                    {"type": "boolean"},
                    _named(
                        _number(
                            "The leaders' belief about this absent party's reservation value: a number (a point mass) or a distribution."
                        ),
                        "Absent party -> the leaders' belief about its reservation value.",
                    ),
                ],
                "x-error": "expected true, false, or a mapping from absent parties to a number or a distribution",
            },
        },
        "additionalProperties": False,
    }


def _clock() -> Schema:
    return {
        "type": "object",
        "description": "The periods of a dated scenario; without a clock there is one bargaining problem per draw.",
        "properties": {
            "start": _date("The first day of period 0 (default: as_of)."),
            "period": {
                "enum": list(PERIODS),
                "description": "The length of a period; a month or quarter counts from start's day of the month.",
            },
            "horizon": _date("The last date asked about, after start; the last period is the one that contains it."),
        },
        "required": ["period", "horizon"],
        "additionalProperties": False,
    }


def _talk() -> Schema:
    return {
        "type": "object",
        "description": "A dated talk {date, label}, or a stride {every: k} in periods from period 0.",
        "properties": {
            "date": _date("The talk's date, on the clock."),
            "label": _label("What the talk is, for plots."),
            "every": {"type": "integer", "minimum": 1, "maximum": MAX_PERIODS, "description": "A talk every k periods, from period 0."},
        },
        "additionalProperties": False,
        "oneOf": [{"required": ["date"]}, {"required": ["every"]}],
        "x-error": "a talk needs exactly one of 'date' (with an optional 'label') or 'every'",
    }


def _question() -> Schema:
    return {
        "type": "object",
        "description": "A dated question: the probability of a deal by a date, optionally with given terms.",
        "properties": {
            "label": _label("Human-readable name."),
            "by": _date("The date, on the clock: a deal in a period that ends on or before it counts."),
            "with": _package("Terms the deal must have: {issue: value or list of values}."),
        },
        "required": ["by"],
        "additionalProperties": False,
    }


def _protocol() -> Schema:
    return {
        "description": "A protocol name, or a one-key mapping {name: {options}}.",
        "anyOf": [
            {"type": "string"},
            {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": {"type": "object"},
            },
        ],
        "x-error": "expected a protocol name or {name: {options}}",
    }


def _monte_carlo() -> Schema:
    return {
        "type": "object",
        "description": "Monte Carlo settings.",
        "properties": {
            "draws": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_DRAWS,
                "x-beyond": DRAWS_BEYOND,
                "description": f"Number of draws (default {DEFAULT_DRAWS}; at most {count(MAX_DRAWS)}, the limit of one run).",
            },
            "seed": {"type": "integer", "minimum": 0, "maximum": MAX_SEED, "description": f"Root seed (default {DEFAULT_SEED})."},
            "sampler": {"enum": list(SAMPLERS), "description": f"How uniforms are placed (default {DEFAULT_SAMPLER})."},
            "chunk": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_CHUNK,
                "x-beyond": "; a chunk is held in memory at once",
                "description": f"Draws per compute chunk (default {DEFAULT_CHUNK}, at most {count(MAX_CHUNK)}); never changes results.",
            },
            "precision": {
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 0.5,
                "description": "Stop once every protocol's deal rate is known to this 95% half-width; draws is then the most.",
            },
        },
        "additionalProperties": False,
    }


def scenario_schema() -> Schema:
    """The JSON Schema (draft 2020-12) of a scenario file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "negotiation scenario",
        "description": "A multi-party negotiation: parties, issues, value functions, reservation values, uncertainty, events.",
        "type": "object",
        "properties": {
            "name": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": MAX_NAME, "description": "Slug; names the results folder."},
            "title": _label("Title for plots and reports."),
            "description": _text("What question the scenario answers."),
            "as_of": _date("The information date: what the scenario knows is as of this day."),
            "clock": {"$ref": "#/$defs/clock"},
            "sources": _named(
                {
                    "type": "object",
                    "properties": {
                        "title": _text("Title of the source."),
                        "url": _text("Where to find it."),
                        "date": {
                            "type": ["string", "integer"],
                            "description": "When it became public: YYYY-MM-DD, YYYY-MM or YYYY (a month or year counts as its last day); "
                            "required with as_of.",
                        },
                        "publisher": _text("Outlet or author."),
                        "note": _text("What was taken from it."),
                    },
                    "required": ["title"],
                    "additionalProperties": False,
                },
                "Sources cited in the file's comments.",
            ),
            "issues": _named({"$ref": "#/$defs/issue"}, "The issues under negotiation, in enumeration order.", min_items=1),
            "exclude": {
                "type": "array",
                "description": "Partial packages that are infeasible.",
                "items": _package("A partial package; a list under an issue means any of its values."),
            },
            "parties": _named({"$ref": "#/$defs/party"}, "The parties.", min_items=2),
            "no_deal": {"$ref": "#/$defs/no_deal"},
            "ratification": _named({"$ref": "#/$defs/ratification"}, "Domestic ratification steps."),
            "events": _named({"$ref": "#/$defs/event"}, "Shocks that fire per draw."),
            "proposals": _named(_proposal(), "Named packages to test for acceptance."),
            "stakeholders": _named({"$ref": "#/$defs/stakeholder"}, "Leaders, delegation members and other actors."),
            "summit": {"$ref": "#/$defs/summit"},
            "talks": {
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/$defs/talk"},
                "description": "When agreement is possible; needs a clock (default: every period).",
            },
            "questions": _named({"$ref": "#/$defs/question"}, "Dated questions the run answers; needs a clock."),
            "protocols": {
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/$defs/protocol"},
                "description": f"Protocols to run (default [{', '.join(DEFAULT_PROTOCOLS)}]).",
            },
            "monte_carlo": {"$ref": "#/$defs/monte_carlo"},
        },
        "required": ["name", "issues", "parties"],
        "additionalProperties": False,
        "$defs": {
            "number": {
                "description": "A number, or a distribution sampled per draw.",
                "anyOf": [{"type": "number"}, {"$ref": "#/$defs/distribution"}],
                "x-error": "expected a number or a distribution such as {beta: [2, 5]}",
            },
            "distribution": _distribution(),
            "date": {"type": "string", "description": "A date, YYYY-MM-DD.", "x-noun": "date"},
            "package_value": _package_value(),
            "issue": _issue(),
            "value_function": _value_function(),
            "party": _party(),
            "no_deal": _no_deal(),
            "ratification": _ratification(),
            "event": _event(),
            "stakeholder": _stakeholder(),
            "summit": _summit(),
            "protocol": _protocol(),
            "monte_carlo": _monte_carlo(),
            "clock": _clock(),
            "talk": _talk(),
            "question": _question(),
        },
    }


def schema_json() -> str:
    """The schema as the indented JSON text that ``negotiation schema`` prints."""
    return json.dumps(scenario_schema(), indent=2) + "\n"
