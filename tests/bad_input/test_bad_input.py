"""Bad input: malformed scenarios and command lines exit 2, say what is wrong, write nothing.

Every file in ``files/`` is a small scenario, shrunk from ``valid.yaml``, with
exactly one deliberate problem (``many-errors.yaml`` has many) named in its
first-line comment. :data:`EXPECTED` says where each must be reported.

The command line runs ``negotiation validate`` on every file (in one call: it
takes many files and labels each line with its file) and ``negotiation run FILE
--draws 50 --out OUT`` on each file, in an empty working folder of its own. For
each file we check that both exit 2 with no traceback, that every line on
standard error reads ``FILE:LINE: dotted.path: what is wrong``, that the
expected line, path and message are there, that ``run`` says exactly what
``validate`` says, and that no results folder, ``results/`` or hidden
``.partial`` staging folder is left.

Starting Python and its libraries is nearly all the cost of a call, so the
calls run in this process, through :func:`negotiation.cli.main`
(:mod:`tests.in_process`), once each when a test first reads them
(:func:`calls`); an exception that escapes shows as a traceback and exit code 1,
as from a real process. A handful of the calls run again as real
``python -m negotiation`` processes (:func:`test_a_real_process_says_the_same`):
the same exit code and the same words, and no traceback.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from negotiation.scenario.model import MAX_PACKAGES
from negotiation.scenario.yamlio import MAX_NODES
from tests.in_process import negotiation_cli

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
VALID = HERE / "valid.yaml"
MANY = "many-errors.yaml"

EXPECTED: dict[str, tuple[int, str, str]] = {
    # file: (line, dotted path, message fragment)
    # -- reading YAML safely
    "yaml-syntax.yaml": (9, "(file)", "YAML syntax error: expected ',' or '}', but got ':' (while parsing a flow mapping at line 8)"),
    "tab-indent.yaml": (16, "(file)", "YAML syntax error: found character '\\t' that cannot start any token"),
    "latin1-byte.yaml": (3, "(file)", "not valid UTF-8 (byte 0xe9 at offset"),
    "duplicate-key.yaml": (12, "parties.russia.reservation", "duplicate key 'reservation' (first given at line 11)"),
    "python-tag.yaml": (3, "title", "YAML tag '!!python/object/apply:os.system' is not allowed"),
    "merge-key.yaml": (13, "parties.ukraine", "merge keys ('<<') are not supported"),
    "alias-bomb.yaml": (8, "(file)", f"YAML aliases expand this document past {MAX_NODES:,} nodes"),
    "recursive-alias.yaml": (3, "(file)", "recursive YAML alias"),
    "reservation-inf.yaml": (11, "parties.russia.reservation", "'.inf' is not a finite number"),
    "weight-nan.yaml": (13, "parties.ukraine.weight.territory", "'.nan' is not a finite number"),
    "empty.yaml": (1, "(top-level)", "a scenario must be a mapping of sections, got nothing (null)"),
    "top-level-list.yaml": (2, "(top-level)", "a scenario must be a mapping of sections, got a list"),
    "nul-character.yaml": (2, "(file)", "character #x0000 is not allowed in a YAML file"),
    "nested-too-deep.yaml": (21, "(file)", "the YAML nests deeper than 100 levels here"),
    "integer-too-long.yaml": (15, "parties.russia.reservation", "a number of 5,000 characters is too long to read"),
    # -- sources and the as_of rule
    "citation-after-as-of.yaml": (
        24,
        "parties.ukraine.reservation",
        "rests on [@late], dated 2025-08 (counted as 2025-08-31), after as_of 2025-08-14",
    ),
    "citation-unlisted.yaml": (24, "parties.ukraine.reservation", "cites @eraly, which sources does not list (did you mean @early?)"),
    "source-without-date.yaml": (5, "sources.early", "needs a date (a day YYYY-MM-DD, a month YYYY-MM or a year YYYY)"),
    # -- structure (the JSON Schema)
    "missing-name.yaml": (2, "(top-level)", "missing required key 'name'"),
    "bad-name-slug.yaml": (2, "name", "'Toy Summit' must be lower-case letters, digits, '_' and '-'"),
    "unknown-top-level-key.yaml": (17, "monte_carl", "unknown key 'monte_carl' (did you mean 'monte_carlo'?)"),
    "party-key-typo.yaml": (11, "parties.russia.reservaton", "unknown key 'reservaton' (did you mean 'reservation'?)"),
    "one-party.yaml": (6, "parties", "needs at least 2 entries, got 1"),
    "issue-name-space.yaml": (6, "issues.sanctions relief", "the name 'sanctions relief' may hold only letters, digits, '_' and '-'"),
    "option-no-boolean.yaml": (7, "issues.referendum.options.2", "got false (YAML reads yes/no/on/off as booleans; quote the word)"),
    "duplicate-option.yaml": (5, "issues.territory.options", "items must be unique; repeated: frozen_line"),
    "options-and-range.yaml": (
        4,
        "issues.territory",
        "an issue needs exactly one of 'options', 'range' with 'steps', or 'split' with 'steps'",
    ),
    "betta.yaml": (11, "parties.russia.reservation.betta", "unknown distribution 'betta' (did you mean 'beta'?)"),
    "beta-one-arg.yaml": (16, "parties.ukraine.reservation.beta", "needs exactly 2 items, got 1"),
    "reservation-word.yaml": (
        16,
        "parties.ukraine.reservation",
        "expected a number or a distribution such as {beta: [2, 5]}; got the string 'high'",
    ),
    "sampler-typo.yaml": (19, "monte_carlo.sampler", "'sobel' is not one of 'random', 'lhs', 'sobol' (did you mean 'sobol'?)"),
    # -- issues and the outcome space
    "range-lo-ge-hi.yaml": (7, "issues.sanctions_relief.range", "range needs lo < hi, got [1, 1]"),
    "steps-one.yaml": (8, "issues.sanctions_relief.steps", "a numeric issue needs at least 2 steps (grid points), got 1"),
    "split-party-typo.yaml": (7, "issues.minerals_fund.split", "unknown party 'ukriane' (did you mean 'ukraine'?)"),
    "too-many-packages.yaml": (3, "issues", f"1,000,000 packages, more than the limit of {MAX_PACKAGES:,}"),
    "exclude-everything.yaml": (6, "exclude", "the exclude rules remove every package"),
    # -- parties: weights, values, reservation values
    "teritory-typo.yaml": (12, "parties.russia.weight.teritory", "unknown issue 'teritory' (did you mean 'territory'?)"),
    "weight-without-value.yaml": (
        11,
        "parties.russia.weight.sanctions_relief",
        "'russia' gives weight to 'sanctions_relief' but has no value function",
    ),
    "value-issue-typo.yaml": (15, "parties.ukraine.value.teritory", "unknown issue 'teritory' (did you mean 'territory'?)"),
    "value-option-typo.yaml": (
        10,
        "parties.russia.value.territory.withdrawl",
        "'withdrawl' is not an option of 'territory' (did you mean 'withdrawal'?)",
    ),
    "value-missing-option.yaml": (15, "parties.ukraine.value.territory", "the table gives no value for west_bank_style"),
    "peak-on-categorical.yaml": (
        15,
        "parties.ukraine.value.territory",
        "'territory' is categorical; give a table {option: value} instead of a peak",
    ),
    "no-reservation.yaml": (12, "parties.ukraine", "no reservation value: give 'reservation' or a 'no_deal' war lottery"),
    # -- distributions and probabilities
    "beta-negative.yaml": (11, "parties.russia.reservation.beta", "beta needs a > 0 and b > 0, got [-4, 6]"),
    "uniform-lo-gt-hi.yaml": (16, "parties.ukraine.reservation.uniform", "uniform needs lo < hi, got [0.6, 0.2]"),
    "normal-unbounded.yaml": (
        10,
        "parties.russia.value.territory.frozen_line",
        "a value must be in [0, 1], but normal can give values in [-inf, inf]",
    ),
    "probability-1.5.yaml": (19, "events.missile_test.probability", "a probability must be in [0, 1], got 1.5"),
    # -- war lottery, ratification, events
    "no-deal-cost-typo.yaml": (18, "no_deal.cost.rusia", "unknown party 'rusia' (did you mean 'russia'?)"),
    "no-deal-zero.yaml": (16, "no_deal.outcomes", "every outcome has probability 0"),
    "ratification-party-typo.yaml": (19, "ratification.referendum.party", "unknown party 'ukrain' (did you mean 'ukraine'?)"),
    "ratification-named-like-party.yaml": (18, "ratification.ukraine", "a ratification step may not be named like a party ('ukraine')"),
    "applies-if-option-typo.yaml": (
        20,
        "ratification.referendum.applies_if.territory",
        "'west_bank' is not an option of 'territory' (did you mean 'west_bank_style'?)",
    ),
    "ratification-observed-string.yaml": (21, "ratification.referendum.observed", "expected true or false, got the string 'no'"),
    "event-path-typo.yaml": (
        21,
        "events.missile_test.effects.parties.ukraine.reservaton",
        "is not a numeric parameter of this scenario (did you mean 'parties.ukraine.reservation'?)",
    ),
    # -- proposals and protocols
    "proposal-off-grid.yaml": (
        22,
        "proposals.offer.sanctions_relief",
        "0.3 is not on the grid of 'sanctions_relief' (0.0, 0.25, 0.5, 0.75, 1.0); nearest is 0.25",
    ),
    "split-not-one.yaml": (21, "proposals.offer.minerals_fund", "the shares of 'minerals_fund' must sum to 1, got 1.25"),
    "proposal-missing-issue.yaml": (22, "proposals.offer", "a package needs a value for every issue; missing sanctions_relief"),
    "proposal-excluded.yaml": (24, "proposals.offer", "this proposal is excluded by exclude[0]"),
    "protocol-typo.yaml": (17, "protocols.0", "unknown protocol 'nsah' (did you mean 'nash'?)"),
    # -- stakeholders
    "stakeholder-party-typo.yaml": (23, "stakeholders.putin.party", "unknown party 'rusia' (did you mean 'russia'?)"),
    "position-option-typo.yaml": (
        26,
        "stakeholders.putin.position.territory",
        "'frozen_lin' is not an option of 'territory' (did you mean 'frozen_line'?)",
    ),
    "position-on-split.yaml": (
        29,
        "stakeholders.putin.position.minerals_fund",
        "'minerals_fund' is a split issue, which has no one-dimensional scale",
    ),
    "position-string-on-numeric.yaml": (
        26,
        "stakeholders.putin.position.sanctions_relief",
        "'sanctions_relief' is numeric; expected a number in its units, got 'high'",
    ),
    "position-out-of-range.yaml": (26, "stakeholders.putin.position.sanctions_relief", "a position must be in [0, 1], got 1.5"),
    "salience-1.5.yaml": (27, "stakeholders.putin.salience.territory", "a salience must be in [0, 1], got 1.5"),
    "salience-without-position.yaml": (
        27,
        "stakeholders.putin.salience.sanctions_relief",
        "a salience for 'sanctions_relief' needs a position on it under stakeholders.putin.position",
    ),
    "role-typo.yaml": (24, "stakeholders.putin.role", "'leeder' is not one of 'leader', 'delegation', 'other' (did you mean 'leader'?)"),
    "tactic-typo.yaml": (
        26,
        "stakeholders.putin.tactic",
        "'bulware' is not one of 'boulware', 'conceder', 'linear', 'tit_for_tat' (did you mean 'boulware'?)",
    ),
    "tactic-on-delegation.yaml": (26, "stakeholders.lavrov.tactic", "only a leader has a tactic; 'lavrov' is a delegation stakeholder"),
    "concession-on-delegation.yaml": (
        26,
        "stakeholders.lavrov.concession",
        "only a leader has a concession; 'lavrov' is a delegation stakeholder",
    ),
    "boulware-concession-2.yaml": (
        27,
        "stakeholders.putin.concession",
        "a Boulware exponent e must be below 1, got 2 (e > 1 is the conceder tactic)",
    ),
    "concession-with-linear.yaml": (27, "stakeholders.putin.concession", "the linear tactic takes no exponent"),
    "two-leaders.yaml": (28, "stakeholders.lavrov.role", "'russia' already has a leader, 'putin'; a party has one leader"),
    # -- the summit plan and scheduled events
    "absent-party-typo.yaml": (22, "summit.absent.0", "unknown party 'ukriane' (did you mean 'ukraine'?)"),
    "absent-all-but-one.yaml": (22, "summit.absent", "at least two parties must be at the table; only 1 would be"),
    "absent-not-a-list.yaml": (22, "summit.absent", "expected a list, got the string 'ukraine'"),
    "anticipation-party-typo.yaml": (27, "summit.anticipation.ukriane", "unknown party 'ukriane' (did you mean 'ukraine'?)"),
    "anticipation-at-table.yaml": (
        27,
        "summit.anticipation.russia",
        "'russia' is at the table; anticipation holds beliefs about absent parties only (absent: ukraine)",
    ),
    "anticipation-word.yaml": (
        27,
        "summit.anticipation",
        "expected true, false, or a mapping from absent parties to a number or a distribution; got the string 'sometimes'",
    ),
    "anticipation-uniform-reversed.yaml": (28, "summit.anticipation.ukraine.uniform", "uniform needs lo < hi, got [0.6, 0.3]"),
    "first-absent.yaml": (27, "summit.first", "'usa' is absent from the summit, so it cannot open"),
    "attendee-typo.yaml": (26, "summit.phases.talks.attendees.1", "unknown stakeholder 'zelenksy' (did you mean 'zelensky'?)"),
    "attendee-absent.yaml": (32, "summit.phases.talks.attendees.2", "'trump' belongs to 'usa', which is absent from the summit"),
    "phase-no-rounds.yaml": (24, "summit.phases.lunch", "missing required key 'rounds'"),
    "pull-1.5.yaml": (24, "summit.phases.lunch.pull", "a pull must be in [0, 1], got 1.5"),
    "noise-negative.yaml": (23, "summit.phases.talks.noise", "noise must be at least 0, got -0.05"),
    "stakeholder-rounds-word.yaml": (22, "summit.stakeholder_rounds", "expected an integer, got the string 'many'"),
    "at-phase-typo.yaml": (28, "events.offensive.at.phase", "unknown summit phase 'lunh' (did you mean 'lunch'?)"),
    "at-round-beyond.yaml": (28, "events.offensive.at.round", "phase 'talks' has 12 rounds, so round 13 never comes"),
    "scheduled-weight-effect.yaml": (
        30,
        "events.offensive.effects.parties.russia.weight.territory",
        "a scheduled event (with 'at') can move only parties.<party>.reservation and no_deal.* mid-talks",
    ),
    # -- what the summit and bdm protocols need
    "summit-no-leader.yaml": (
        24,
        "protocols.1",
        "the summit needs a leader (a stakeholder with role: leader) for every party at the table; none for ukraine",
    ),
    "bdm-uncontested.yaml": (
        28,
        "protocols.1",
        "bdm needs an issue on which at least two stakeholders have a position and a salience above 0",
    ),
    "bdm-rounds-zero.yaml": (34, "protocols.1.bdm.rounds", "rounds must be a whole number from 1 to 1000, got 0"),
    "bdm-q-2.yaml": (34, "protocols.1.bdm.q", "q (the probability of the status quo) must be a number in [0, 1], got 2"),
    "protocol-not-a-name.yaml": (21, "protocols.1", "expected a protocol name or {name: {options}}; got the integer 5"),
    # -- power from patience (an infinite exponent at patience 1)
    "from-patience-patience-1.yaml": (
        22,
        "parties.ukraine.patience",
        "patience is 1; power: from_patience needs it below 1 (the exponent 1/(-ln patience) is infinite at 1)",
    ),
    "from-patience-beta.yaml": (
        17,
        "parties.russia.patience",
        "patience can be 1 (beta gives values in [0, 1]); power: from_patience needs it below 1",
    ),
    "power-from-patiance.yaml": (
        21,
        "parties.ukraine.power",
        "expected a number, a distribution such as {beta: [2, 5]}, or from_patience; got the string 'from_patiance'",
    ),
    "nash-from-patience-uniform.yaml": (
        22,
        "protocols.0",
        "power: from_patience needs every party's patience below 1, but for 'ukraine' patience can be 1 (uniform gives values in [0.9, 1])",
    ),
    "nash-power-option.yaml": (21, "protocols.0.nash.power", "'2' is not one of 'from_patience'"),
    "event-patience-to-1.yaml": (
        26,
        "events.deadline.effects.parties.ukraine.patience",
        "this can raise the patience of 'ukraine' to 1, where its Nash exponent 1/(-ln patience) is infinite",
    ),
    # -- time: the clock, dated talks, questions and events, and the war over time
    "date-malformed.yaml": (21, "clock.horizon", "'2026-13-01' is not a date: month must be in 1..12"),
    "as-of-not-iso.yaml": (20, "as_of", "'15 August 2025' is not a date; write YYYY-MM-DD, e.g. 2025-10-22"),
    "horizon-before-start.yaml": (20, "clock.horizon", "the horizon 2025-01-31 must come after the start 2025-08-15"),
    "clock-without-start.yaml": (20, "clock", "the clock needs a start: give clock.start, or as_of (the start's default)"),
    "period-typo.yaml": (21, "clock.period", "'monht' is not one of 'week', 'month', 'quarter' (did you mean 'month'?)"),
    "talk-outside-clock.yaml": (
        23,
        "talks.0.date",
        "2027-03-01 is outside the clock, which runs from 2025-08-15 to its horizon 2026-12-31",
    ),
    "talks-every-zero.yaml": (23, "talks.0.every", "must be at least 1, got 0"),
    "question-after-horizon.yaml": (
        23,
        "questions.peace_2027.by",
        "2027-06-30 is after the clock's horizon 2026-12-31; move the horizon or the question",
    ),
    "question-option-typo.yaml": (
        23,
        "questions.frozen.with.territory",
        "'frozen_lin' is not an option of 'territory' (did you mean 'frozen_line'?)",
    ),
    "dated-event-without-clock.yaml": (
        23,
        "events.sanctions.at",
        "a dated event needs a clock: add a 'clock' section with a period and a horizon",
    ),
    "event-date-before-start.yaml": (
        25,
        "events.sanctions.at",
        "2025-06-01 is outside the clock, which runs from 2025-08-15 to its horizon 2026-12-31",
    ),
    "drift-state-typo.yaml": (21, "no_deal.drift.stalemat", "unknown end state 'stalemat' (did you mean 'stalemate'?)"),
    "drift-without-clock.yaml": (20, "no_deal.drift", "drift needs a clock: add a 'clock' section with a period and a horizon"),
    "beliefs-state-typo.yaml": (
        21,
        "no_deal.beliefs.russia.mean.russian_gain",
        "unknown end state 'russian_gain' (did you mean 'russian_gains'?)",
    ),
    "beliefs-party-typo.yaml": (21, "no_deal.beliefs.rusia", "unknown party 'rusia' (did you mean 'russia'?)"),
    "beliefs-mean-sum.yaml": (21, "no_deal.beliefs.russia.mean", "the means must sum to 1, got 1.1 (a state left out has mean 0)"),
    "confidence-zero.yaml": (21, "no_deal.beliefs.russia.confidence", "a confidence must be greater than 0, got 0"),
    "enforcement-after-weight.yaml": (
        22,
        "no_deal.enforcement.after.parties.russia.weight.territory",
        "the war after a collapse can change only no_deal.* parameters, not 'parties.russia.weight.territory'",
    ),
    "enforcement-shift-typo.yaml": (
        22,
        "no_deal.enforcement.shift.territory.frozen_lin",
        "'frozen_lin' is not an option of 'territory' (did you mean 'frozen_line'?)",
    ),
    "types-party-typo.yaml": (21, "no_deal.types.ukrane", "unknown party 'ukrane' (did you mean 'ukraine'?)"),
    "types-two-parties.yaml": (24, "no_deal.types.russia", "only one party may have private types; 'ukraine' already has them"),
    "types-written-reservation.yaml": (
        22,
        "no_deal.types.ukraine",
        "types act through the war lottery: 'ukraine' needs its reservation value derived from no_deal, not written",
    ),
    "types-prior-sum.yaml": (21, "no_deal.types.ukraine", "the priors of the types of 'ukraine' must sum to 1, got 1.1"),
    "types-prior-distribution.yaml": (22, "no_deal.types.ukraine.weak.prior", "a prior must be a fixed number"),
    "types-state-typo.yaml": (
        22,
        "no_deal.types.ukraine.weak.probability.russian_gain",
        "unknown end state 'russian_gain' (did you mean 'russian_gains'?)",
    ),
    "types-all-zero.yaml": (22, "no_deal.types.ukraine.weak.probability", "every end state has probability 0"),
    "types-empty.yaml": (22, "no_deal.types.ukraine.weak", "a type needs its own 'probability' per end state or its own 'cost'"),
    "fearon-private-with-types.yaml": (
        25,
        "protocols.0",
        "private does not apply: 'ukraine' has no_deal.types, which say what the proposer does not know",
    ),
    "fearon-rounds-zero.yaml": (25, "protocols.0.fearon.rounds", "rounds must be a whole number from 1 to 100, got 0"),
    # -- all at once (see also test_many_errors_are_reported_at_once)
    MANY: (11, "parties.russia.weight.teritory", "unknown issue 'teritory' (did you mean 'territory'?)"),
    # -- limits: numbers a run cannot hold, sizes and lengths past their limits
    "reservation-uniform-overflow.yaml": (
        15,
        "parties.russia.reservation",
        "a reservation value must be in [-1000, 1000], but uniform can give values in [-1e+308, 1e+308]",
    ),
    "reservation-lognormal-overflow.yaml": (
        15,
        "parties.russia.reservation",
        "a reservation value must be in [-1000, 1000], but lognormal can give values in [0, inf]",
    ),
    "reservation-normal-huge-sd.yaml": (
        15,
        "parties.russia.reservation",
        "a reservation value must be in [-1000, 1000], but normal can give values in [-8.21e+300, 8.21e+300]",
    ),
    "weight-empty.yaml": (17, "parties.ukraine.weight", "no issue has a weight; the party would be indifferent to every package"),
    "weight-huge.yaml": (11, "parties.russia.weight.territory", "a weight must be in [0, 1e+06], got 1e+300"),
    "range-overflow.yaml": (
        7,
        "issues.sanctions_relief.range.1",
        "must be at most 1,000,000,000,000, got 1e+308; a range's ends lie within",
    ),
    "chunk-too-big.yaml": (21, "monte_carlo.chunk", "must be at most 1,048,576, got 1,000,000,000; a chunk is held in memory at once"),
    "label-too-long.yaml": (11, "parties.russia.label", "has 300 characters, more than the limit of 200"),
    "party-name-too-long.yaml": (9, "parties", "has 100 characters, more than the limit of 64"),
    # -- a section of the wrong type (read as absent by the compiler; the schema or the section's reader says so once)
    "no-deal-outcomes-list.yaml": (20, "no_deal.outcomes", "expected a mapping, got a list"),
    "no-deal-cost-number.yaml": (22, "no_deal.cost", "expected a mapping, got the number 0.2"),
    "no-deal-cost-list-of-lists.yaml": (22, "no_deal.cost", "expected a mapping, got a list"),
    "ratification-shift-number.yaml": (26, "ratification.referendum.shift", "expected a mapping, got the number 0.05"),
    "event-effects-string.yaml": (24, "events.missile_test.effects", "expected a mapping, got the string"),
    "points-number.yaml": (14, "parties.russia.value.sanctions_relief.points", "expected a list of at least two [x, v] pairs"),
    "points-distribution.yaml": (14, "parties.russia.value.sanctions_relief.points", "[[0, 0], [1, 1]], got a mapping"),
    "exclude-number.yaml": (21, "exclude", "expected a list, got the integer 3"),
}

REPORTED_LINES = {MANY: 10}
"""Files that give more than one line. A misspelt option in a value table is reported
once, as the misspelling, not again as a missing option."""

MANY_LINES = {2, 8, 11, 12, 17, 21, 22, 24, 25, 26}
"""The lines of ``many-errors.yaml`` that each hold a mistake of their own (its first-line comment lists them)."""

SET_PROBLEMS = [
    # (--set PATH=VALUE, the line it must give), all given together in one call
    ("parties.russia.reservaton=0.2", "--set:1: parties.russia.reservaton: unknown key 'reservaton' (did you mean 'reservation'?)"),
    ("parties.russia.weight.teritory=0.5", "--set:2: parties.russia.weight.teritory: unknown issue 'teritory' (did you mean 'territory'?)"),
    ("monte_carlo.seed=abc", "--set:3: monte_carlo.seed: expected an integer, got the string 'abc'"),
    (
        "parties.russia.reservation={betta: [2, 3]}",
        "--set:4: parties.russia.reservation.betta: unknown distribution 'betta' (did you mean 'beta'?)",
    ),
    ("parties.ukraine.reservation={beta: [2", "--set:5: parties.ukraine.reservation: YAML syntax error:"),
    ("title=!!python/object/apply:os.system [touch PWNED]", "--set:6: title: YAML tag '!!python/object/apply:os.system' is not allowed"),
    ("parties.ukraine.power=.nan", "--set:7: parties.ukraine.power: '.nan' is not a finite number"),
    ("=3", "--set:8: (empty): the path is empty or has an empty part"),
    (
        "issues.territory.options.7=x",
        "--set:9: issues.territory.options.7: '7' is not an index of the list at issues.territory.options (0 to 2)",
    ),
]

Args = Callable[[Path], list[str | Path]]
"""The arguments of a call, given its (empty) working folder; it may put files there first."""


def _run(*extra: str) -> Args:
    """``run VALID --draws 50 --out OUT EXTRA...``."""
    return lambda cwd: ["run", VALID, "--draws", "50", "--out", cwd / "out", *extra]


def _run_draws(draws: str) -> Args:
    return lambda cwd: ["run", VALID, "--draws", draws, "--out", cwd / "out"]


COMMAND_LINES: dict[str, tuple[Args, str]] = {
    # case: (arguments, the line expected on stderr, or for a usage error a fragment of it)
    "set-without-equals": (_run("--set", "parties.russia.power"), "--set:1: parties.russia.power: expected PATH=VALUE"),
    "set-misspelt-party": (
        _run("--set", "parties.rusia.power=2"),
        "--set:1: parties.rusia.power: no key 'rusia' here (did you mean 'russia'?)",
    ),
    "set-invalid-value": (_run("--set", "parties.russia.power=-1"), "--set:1: parties.russia.power: power must be at least 0, got -1"),
    "draws-zero": (_run_draws("0"), "negotiation run: error: argument --draws: must be at least 1, got 0"),
    "draws-not-a-number": (_run_draws("abc"), "negotiation run: error: argument --draws: expected a whole number, got 'abc'"),
    "protocol-misspelt": (
        _run("--protocol", "nsah"),
        "negotiation run: error: argument --protocol: unknown protocol 'nsah' (did you mean 'nash'?)",
    ),
    "missing-file-run": (
        lambda cwd: ["run", "no-such-file.yaml", "--draws", "50", "--out", cwd / "out"],
        "no-such-file.yaml:0: (file): cannot read the file",
    ),
    "missing-file-validate": (lambda cwd: ["validate", "no-such-file.yaml"], "no-such-file.yaml:0: (file): cannot read the file"),
}


def _out_taken(cwd: Path) -> list[str | Path]:
    taken = cwd / "out"
    taken.mkdir()
    (taken / "keep.txt").write_text("an earlier run\n", encoding="utf-8")
    return ["run", VALID, "--draws", "50", "--out", taken]


def _zero_bytes(cwd: Path) -> list[str | Path]:
    (cwd / "zero.yaml").write_bytes(b"")
    return ["validate", cwd / "zero.yaml"]


SINGLE_CALLS: dict[str, tuple[str, Args]] = {
    # key: (the test that reads it, arguments)
    "validate-all": (
        "test_validate_reports_every_file_in_one_call",
        lambda cwd: ["validate", *(FILES / name for name in sorted(EXPECTED))],
    ),
    "validate-valid": ("test_valid_base_scenario_is_valid", lambda cwd: ["validate", VALID]),
    "run-valid": (
        "test_run_writes_a_results_folder_for_a_valid_scenario",
        lambda cwd: ["run", VALID, "--draws", "50", "--out", cwd / "out", "--quiet"],
    ),
    "validate-many": ("test_many_errors_are_reported_at_once", lambda cwd: ["validate", FILES / MANY]),
    "validate-zero-bytes": ("test_zero_byte_file", _zero_bytes),
    "out-taken": ("test_out_folder_that_exists_and_is_not_empty", _out_taken),
    "set-many-problems": ("test_every_bad_set_is_reported_at_once", _run(*(arg for text, _ in SET_PROBLEMS for arg in ("--set", text)))),
}


# -- running the command line ---------------------------------------------------------------


ONE_THREAD = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
"""A real process keeps to one BLAS thread, as the machine may be busy with other tests."""


def cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m negotiation ARGS`` in ``cwd``, as a real process."""
    return subprocess.run(
        [sys.executable, "-m", "negotiation", *map(str, args)],
        cwd=cwd,
        env=ONE_THREAD,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
    )


