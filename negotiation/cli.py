"""The ``negotiation`` command line: argument parsing and printing only.

Exit codes: 0 success; 2 bad input (every problem printed, one per line, no
traceback); 1 a bug (traceback); 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from negotiation import __version__
from negotiation.scenario.errors import Problem, ScenarioError, did_you_mean, one_of, shown
from negotiation.scenario.limits import DRAWS_BEYOND, MAX_DRAWS, MAX_SEED, WORKERS_PER_CPU, count, max_workers

if TYPE_CHECKING:
    from negotiation.experiment.design import Experiment
    from negotiation.results.protocol_summary import ProtocolSummary
    from negotiation.results.run_summary import RunSummary

BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(BAD_INPUT, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _whole(minimum: int, maximum: Callable[[], int] | None = None, beyond: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``minimum`` and at most ``maximum()``, if given.

    ``beyond`` is appended to the message for a number above the maximum: why
    the limit is there and how to go past it.
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {shown(text)}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        if maximum is not None and value > maximum():
            raise argparse.ArgumentTypeError(f"must be at most {count(maximum())}, got {value:,}{beyond}")
        return value

    return parse


def _draws() -> Callable[[str], int]:
    return _whole(1, lambda: MAX_DRAWS, DRAWS_BEYOND)


def _max_rounds() -> int:
    from negotiation.protocols.bdm import MAX_ROUNDS  # imported on use: it imports the solvers

    return MAX_ROUNDS


def _rounds() -> Callable[[str], int]:
    return _whole(1, _max_rounds, ", the limit of the bdm protocol's rounds")


def _unit_interval(text: str) -> float:
    """An argparse type: a number in [0, 1]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in [0, 1], got '{text}'") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must lie in [0, 1], got {text}")
    return value


def _protocol(text: str) -> str | dict[str, Any]:
    """A protocol name, or a YAML mapping with its options: ``'{baron_ferejohn: {rule: majority}}'``."""
    from negotiation.engine.registry import PROTOCOLS

    if text.lstrip().startswith("{"):
        from negotiation.scenario.yamlio import parse_text

        try:
            value = parse_text(text, "--protocol").data
        except ScenarioError as exc:
            raise argparse.ArgumentTypeError(exc.problems[0].message) from None
        if not (isinstance(value, dict) and len(value) == 1 and isinstance(next(iter(value.values())), dict | None)):
            raise argparse.ArgumentTypeError(f"expected NAME or '{{NAME: {{option: value}}}}', got {text!r}")
        name = next(iter(value))
    else:
        value, name = text, text
    if name not in PROTOCOLS:
        hint = did_you_mean(name, PROTOCOLS) or f"; expected {one_of(PROTOCOLS)}"
        raise argparse.ArgumentTypeError(f"unknown protocol '{name}'{hint}")
    return value