@dataclass
class Call:
    """One finished command-line call and the folder it ran in."""

    cwd: Path
    done: subprocess.CompletedProcess[str]

    @property
    def out(self) -> Path:
        return self.cwd / "out"

    @property
    def lines(self) -> list[str]:
        return self.done.stderr.splitlines()

    def about(self, name: str) -> list[str]:
        """The stderr lines about one file of ``files/``."""
        prefix = f"{FILES / name}:"
        return [line for line in self.lines if line.startswith(prefix)]


def _args(key: str) -> Args:
    """The arguments of a call by key: a file of ``files/`` (``run FILE``), a case of
    :data:`COMMAND_LINES` or a key of :data:`SINGLE_CALLS`."""
    if key in EXPECTED:
        return lambda cwd: ["run", FILES / key, "--draws", "50", "--out", cwd / "out"]
    if key in COMMAND_LINES:
        return COMMAND_LINES[key][0]
    return SINGLE_CALLS[key][1]


class Calls:
    """Command-line calls by key, each run in this process the first time a test reads it,
    in an empty folder of its own."""

    def __init__(self, folders: pytest.TempPathFactory) -> None:
        self._folders = folders
        self._done: dict[str, Call] = {}

    def __getitem__(self, key: str) -> Call:
        if key not in self._done:
            cwd = self._folders.mktemp(Path(key).stem)
            self._done[key] = Call(cwd, negotiation_cli(*_args(key)(cwd), cwd=cwd))
        return self._done[key]