def _share(text: str) -> float:
    """An argparse type: a number in (0, 0.5]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got '{text}'") from None
    if not 0.0 < value <= 0.5:
        raise argparse.ArgumentTypeError(f"must be in (0, 0.5], got {value:g}")
    return value


def _scale_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workers",
        type=_whole(1, max_workers, f" ({WORKERS_PER_CPU} per CPU core of this machine); for more, use a cluster (--scheduler)"),
        default=1,
        metavar="N",
        help=f"solve chunks in N processes on this machine (default 1, at most {WORKERS_PER_CPU} per CPU core)",
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", help="solve chunks on a Dask cluster, e.g. tcp://host:8786 (needs the distributed extra)"
    )


def _seed_and_set(parser: argparse.ArgumentParser, seed: str, overrides: str) -> None:
    """``--seed S`` and ``--set PATH=VALUE`` (repeatable), as ``run`` and ``experiment`` take them."""
    parser.add_argument("--seed", type=_whole(0, lambda: MAX_SEED), metavar="S", help=seed)
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE", help=overrides)


def _backend(args: argparse.Namespace) -> Any:
    """The backend the options ask for, or None after printing why it cannot be had."""
    from negotiation.engine.backends import BackendError, backend_for

    if args.scheduler and args.workers > 1:
        print("negotiation: error: --workers and --scheduler exclude each other (the cluster has its own workers)", file=sys.stderr)
        return None
    try:
        return backend_for(args.workers, args.scheduler)
    except BackendError as exc:
        print(f"negotiation: error: {exc}", file=sys.stderr)
        return None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="negotiation", description="Simulate multi-party negotiations described in YAML scenario files.")
    parser.add_argument("--version", action="version", version=f"negotiation {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", help="run a scenario's Monte Carlo draws and write a results folder")
    run.add_argument("scenario", metavar="SCENARIO.yaml")
    run.add_argument("--draws", type=_draws(), metavar="N", help="number of draws (overrides monte_carlo.draws)")
    _seed_and_set(run, "root seed (overrides monte_carlo.seed)", "override any leaf by dotted path; VALUE is YAML")
    run.add_argument(
        "--protocol",
        dest="protocols",
        action="append",
        type=_protocol,
        metavar="NAME",
        help="protocol to run, or '{NAME: {option: value}}' (repeatable; overrides protocols)",
    )
    run.add_argument("--out", metavar="DIR", help="results folder to create (default results/<name>/<UTC time>-<hash>)")
    _scale_options(run)
    run.add_argument(
        "--resume",
        nargs="?",
        const=True,
        metavar="RESULTS_DIR",
        help="continue an interrupted run of RESULTS_DIR (or of --out) from its last complete chunk",
    )
    run.add_argument(
        "--precision", type=_share, metavar="H", help="stop once every deal rate's 95%% half-width is below H (sets monte_carlo.precision)"
    )
    run.add_argument("--report", action="store_true", help="also write report.html, the self-contained HTML report, into the folder")
    run.add_argument("--quiet", action="store_true", help="no progress line and no summary")

    validate = sub.add_parser("validate", help="check scenario files; prints 'ok' or every problem")
    validate.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml")
    validate.add_argument(
        "--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE", help="check with an override applied"
    )

    schema = sub.add_parser("schema", help="print the JSON Schema of a scenario file (or of an experiment file)")
    schema.add_argument("--experiment", action="store_true", help="the schema of an experiment file instead")
    schema.add_argument("--markdown", action="store_true", help="print it as a readable Markdown reference instead of JSON")

    experiment = sub.add_parser("experiment", help="run an experiment: sweeps, comparisons, sensitivity, discovery")
    experiment.add_argument("file", metavar="EXPERIMENT.yaml")
    experiment.add_argument("--draws", type=_draws(), metavar="N", help="draws per point (overrides the file's draws)")
    _seed_and_set(
        experiment,
        "root seed of every point (overrides the file's seed)",
        "override any leaf of the scenario at every point by dotted path; VALUE is YAML (a study's own settings still apply)",
    )
    experiment.add_argument("--out", metavar="DIR", help="results folder to create (default results/<name>/<UTC time>-<hash>)")
    _scale_options(experiment)
    experiment.add_argument("--report", action="store_true", help="also write report.html, the self-contained HTML report, into the folder")
    experiment.add_argument("--quiet", action="store_true", help="no progress line and no findings")

    report = sub.add_parser("report", help="write report.html, a self-contained HTML report, into a results folder")
    report.add_argument("folder", metavar="RESULTS_DIR")

    bdm = sub.add_parser("bdm", help="forecast one issue from the classic stakeholder table (Actor, Capability, Position, Salience)")
    bdm.add_argument("actors", metavar="ACTORS.csv")
    bdm.add_argument("--rounds", type=_rounds(), default=10, metavar="N", help="rounds of simultaneous moves (default 10, at most 1000)")
    bdm.add_argument(
        "--q",
        type=_unit_interval,
        default=1.0,
        metavar="Q",
        help="probability that the status quo holds when no challenge is made (default 1)",
    )
    bdm.add_argument("--out", metavar="DIR", help="results folder to create (default results/<name>-bdm/<UTC time>-<hash>)")

    imports = sub.add_parser("import", help="write a scenario file from a Genius or GeniusWeb domain and its parties' profiles")
    formats = imports.add_subparsers(dest="format", required=True, metavar="FORMAT", parser_class=_Parser)
    for fmt, ext, what in (("genius", "xml", "Genius XML"), ("geniusweb", "json", "GeniusWeb JSON")):
        reader = formats.add_parser(fmt, help=f"a {what} domain and one profile per party (docs/IMPORT.md)")
        reader.add_argument("domain", metavar=f"DOMAIN.{ext}")
        reader.add_argument("profiles", nargs="+", metavar=f"PROFILE.{ext}")
        reader.add_argument("--out", metavar="FILE.yaml", help="scenario file to write (default: print it)")
        reader.add_argument("--force", action="store_true", help="overwrite --out if it exists")
        if fmt == "genius":
            reader.add_argument(
                "--rounds",
                type=_whole(1, lambda: 1_000_000),
                default=1,
                metavar="N",
                help="rounds of offers to the deadline: patience = discount factor^(1/N) (default 1)",
            )

    score = sub.add_parser("score", help="score runs' forecasts of dated questions against their resolutions (Brier, log score)")
    score.add_argument("folders", nargs="+", metavar="RESULTS_DIR", help="results folders of runs with dated questions")
    score.add_argument(
        "--resolutions", required=True, metavar="FILE.csv", help="CSV with question, resolved (0/1) and other forecasters' columns"
    )
    score.add_argument("--out", metavar="DIR", help="results folder to create (default results/score/<UTC time>-<hash>)")
    return parser


def _taken(destination: Path) -> bool:
    """Whether ``--out`` already holds something (or cannot be looked into), after saying so: results are never overwritten."""
    try:
        taken = destination.exists() and (not destination.is_dir() or any(destination.iterdir()))
    except OSError as exc:
        print(f"negotiation: error: cannot write {destination}: {exc.strerror or exc}", file=sys.stderr)
        return True
    if taken:
        print(f"negotiation: error: {destination} already exists; results are never overwritten (choose another --out)", file=sys.stderr)
    return taken


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _cmd_schema(args: argparse.Namespace) -> int:
    if args.markdown:
        from negotiation.scenario.reference import reference_markdown, scenario_reference

        if args.experiment:
            from negotiation.experiment.schema import experiment_schema

            sys.stdout.write(reference_markdown(experiment_schema()))
        else:
            sys.stdout.write(scenario_reference())
        return 0
    if args.experiment:
        from negotiation.experiment.schema import experiment_schema_json

        sys.stdout.write(experiment_schema_json())
        return 0
    from negotiation.scenario.schema import schema_json

    sys.stdout.write(schema_json())
    return 0


def _cmd_experiment(args: argparse.Namespace) -> int:
    from negotiation.engine.finite import NonFiniteError
    from negotiation.engine.progress import Progress
    from negotiation.experiment.run import write_experiment
    from negotiation.experiment.spec import read_experiment
    from negotiation.results.experiment_summary import ExperimentSummary
    from negotiation.results.folder import default_destination
    from negotiation.results.lock import FolderBusy
    from negotiation.results.manifest import digest
    from negotiation.results.output import OutputError
    from negotiation.scenario.unreached import unreached_effects

    try:
        experiment = read_experiment(args.file, draws=args.draws, seed=args.seed, overrides=args.overrides)
    except ScenarioError as exc:
        _print_problems(exc.problems)
        return BAD_INPUT
    _print_problems(unreached_effects(experiment.scenario))
    if args.out:
        destination = Path(args.out)
        if _taken(destination):
            return BAD_INPUT
    else:
        text = Path(experiment.file).read_text(encoding="utf-8") + f"\n{experiment.draws} {experiment.seed} {args.overrides}"
        destination = default_destination(experiment.name, digest(text))
    backend = _backend(args)
    if backend is None:
        return BAD_INPUT
    if not args.quiet:
        _print_plan(experiment)
    meter = Progress(0, enabled=not args.quiet)
    clock = time.perf_counter()
    try:
        written = write_experiment(experiment, destination, meter, command=["negotiation", "experiment", *args.raw], backend=backend)
        summary = ExperimentSummary.from_dict(written)
    except NonFiniteError as exc:
        meter.close()
        _print_problems([exc.problem])
        return BAD_INPUT
    except (FileExistsError, FolderBusy, OutputError) as exc:
        print(f"negotiation: error: {exc}", file=sys.stderr)
        return BAD_INPUT
    except KeyboardInterrupt:
        print("\ninterrupted: no results folder was written", file=sys.stderr)
        return 130
    finally:
        backend.close()
    page = _report(destination) if args.report else None
    if args.report and page is None:
        return BAD_INPUT
    if not args.quiet:
        for finding in summary.findings:
            print(f"  - {finding}")
        print(f"done in {time.perf_counter() - clock:.1f} s")
        print(f"results: {destination}")
        if page is not None:
            print(f"report: {page}")
    else:
        print(destination)
    return 0


def _print_plan(experiment: Experiment) -> None:
    """Before an experiment runs: the draws each study will run, and in all.

    A sweep or comparison runs the experiment's draws at each point; a
    sensitivity study runs Saltelli's design, samples x (inputs + 2) model runs,
    whatever the draws per point; a discovery study its own draws when it names them.
    """
    costs = [study.cost(experiment) for study in experiment.studies]
    print(f"{experiment.name}: seed {experiment.seed}; {sum(costs):,} draws in all")
    for study, cost in zip(experiment.studies, costs, strict=True):
        if study.kind == "sensitivity":
            samples = int(getattr(study, "samples", 0)) or 1
            how = f" ({samples:,} samples x ({cost // samples - 2} inputs + 2))"
        elif study.points:
            how = f" ({len(study.points)} points x {experiment.draws:,} draws)"
        else:
            how = " (its own draws)" if cost != experiment.draws else ""
        print(f"  {study.name} ({study.kind}): {cost:,} draws{how}")


def _report(folder: Path) -> Path | None:
    """Write a folder's report; None (after saying why) when it cannot be read."""
    from negotiation.report import ReportError, write_report

    try:
        return write_report(folder)
    except ReportError as exc:
        print(f"negotiation: error: {exc}", file=sys.stderr)
        return None
    except OSError as exc:  # the page cannot be written (a full disk, a read-only folder); the results are untouched
        print(f"negotiation: error: cannot write {folder / 'report.html'}: {exc.strerror or exc}; no report was written", file=sys.stderr)
        return None