@pytest.fixture(scope="module")
def calls(tmp_path_factory: pytest.TempPathFactory) -> Calls:
    """Every command-line call the tests of this module read, run once each."""
    return Calls(tmp_path_factory)


def line_pattern(file: str | Path, path: str = "") -> re.Pattern[str]:
    """``FILE:LINE: dotted.path: what is wrong``, or the same from ``--set``.

    A dotted path is one word, unless a key the user wrote holds a space (as in
    ``issues.sanctions relief``): then that path, exactly as expected, is allowed too.
    """
    word = r"\S+" if not re.search(r"\s", path) else rf"(?:\S+|{re.escape(path)})"
    return re.compile(rf"^(?:{re.escape(str(file))}|--set):\d+: {word}: .+$")


def assert_clean_report(done: subprocess.CompletedProcess[str], pattern: re.Pattern[str]) -> None:
    """Exit 2, no traceback, nothing on stdout, and at least one line on stderr, each of the located form."""
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines, "nothing was printed on standard error"
    assert [line for line in lines if not pattern.match(line)] == [], done.stderr


def assert_nothing_written(call: Call) -> None:
    """No results folder, no ``results/``, no hidden staging folder: the working folder is still empty.

    (So no ``PWNED`` file either, which a ``!!python`` tag would have made had it run.)
    """
    assert not call.out.exists()
    assert not (call.cwd / "results").exists()
    assert [p for p in call.cwd.rglob("*") if ".partial" in p.name] == []
    assert list(call.cwd.iterdir()) == []


# -- the folder and its table ---------------------------------------------------------------


def test_every_file_is_in_the_table() -> None:
    present = sorted(p.name for p in FILES.iterdir())
    assert present == sorted(EXPECTED), "every file in files/ needs a row in EXPECTED, and every row a file"
    assert len(present) >= 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_file_says_what_is_wrong_with_it(name: str) -> None:
    first = (FILES / name).read_bytes().split(b"\n", 1)[0].decode("latin-1")
    assert re.match(r"^# \S.{10,}$", first), f"{name} must start with a comment saying what is wrong with it"


def test_latin1_file_really_holds_a_byte_that_is_not_utf8() -> None:
    raw = (FILES / "latin1-byte.yaml").read_bytes()
    assert b"\xe9" in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_valid_base_scenario_is_valid(calls: Calls) -> None:
    done = calls["validate-valid"].done
    assert (done.returncode, done.stdout.strip(), done.stderr) == (0, "ok", "")


def test_run_writes_a_results_folder_for_a_valid_scenario(calls: Calls) -> None:
    """The control: the same call on a valid file does write OUT, so the checks that nothing was written can fail."""
    call = calls["run-valid"]
    assert call.done.returncode == 0, call.done.stderr
    assert (call.out / "summary.json").is_file()
    assert [p.name for p in call.cwd.iterdir()] == ["out"]