def _cmd_report(args: argparse.Namespace) -> int:
    page = _report(Path(args.folder))
    if page is None:
        return BAD_INPUT
    print(f"report: {page}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from negotiation.engine.scenario import load_scenario
    from negotiation.scenario.unreached import unreached_effects
    from negotiation.space import OutcomeSpace

    problems: list[Problem] = []
    warnings: list[Problem] = []
    for path in args.scenarios:
        try:
            scenario = load_scenario(path, args.overrides)
            OutcomeSpace.from_scenario(scenario)
            warnings += unreached_effects(scenario)
        except ScenarioError as exc:
            problems += exc.problems
    if problems:
        _print_problems(problems)
        return BAD_INPUT
    _print_problems(warnings)
    print("ok")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from negotiation.engine.chunk import Plan
    from negotiation.engine.finite import NonFiniteError
    from negotiation.engine.pipeline import write_run
    from negotiation.engine.progress import Progress
    from negotiation.engine.scenario import load_scenario
    from negotiation.results.files import FolderFileError
    from negotiation.results.folder import default_destination
    from negotiation.results.lock import FolderBusy
    from negotiation.results.manifest import digest
    from negotiation.results.output import OutputError
    from negotiation.results.resolved import resolved_yaml
    from negotiation.results.runfolder import ResumeError
    from negotiation.scenario.shorthands import shorthand_origins, with_shorthands
    from negotiation.scenario.unreached import unreached_effects

    overrides = with_shorthands(args.overrides, draws=args.draws, seed=args.seed, precision=args.precision, protocols=args.protocols)
    try:
        plan = Plan.build(load_scenario(args.scenario, overrides, shorthand_origins(overrides, len(args.overrides))))
        scenario = plan.scenario
    except ScenarioError as exc:
        _print_problems(exc.problems)
        return BAD_INPUT
    _print_problems(unreached_effects(scenario))
    resume = bool(args.resume)
    if resume:
        where = args.resume if isinstance(args.resume, str) else args.out
        if not where:
            print("negotiation: error: --resume needs the results folder: --resume RESULTS_DIR (or --out DIR)", file=sys.stderr)
            return BAD_INPUT
        destination = Path(where)
    elif args.out:
        destination = Path(args.out)
        if _taken(destination):
            return BAD_INPUT
    else:
        destination = default_destination(scenario.name, digest(resolved_yaml(scenario)))
    backend = _backend(args)
    if backend is None:
        return BAD_INPUT
    mc = scenario.monte_carlo
    meter = Progress(mc.draws, enabled=not args.quiet)
    clock = time.perf_counter()
    try:
        summary = write_run(plan, destination, meter, command=["negotiation", "run", *args.raw], backend=backend, resume=resume)
    except (ResumeError, FileExistsError, FolderBusy, OutputError, FolderFileError) as exc:
        print(f"negotiation: error: {exc}", file=sys.stderr)
        return BAD_INPUT
    except NonFiniteError as exc:  # nothing is written: the staging folder is removed
        meter.close()
        _print_problems([exc.problem])
        return BAD_INPUT
    except KeyboardInterrupt:
        print(f"\ninterrupted: no results folder was written; continue with --resume {destination}", file=sys.stderr)
        return 130
    finally:
        backend.close()
    page = _report(destination) if args.report else None
    if args.report and page is None:
        return BAD_INPUT
    if not args.quiet:
        _print_summary(summary)
        print(f"done in {time.perf_counter() - clock:.1f} s")
        print(f"results: {destination}")
        if page is not None:
            print(f"report: {page}")
    else:
        print(destination)
    return 0


def _print_summary(summary: RunSummary) -> None:
    from negotiation.plots.style import percent
    from negotiation.results.issue_values import package_text
    from negotiation.results.time_blocks import at_start_line, clock_block

    clock = clock_block(summary)
    parties = list(summary.parties)
    print(f"{summary.scenario}: {summary.draws:,} draws, seed {summary.seed}, sampler {summary.sampler}")
    if summary.at_start is not None:
        print("  " + at_start_line(summary.at_start))
    if summary.precision is not None:
        p = summary.precision
        state = "reached" if p["reached"] else "not reached"
        print(f"  precision {p['target']:g} {state} after {p['draws_used']:,} of at most {p['max_draws']:,} draws")
    slack = summary.slack
    if slack is not None and slack.get("median") is not None:
        print(
            f"  slack (largest common rise of the reservation values that leaves a deal): median {slack['median']:.3f}, "
            f"90% of draws in [{slack['p5']:.3f}, {slack['p95']:.3f}]; no deal in reach in {percent(slack['share_negative'] or 0.0)} of draws"
        )
    for label, res in summary.protocols.items():
        if res.deal_rate is None or res.deal_rate_ci95 is None:
            continue
        lo, hi = res.deal_rate_ci95
        print(f"  {label}: deal in {percent(res.deal_rate)} of {res.resolved_draws} (95% CI {percent(lo)}-{percent(hi)})")
        if res.unresolved:
            print(
                f"    unresolved: {res.unresolved:,} of {summary.draws:,} draws have no verified stationary equilibrium (left out of the deal rate)"
            )
        if res.top_packages:
            top = res.top_packages[0]
            print(f"    most likely deal ({percent(top['share'])} of draws): {package_text(top['package'], summary.issues)}")
        blocking = res.blocking_rate or {}
        blockers = sorted(((rate, name) for name, rate in blocking.items()), key=lambda x: -x[0])
        if blockers and blockers[0][0] > 0:
            print(
                "    blocking (alone stands between the draw and a deal): " + ", ".join(f"{p} {percent(r)}" for r, p in blockers if r > 0)
            )
        mean_utility = res.mean_utility or {}
        print("    mean utility: " + ", ".join(f"{p} {mean_utility[p]:.3f}" for p in parties))
        if res.proposers is not None:
            proposers = res.proposers
            print("    deciding proposer: " + ", ".join(f"{p} {percent(proposers[p])}" for p in parties))
        means = res.means
        p_war = means.get("p_war")
        if p_war is not None:
            print(f"    mean probability of war: {percent(p_war)}")
        if res.unconstrained is not None:
            print(f"    without domestic ratification: deal in {percent(res.unconstrained['deal_rate'])} of the same draws")
        if res.summit is not None:  # the agent-based summit's own block
            summit = res.summit
            phases = ", ".join(f"{p['label']} {percent(p['framework_rate'])}" for p in summit["phases"])
            out = summit["outcomes"]
            print(f"    framework agreed at the table in {percent(summit['framework_rate'])} of draws ({phases})")
            print(f"    then rejected by a party in {percent(out['rejected'])}, not ratified in {percent(out['not_ratified'])}")
            seen = summit.get("anticipation")
            if seen and seen["expected_acceptance"] is not None:
                expected, rejected = percent(seen["expected_acceptance"]), percent(seen["absent_rejected"])
                print(f"    the leaders expected the absent parties to accept {expected} of frameworks; they rejected {rejected}")
        for issue, block in res.forecast.items():
            final = block["median_by_round"][-1]
            shown = block["options"][min(int(final + 0.5), len(block["options"]) - 1)] if block["scale"] == "ordinal" else f"{final:g}"
            print(f"    forecast {issue}: {shown} (weighted median after {block['rounds']} rounds, mean over draws {final:.2f})")
        if clock is not None:
            _print_time(res, str(clock["horizon"]))
    for step in (summary.ratification or {}).values():
        rates = ", ".join(
            f"{label} {percent(row['needed'])}" + (f" (passes {percent(row['pass_rate'])})" if row["pass_rate"] is not None else "")
            for label, row in step["protocols"].items()
        )
        print(f"  ratification, {step['label']} ({step['party']}): needed by the unconstrained deal in {rates}")
        if step.get("observed") is False:  # the negotiators know only its law: a package can fail at home
            failed = ", ".join(f"{label} {percent(row['failed'])}" for label, row in step["protocols"].items())
            print(f"    not seen by the negotiators: rejected a package agreed abroad in {failed} of draws")
    for name, prop in (summary.proposals or {}).items():
        accepts = ", ".join(f"{p} {percent(prop['acceptance'][p])}" for p in parties)
        late = " (named in hindsight)" if prop.get("hindsight") else ""
        print(f"  proposal {name}{late}: all accept and ratifiable in {percent(prop['all_accept'])} of draws; accepted by {accepts}")


def _print_time(res: ProtocolSummary, horizon: str) -> None:
    """A protocol's lines of a run with a clock: the deal rate by the horizon with the median time to a deal, then each question.

    Every deal is struck at a talk at the start of a period, and the last period starts on or before the
    horizon, so the share with a deal in any period is the share with a deal by the horizon.
    """
    from negotiation.plots.style import percent
    from negotiation.results.time_blocks import questions_block, timeline_block

    timeline = timeline_block(res)
    if timeline is not None:
        lo, hi = timeline["deal_by_ci95"][-1]
        median = timeline.get("median_date")
        when = f"median time to a deal: {median}" if median else "fewer than half agree by the horizon"
        print(f"    deal by {horizon}: {percent(timeline['deal_by'][-1])} (95% CI {percent(lo)}-{percent(hi)}); {when}")
    for name, q in questions_block(res).items():
        lo, hi = q["ci95"]
        print(f"    question {name} (by {q['by']}): {percent(q['probability'])} (95% CI {percent(lo)}-{percent(hi)})")


def _write_folder(args: argparse.Namespace, write: Callable[[Path | None], tuple[Any, Path]]) -> tuple[Any, Path] | int:
    """Write a command's results folder to ``--out`` (or its default): its summary and folder, or the exit code.

    The folder-writing commands that do not run a scenario (``bdm``, ``score``)
    share this front end: an ``--out`` that already holds something is refused
    before any work, bad input is one line per problem, and Ctrl-C leaves no folder.
    """
    destination = Path(args.out) if args.out else None
    if destination is not None and _taken(destination):
        return BAD_INPUT
    from negotiation.results.lock import FolderBusy
    from negotiation.results.output import OutputError

    try:
        return write(destination)
    except ScenarioError as exc:
        _print_problems(exc.problems)
        return BAD_INPUT
    except (FileExistsError, FolderBusy, OutputError) as exc:
        print(f"negotiation: error: {exc}", file=sys.stderr)
        return BAD_INPUT
    except KeyboardInterrupt:
        print("\ninterrupted: no results folder was written", file=sys.stderr)
        return 130


def _cmd_bdm(args: argparse.Namespace) -> int:
    from negotiation.engine.stakeholder_table import write_stakeholder_forecast

    written = _write_folder(
        args,
        lambda destination: write_stakeholder_forecast(
            args.actors, rounds=args.rounds, q=args.q, destination=destination, command=["negotiation", "bdm", *args.raw]
        ),
    )
    if isinstance(written, int):
        return written
    summary, folder = written
    block = summary.protocols["bdm"].forecast["position"]
    paths = block["positions_by_round"]
    width = max(len("actor"), *(len(name) for name in paths))
    print(f"{summary.scenario}: {len(paths)} actors, {block['rounds']} rounds, Q = {summary.q:g}")
    print(f"  {'actor':<{width}}  {'initial':>9}  {'final':>9}")
    for name, path in paths.items():
        print(f"  {name:<{width}}  {path[0]:>9.3f}  {path[-1]:>9.3f}")
    print("  weighted median by round: " + " ".join(f"{v:.3f}" for v in block["median_by_round"]))
    print("  weighted mean by round:   " + " ".join(f"{v:.3f}" for v in block["mean_by_round"]))
    print(f"results: {folder}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from negotiation.importers import read_genius, read_geniusweb, scenario_text

    out = Path(args.out) if args.out else None
    if out is not None and out.exists() and not args.force:
        print(f"negotiation: error: {out} already exists; give --force to overwrite it", file=sys.stderr)
        return BAD_INPUT
    try:
        domain = read_genius(args.domain, args.profiles) if args.format == "genius" else read_geniusweb(args.domain, args.profiles)
    except ScenarioError as exc:
        _print_problems(exc.problems)
        return BAD_INPUT
    text = scenario_text(domain, getattr(args, "rounds", 1))
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"negotiation: error: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return BAD_INPUT
    print(f"wrote {out}: {len(domain.issues)} issues, {len(domain.parties)} parties")
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    from negotiation.score import write_scores

    written = _write_folder(
        args,
        lambda destination: write_scores(
            args.folders, args.resolutions, destination=destination, command=["negotiation", "score", *args.raw]
        ),
    )
    if isinstance(written, int):
        return written
    summary, folder = written
    _print_scores(summary)
    print(f"results: {folder}")
    return 0


def _print_scores(summary: Any) -> None:
    """The table of ``negotiation score``: one line per forecaster, by Brier score, then what was left out and why."""
    lo, hi = summary.clip
    questions = {r.question for f in summary.forecasters.values() for r in f.rows}
    runs = len(summary.runs)
    print(f"{len(questions)} resolved questions from {runs} run{'s' if runs != 1 else ''} and {summary.resolutions}")
    print(f"  Brier score: mean (p - o)^2, lower is better; log score: mean ln p(outcome), higher is better, p clipped to [{lo:g}, {hi:g}]")
    width = max(len("forecaster"), *(len(name) for name in summary.forecasters))
    print(f"  {'forecaster':<{width}}  {'N':>4}  {'Brier':>7}  {'log score':>9}")
    for name, f in summary.forecasters.items():
        print(f"  {name:<{width}}  {f.n:>4}  {f.brier:>7.4f}  {f.log_score:>9.4f}")
    for name, why in summary.not_scored.items():
        print(f"  {name}: not scored ({why})")
    for row in summary.unmatched:
        print(f"  no run forecasts {row['question']} (line {row['line']}): scored for the file's forecasters only")
    if summary.unresolved:
        print(f"  not in the resolutions file, not scored: {', '.join(summary.unresolved)}")
    drawn = summary.drawn
    short = [f"{name} (N = {f.n})" for name, f in summary.forecasters.items() if not f.drawn]
    if drawn:
        print(f"  calibration figure (plots/calibration.png): {', '.join(drawn)}")
    if short:
        print(f"  calibration not drawn for {', '.join(short)}: fewer than {summary.min_calibration} questions")


COMMANDS = {
    "run": _cmd_run,
    "validate": _cmd_validate,
    "schema": _cmd_schema,
    "experiment": _cmd_experiment,
    "report": _cmd_report,
    "bdm": _cmd_bdm,
    "score": _cmd_score,
    "import": _cmd_import,
}

RUNS = frozenset({"run", "experiment", "bdm", "score"})
"""The commands that solve draws: they run with one BLAS thread (parallelism comes from ``--workers``)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    args.raw = argv[1:]
    try:
        if args.command not in RUNS:
            return COMMANDS[args.command](args)
        from negotiation.engine.threads import one_thread

        with one_thread():
            return COMMANDS[args.command](args)
    except BrokenPipeError:
        return 0


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