# -- each malformed file ---------------------------------------------------------------------


def test_validate_reports_every_file_in_one_call(calls: Calls) -> None:
    call = calls["validate-all"]
    assert call.done.returncode == 2, call.done.stderr
    assert "Traceback" not in call.done.stderr, call.done.stderr
    assert call.done.stdout == ""
    assert [line for line in call.lines if not any(line.startswith(f"{FILES / name}:") for name in EXPECTED)] == []
    assert_nothing_written(call)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file(name: str, calls: Calls) -> None:
    line, path, fragment = EXPECTED[name]
    file = FILES / name
    pattern = line_pattern(file, path)
    head = f"{file}:{line}: {path}: "

    reported = calls["validate-all"].about(name)  # negotiation validate FILE...
    assert reported, f"validate said nothing about {name}"
    assert [text for text in reported if not pattern.match(text)] == [], "\n".join(reported)
    assert any(text.startswith(head) and fragment in text for text in reported), "\n".join(reported)
    assert len(reported) == REPORTED_LINES.get(name, 1), "\n".join(reported)

    call = calls[name]  # negotiation run FILE --draws 50 --out OUT
    assert_clean_report(call.done, pattern)
    assert call.lines == reported, "run and validate disagree"
    assert_nothing_written(call)


def test_many_errors_are_reported_at_once(calls: Calls) -> None:
    file = FILES / MANY
    done = calls["validate-many"].done
    assert_clean_report(done, line_pattern(file))
    numbers = {int(text.removeprefix(f"{file}:").split(":", 1)[0]) for text in done.stderr.splitlines()}
    assert len(numbers) >= 5
    assert numbers == MANY_LINES


def test_alias_bomb_is_rejected_fast(tmp_path: Path) -> None:
    """Timed in this process, so that the time is the rejection's, not Python's start (a real
    process reads the same file in ``validate-all`` of :func:`test_a_real_process_says_the_same`)."""
    file = FILES / "alias-bomb.yaml"
    start = time.perf_counter()
    done = negotiation_cli("validate", file, cwd=tmp_path)
    seconds = time.perf_counter() - start
    assert_clean_report(done, line_pattern(file))
    assert seconds < 2.0, f"rejecting the alias bomb took {seconds:.1f} s"


def test_zero_byte_file(calls: Calls) -> None:
    call = calls["validate-zero-bytes"]
    file = call.cwd / "zero.yaml"
    assert_clean_report(call.done, line_pattern(file))
    assert call.done.stderr == f"{file}:1: (top-level): a scenario must be a mapping of sections, got nothing (null)\n"


# -- malformed command lines -----------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(COMMAND_LINES))
def test_bad_command_line(case: str, calls: Calls) -> None:
    call, expected = calls[case], COMMAND_LINES[case][1]
    if expected.startswith("negotiation"):  # a usage error: one line, from argparse
        assert call.done.returncode == 2, call.done.stderr
        assert "Traceback" not in call.done.stderr
        assert call.lines == [f"{expected} (see 'negotiation run --help')"]
    else:
        file = expected.split(":", 1)[0]
        assert_clean_report(call.done, line_pattern(file))
        assert any(line.startswith(expected) for line in call.lines), call.done.stderr
    assert_nothing_written(call)


def test_every_bad_set_is_reported_at_once(calls: Calls) -> None:
    call = calls["set-many-problems"]
    assert_clean_report(call.done, line_pattern(VALID))
    for _, expected in SET_PROBLEMS:
        assert sum(line.startswith(expected) for line in call.lines) == 1, (expected, call.done.stderr)
    assert len(call.lines) == len(SET_PROBLEMS)
    assert_nothing_written(call)


def test_out_folder_that_exists_and_is_not_empty(calls: Calls) -> None:
    call = calls["out-taken"]
    assert call.done.returncode == 2, call.done.stderr
    assert "Traceback" not in call.done.stderr
    assert call.lines == [f"negotiation: error: {call.out} already exists; results are never overwritten (choose another --out)"]
    assert [p.name for p in call.cwd.iterdir()] == ["out"]
    assert [p.name for p in call.out.iterdir()] == ["keep.txt"]
    assert (call.out / "keep.txt").read_text(encoding="utf-8") == "an earlier run\n"


# -- the same, as real processes ----------------------------------------------------------------

REAL_PROCESSES = ["validate-all", "python-tag.yaml", "missing-file-run", "draws-zero", "out-taken"]
"""Calls run again as ``python -m negotiation``: every file at once, a file that must not run
code, a file that does not exist, a usage error from argparse, and a refused ``--out``."""


@pytest.mark.parametrize("key", REAL_PROCESSES)
def test_a_real_process_says_the_same(key: str, calls: Calls, tmp_path: Path) -> None:
    """Exit 2 and no traceback from a real process too, and word for word what the call in this process printed."""
    here = calls[key]
    done = cli(*_args(key)(tmp_path), cwd=tmp_path)
    assert done.returncode == here.done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stdout == here.done.stdout == ""
    assert done.stderr.replace(str(tmp_path), "CWD") == here.done.stderr.replace(str(here.cwd), "CWD")
    if key == "out-taken":
        assert [p.name for p in (tmp_path / "out").iterdir()] == ["keep.txt"]
    else:
        assert_nothing_written(Call(tmp_path, done))


def test_a_bug_in_this_process_shows_as_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The control for the in-process calls: an exception that escapes the command is reported as
    Python reports it, exit code 1 and a traceback, so the checks above for exit 2 and no traceback can fail."""
    import negotiation.cli

    def broken(args: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setitem(negotiation.cli.COMMANDS, "validate", broken)
    done = negotiation_cli("validate", VALID, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("Traceback") and done.stderr.rstrip().endswith("RuntimeError: a bug")


# -- the experiment's --seed and --set: the same options as run's, with the same messages -------


def _experiment_file(folder: Path) -> Path:
    """A one-study experiment on ``valid.yaml``, outside the working folder (which must stay empty)."""
    folder.mkdir(exist_ok=True)
    file = folder / "exp.yaml"
    file.write_text(f"name: exp\nscenario: {VALID}\nstudies:\n  s:\n    sweep: {{parties.usa.reservation: [0.2, 0.4]}}\n", encoding="utf-8")
    return file


def test_experiment_reports_every_bad_set_as_run_does(calls: Calls, tmp_path_factory: pytest.TempPathFactory) -> None:
    file = _experiment_file(tmp_path_factory.mktemp("experiment"))
    cwd = tmp_path_factory.mktemp("cwd")
    sets = [arg for value, _ in SET_PROBLEMS for arg in ("--set", value)]
    done = negotiation_cli("experiment", file, "--draws", "20", "--out", cwd / "out", *sets, cwd=cwd)
    assert_clean_report(done, line_pattern(VALID))
    assert sorted(done.stderr.splitlines()) == sorted(calls["set-many-problems"].lines)
    assert_nothing_written(Call(cwd, done))


@pytest.mark.parametrize(("seed", "message"), [("-1", "must be at least 0, got -1"), ("x", "expected a whole number, got 'x'")])
def test_experiment_refuses_a_bad_seed_as_run_does(tmp_path: Path, seed: str, message: str) -> None:
    file = _experiment_file(tmp_path / "experiment")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    for command in (["run", VALID], ["experiment", file]):
        done = negotiation_cli(*command, "--seed", seed, "--out", cwd / "out", cwd=cwd)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.splitlines() == [
            f"negotiation {command[0]}: error: argument --seed: {message} (see 'negotiation {command[0]} --help')"
        ]
    assert list(cwd.iterdir()) == []
