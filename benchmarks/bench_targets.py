"""The performance targets of the speed issue, every row measured in one sitting.

Every whole-run row runs the command line (``python -m negotiation run``) as a
subprocess with ``PYTHONPATH`` set to a checkout of the code, so one call of
this script measures an older checkout and the current one side by side
(``--code OLD --code NEW``; repetitions are interleaved so that a change in
the machine's load hits both). A whole run's throughput is *marginal*: with
wall times t1, t2 of runs of N1 < N2 draws,

    draws/s = (N2 - N1) / (t2 - t1),

which cancels the fixed costs of a run (imports, reading the scenario,
drawing the figures). Each wall time is the best of the repetitions.

Rows (target in brackets):

1. Nash Monte Carlo on a small random three-party domain (3 issues, 3 to 5
   options each, written by :func:`small_domain` from a seed) against negmas
   0.16 rebuilding every party's utility function, ``pareto_frontier`` and
   ``nash_points`` in every draw (>= 1000x). negmas runs in the interpreter
   given by ``--negmas-python`` (a separate environment; it is no dependency
   of this project); without one, the reference is a per-draw Python loop of
   the same semantics, and the output says so.
2. Nash on the baseline, whole run, against the bare numpy floor of the same
   shape: the float64 product of utilities, sub-block by sub-block, as in
   ``bench_nash.py`` (<= 2x); on the scenario with a clock and on the static one.
3. The whole baseline run (with its ratification steps), draws/s per checkout;
   the ratio of the last checkout to the first (>= 1.6x).
4. Baron-Ferejohn on the baseline, rule majority, order alternating, rule
   unanimity, draws/s per checkout (>= 4x, >= 4x, >= 1x).
5. Under load: row 3's run while a second process keeps one core busy,
   against the same run idle (no more than 1.5x slower).

Every subprocess runs with one BLAS thread (``OPENBLAS_NUM_THREADS=1`` and its
kin); the setting in effect is printed. The machine should be otherwise quiet.

Usage::

    python benchmarks/bench_targets.py [--code PATH ...] [--negmas-python PY] [--quick]
"""

from __future__ import annotations

import os

BLAS_ENV = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")}
for _name, _value in BLAS_ENV.items():  # before numpy loads a BLAS
    os.environ.setdefault(_name, _value)

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
import yaml  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BASELINE = "scenarios/alaska-summit-2025.yaml"
STATIC = "tests/data/static-baseline.yaml"
SMALL_SEED = 19


# --------------------------------------------------------------------------- the small domain


def small_domain(seed: int = SMALL_SEED) -> dict[str, Any]:
    """A random three-party scenario of 3 issues with 3 to 5 options each (27 to 125 packages).

    Every party's weights, option values and reservation value are uniform
    distributions, so utilities change from draw to draw; the numbers come
    from ``numpy.random.default_rng(seed)``. Returns the scenario as a mapping
    (YAML-ready).
    """
    rng = np.random.default_rng(seed)
    issues = {f"issue{j}": {"options": [f"o{k}" for k in range(int(rng.integers(3, 6)))]} for j in range(3)}
    parties: dict[str, Any] = {}
    for name in ("a", "b", "c"):
        weight: dict[str, Any] = {}
        value: dict[str, Any] = {}
        for issue, spec in issues.items():
            low = round(float(rng.uniform(0.1, 0.5)), 2)
            weight[issue] = {"uniform": [low, round(low + 0.3, 2)]}
            value[issue] = {}
            for option in spec["options"]:
                centre = round(float(rng.uniform(0.0, 0.8)), 2)
                value[issue][option] = {"uniform": [centre, round(centre + 0.2, 2)]}
        parties[name] = {"weight": weight, "value": value, "reservation": {"uniform": [0.2, 0.5]}}
    return {
        "name": "small-random-domain",
        "title": "A random three-party domain of three issues (benchmark)",
        "issues": issues,
        "parties": parties,
        "protocols": ["nash"],
        "monte_carlo": {"draws": 1000, "seed": seed, "sampler": "random", "chunk": 4096},
    }


def _uniform(spec: Any, rng: np.random.Generator) -> float:
    if isinstance(spec, dict):
        low, high = spec["uniform"]
        return float(rng.uniform(low, high))
    return float(spec)


# The negmas reference: a program for the other interpreter, reading the domain as JSON on stdin.
NEGMAS_LOOP = r"""
import itertools, json, sys, time
import numpy as np
from negmas.preferences import LinearAdditiveUtilityFunction, nash_points, pareto_frontier
from negmas.preferences.value_fun import TableFun
from negmas.outcomes import make_issue
import negmas

domain = json.load(sys.stdin)
seconds, max_draws = float(sys.argv[1]), int(sys.argv[2])
issues = list(domain["issues"])
options = [domain["issues"][i]["options"] for i in issues]
outcomes = list(itertools.product(*options))
space = [make_issue(values=list(opts), name=name) for name, opts in zip(issues, options)]
rng = np.random.default_rng(0)

def draw(spec):
    return float(rng.uniform(*spec["uniform"])) if isinstance(spec, dict) else float(spec)

def one_draw():
    ufuns = []
    for party in domain["parties"].values():
        w = [draw(party["weight"][i]) for i in issues]
        total = sum(w)
        values = [TableFun({o: draw(party["value"][i][o]) for o in options[j]}) for j, i in enumerate(issues)]
        ufuns.append(LinearAdditiveUtilityFunction(values, weights=[x / total for x in w], issues=space,
                                                   reserved_value=draw(party["reservation"])))
    frontier, indices = pareto_frontier(ufuns, issues=space)
    return nash_points(ufuns, frontier, ranges=[u.minmax(issues=space) for u in ufuns])

one_draw()
n, start = 0, time.perf_counter()
while n < max_draws and (n < 20 or time.perf_counter() - start < seconds):
    one_draw()
    n += 1
print(json.dumps({"draws": n, "seconds": time.perf_counter() - start, "version": negmas.__version__}))
"""


def python_loop_rate(domain: dict[str, Any], seconds: float) -> float:
    """Draws/s of a per-draw Python loop: sample the draw, value every package, choose the Nash package.

    The same semantics as the ``nash`` protocol (unit powers): packages every
    party weakly prefers to its reservation value, the largest product of
    gains, ties to the lowest index, a lexicographic rule when the best
    product is 0.
    """
    tol, tie = 1e-9, 1e-9
    issues = list(domain["issues"])
    options = [domain["issues"][i]["options"] for i in issues]
    packages: list[tuple[str, ...]] = [()]
    for opts in options:
        packages = [(*p, o) for p in packages for o in opts]
    rng = np.random.default_rng(0)

    def one_draw() -> int:
        tables: list[list[dict[str, float]]] = []
        reservations: list[float] = []
        for party in domain["parties"].values():
            w = [_uniform(party["weight"][i], rng) for i in issues]
            total = sum(w)
            tables.append([{o: w[j] / total * _uniform(party["value"][i][o], rng) for o in options[j]} for j, i in enumerate(issues)])
            reservations.append(_uniform(party["reservation"], rng))
        best, best_k = -1.0, -1
        kept: list[tuple[int, list[float], float]] = []
        for k, package in enumerate(packages):
            gains = [sum(t[j][o] for j, o in enumerate(package)) - r for t, r in zip(tables, reservations, strict=True)]
            if min(gains) < -tol:
                continue
            product = math.prod(max(g, 0.0) for g in gains)
            kept.append((k, gains, product))
            if product > best:
                best, best_k = product, k
        if best_k < 0 or not kept:
            return -1
        if best > 0:
            return next(k for k, _, p in kept if p >= best * (1 - tie))
        for p in range(len(tables)):
            top = max(g[p] for _, g, _ in kept)
            kept = [c for c in kept if c[1][p] >= top - tol]
        return kept[0][0]

    n, start = 0, time.perf_counter()
    while n < 20 or time.perf_counter() - start < seconds:
        one_draw()
        n += 1
    return n / (time.perf_counter() - start)


def negmas_rate(python: str, domain: dict[str, Any], seconds: float) -> tuple[float, str]:
    """Draws/s of negmas in interpreter ``python`` (rebuild utilities, ``pareto_frontier``, ``nash_points``), and its version."""
    done = subprocess.run(
        [python, "-W", "ignore", "-c", NEGMAS_LOOP, str(seconds), "1000000"],
        input=json.dumps(domain),
        capture_output=True,
        text=True,
        env={**os.environ, **BLAS_ENV},
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["draws"] / result["seconds"], str(result["version"])


# --------------------------------------------------------------------------- whole runs through the command line


@dataclass(frozen=True)
class Code:
    """A checkout of the code, run as ``python -m negotiation`` with ``PYTHONPATH`` at its root."""

    root: Path
    python: str

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, **BLAS_ENV, "PYTHONPATH": str(self.root)}

    def run(self, scenario: Path, draws: int, extra: list[str], scratch: Path) -> float:
        """Wall time of one whole run of ``draws`` draws, in seconds."""
        out = scratch / f"run-{time.monotonic_ns()}"
        cmd = [self.python, "-m", "negotiation", "run", str(scenario), "--draws", str(draws), "--quiet", "--out", str(out), *extra]
        start = time.perf_counter()
        done = subprocess.run(cmd, env=self.env, cwd=self.root, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        shutil.rmtree(out, ignore_errors=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
        return elapsed

    def floor(self, scenario: Path, draws: int) -> tuple[float, int, int, int]:
        """The bare numpy floor of a scenario's shape in this checkout: us/draw, parties, packages, sub-block."""
        done = subprocess.run(
            [self.python, "-c", FLOOR, str(scenario), str(draws)], env=self.env, cwd=self.root, capture_output=True, text=True, check=True
        )
        us, parties, packages, sub = json.loads(done.stdout.strip().splitlines()[-1])
        return float(us), int(parties), int(packages), int(sub)

    def io_floor(self, scenario: Path, draws: int) -> tuple[float, float, float, int, int]:
        """The least a whole run can cost in this checkout: us/draw drawing inputs, us/draw writing, bytes/draw, columns, sampled columns."""
        done = subprocess.run(
            [self.python, "-c", IO_FLOOR, str(scenario), str(draws)],
            env=self.env,
            cwd=self.root,
            capture_output=True,
            text=True,
            check=True,
        )
        draw_us, write_us, size, columns, sampled = json.loads(done.stdout.strip().splitlines()[-1])
        return float(draw_us), float(write_us), float(size), int(columns), int(sampled)


# The floor, run inside a checkout: utilities of every package in float64, sub-block by sub-block.
FLOOR = r"""
import json, sys, time
import numpy as np
from negotiation.engine.chunk import Plan
from negotiation.engine.scenario import load_scenario
scenario = load_scenario(sys.argv[1], [("protocols", ["nash"])])
plan = Plan.build(scenario)
n, m, sub = int(sys.argv[2]), plan.space.incidence, plan.sub_block
parties = len(plan.scenario.parties)
wv = np.random.default_rng(0).uniform(0.0, 0.3, (n, parties, m.shape[0]))
best = float("inf")
for _ in range(5):
    start = time.perf_counter()
    for lo in range(0, n, sub):
        block = wv[lo : lo + sub]
        k = block.shape[0]
        (block.reshape(k * parties, -1) @ m).reshape(k, parties, -1)
    best = min(best, time.perf_counter() - start)
print(json.dumps([best / n * 1e6, parties, int(m.shape[1]), int(sub)]))
"""


# The least a whole run of a scenario can cost: draw its sampled inputs and write draws.parquet, nothing else.
# Run inside a checkout: argv = scenario, draws. The columns, their types and the dictionary-encoded ones are
# those of a real (small) run of the same scenario.
IO_FLOOR = r"""
import json, os, sys, tempfile, time
import numpy as np, pyarrow as pa, pyarrow.parquet as pq
from negotiation.engine.scenario import load_scenario
from negotiation.results.runfolder import ROW_GROUP_ROWS
from negotiation.results.table import coded_columns
scenario_path, n = sys.argv[1], int(sys.argv[2])
with tempfile.TemporaryDirectory() as tmp:
    import subprocess
    subprocess.run([sys.executable, "-m", "negotiation", "run", scenario_path, "--draws", "2000", "--quiet",
                    "--protocol", "nash", "--out", os.path.join(tmp, "run")], check=True, capture_output=True)
    sample = pq.read_table(os.path.join(tmp, "run", "draws.parquet"))
    scenario = load_scenario(scenario_path, [("protocols", ["nash"])])
    coded = coded_columns(scenario, sample.schema)
    sampled = [c for c in sample.schema.names if c.startswith("parties.")]
    rng = np.random.default_rng(0)
    def columns(rows):
        out = []
        for field in sample.schema:
            if field.name in sampled:
                out.append(pa.array(rng.random(rows)))
            else:  # solved columns: values like the run's, resampled
                column = sample.column(field.name).combine_chunks()
                out.append(column.take(pa.array(rng.integers(0, len(column), rows))))
        return pa.Table.from_arrays(out, schema=sample.schema)
    tables = [columns(min(ROW_GROUP_ROWS, n - lo)) for lo in range(0, n, ROW_GROUP_ROWS)]
    best_draw = best_write = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        rng.random((n, len(sampled)))
        best_draw = min(best_draw, time.perf_counter() - start)
        path = os.path.join(tmp, "draws.parquet")
        start = time.perf_counter()
        with pq.ParquetWriter(path, sample.schema, compression="zstd", use_dictionary=coded or False) as writer:
            for table in tables:
                writer.write_table(table, row_group_size=table.num_rows)
        best_write = min(best_write, time.perf_counter() - start)
        size = os.path.getsize(path)
        os.remove(path)
print(json.dumps([best_draw / n * 1e6, best_write / n * 1e6, size / n, len(sample.schema), len(sampled)]))
"""


def busy_core() -> subprocess.Popen[bytes]:
    """A process that keeps one core busy until it is ended."""
    return subprocess.Popen([sys.executable, "-c", "while True:\n    pass"])


@dataclass
class Marginal:
    """Best wall times of runs of two sizes; their marginal throughput."""

    n1: int
    n2: int
    t1: float = math.inf
    t2: float = math.inf

    def add(self, code: Code, scenario: Path, extra: list[str], scratch: Path) -> None:
        self.t1 = min(self.t1, code.run(scenario, self.n1, extra, scratch))
        self.t2 = min(self.t2, code.run(scenario, self.n2, extra, scratch))

    def describe(self) -> str:
        return f"{self.n1:,} draws {self.t1:.2f} s, {self.n2:,} draws {self.t2:.2f} s"

    @property
    def rate(self) -> float:
        """Marginal draws/s (NaN when noise made the larger run no slower)."""
        return (self.n2 - self.n1) / (self.t2 - self.t1) if self.t2 > self.t1 else math.nan


def measure(codes: list[Code], scenario: Path, extra: list[str], sizes: tuple[int, int], repeats: int, scratch: Path) -> list[Marginal]:
    """One :class:`Marginal` per checkout, repetitions interleaved across checkouts."""
    found = [Marginal(*sizes) for _ in codes]
    for _ in range(repeats):
        for code, marginal in zip(codes, found, strict=True):
            marginal.add(code, scenario, extra, scratch)
    return found


# --------------------------------------------------------------------------- the table


def blas_setting() -> str:
    """The BLAS thread setting in effect in this process (threadpoolctl when installed)."""
    env = ", ".join(f"{k}={os.environ.get(k)}" for k in BLAS_ENV)
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return f"{env} (threadpoolctl not installed; the subprocesses get the same variables)"
    pools = "; ".join(f"{p.get('internal_api')} {p.get('num_threads')} thread(s)" for p in threadpool_info())
    return f"{env}; threadpoolctl: {pools or 'no BLAS pool loaded'}"


def row(what: str, value: str, target: str, ok: bool | None = None) -> None:
    mark = "" if ok is None else ("  ok" if ok else "  MISSED")
    print(f"  {what:<70s} {value:>26s}   target {target}{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", action="append", type=Path, help="a checkout to measure (repeatable; default: this one)")
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs the command line (default: this one)")
    parser.add_argument("--negmas-python", help="interpreter with negmas 0.16 installed, for row 1's reference")
    parser.add_argument("--quick", action="store_true", help="a short smoke run: small draw counts, one repetition")
    parser.add_argument("--repeats", type=int, help="repetitions of every timed run (best kept)")
    parser.add_argument("--rows", default="12345", help="which rows to run, e.g. 13")
    args = parser.parse_args()

    codes = [Code(Path(c).resolve(), args.python) for c in (args.code or [ROOT])]
    quick = args.quick
    repeats = args.repeats or (1 if quick else 3)
    small_sizes = (10_000, 160_000) if quick else (100_000, 1_000_000)
    base_sizes = (300, 1_500) if quick else (2_000, 20_000)
    static_sizes = (2_000, 10_000) if quick else (10_000, 100_000)
    bf_sizes = (3, 9) if quick else (30, 150)
    bf_alternating_sizes = (3, 9) if quick else (150, 1_500)
    reference_seconds = 3.0 if quick else 20.0

    print(f"bench_targets: {'quick' if quick else 'full'} mode, {repeats} repetition(s), best kept; draws/s are marginal")
    print(f"BLAS: {blas_setting()}")
    print(f"cores: {os.cpu_count()}, load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if os.getloadavg()[0] > 1.0:
        print("WARNING: the machine is busy (load average above 1): whole-run timings and their ratios are unreliable")
    for i, code in enumerate(codes):
        print(f"code[{i}]: {code.root}")

    def per_code(label: str, found: list[Marginal]) -> None:
        for i, m in enumerate(found):
            row(f"{label}, code[{i}]", f"{m.rate:,.1f} draws/s", f"(per code; {m.describe()})")

    def ratio_row(label: str, found: list[Marginal], target: float, at_least: bool = True) -> None:
        if len(found) < 2:
            return
        ratio = found[-1].rate / found[0].rate
        row(f"{label}, code[{len(found) - 1}] / code[0]", f"{ratio:.2f}x", f"{'>=' if at_least else '<='} {target}x", ratio >= target)

    with tempfile.TemporaryDirectory(prefix="bench-targets-") as tmp:
        scratch = Path(tmp)
        if "1" in args.rows:
            domain = small_domain()
            small = scratch / "small-random-domain.yaml"
            small.write_text(yaml.safe_dump(domain, sort_keys=False))
            packages = math.prod(len(spec["options"]) for spec in domain["issues"].values())
            print(f"\n1. Nash on a small random domain: 3 parties, 3 issues, {packages} packages (seed {SMALL_SEED}); draws {small_sizes}")
            found = measure(codes, small, ["--protocol", "nash"], small_sizes, repeats, scratch)
            if args.negmas_python:
                reference, version = negmas_rate(args.negmas_python, domain, reference_seconds)
                name = f"negmas {version} (utilities, pareto_frontier, nash_points per draw)"
            else:
                reference = python_loop_rate(domain, reference_seconds)
                name = "per-draw Python loop of the same semantics (negmas not given)"
            print(f"  reference: {name}")
            row("reference", f"{reference:,.0f} draws/s", "")
            for i, m in enumerate(found):
                ratio = m.rate / reference
                row(f"whole CLI run, code[{i}] ({m.describe()})", f"{m.rate:,.0f}/s = {ratio:,.0f}x", ">= 1000x", ratio >= 1000)
            code = codes[-1]
            draw_us, write_us, size, columns, sampled = code.io_floor(small, small_sizes[1])
            least = draw_us + write_us
            print(
                f"  the least a whole run can cost (code[{len(codes) - 1}], no solve): drawing {sampled} sampled columns"
                f" {draw_us:.2f} us/draw + writing draws.parquet ({columns} columns, {size:,.0f} bytes/draw) {write_us:.2f} us/draw"
            )
            row("ceiling of any run writing draws.parquet", f"{1e6 / least:,.0f}/s = {1e6 / least / reference:,.0f}x", ">= 1000x")

        if "2" in args.rows:
            print(
                f"\n2. Nash on the baseline, whole run, against the bare numpy floor of the same shape; draws {base_sizes} (static: {static_sizes})"
            )
            for scenario in (BASELINE, STATIC):
                # the static run is fast enough that 2,000 and 20,000 draws differ by less than the runs' noise
                sizes = static_sizes if scenario == STATIC else base_sizes
                found = measure(codes, Path(scenario), ["--protocol", "nash"], sizes, repeats, scratch)
                for i, (code, m) in enumerate(zip(codes, found, strict=True)):
                    us, parties, k, sub = code.floor(code.root / scenario, 8192 if not quick else 2048)
                    floor_rate = 1e6 / us
                    ratio = floor_rate / m.rate
                    row(
                        f"{Path(scenario).name}, code[{i}] ({parties}x{k:,}, sub-block {sub}; {m.describe()})",
                        f"{m.rate:,.0f} vs {floor_rate:,.0f}/s = {ratio:.1f}x",
                        "<= 2x",
                        ratio <= 2,
                    )

        loaded_idle: list[Marginal] = []
        if "3" in args.rows or "5" in args.rows:
            print(f"\n3. The whole baseline run with its ratification steps ({Path(BASELINE).name}, nash); draws {base_sizes}")
            loaded_idle = measure(codes, Path(BASELINE), [], base_sizes, repeats, scratch)
            per_code("baseline whole run", loaded_idle)
            ratio_row("baseline whole run", loaded_idle, 1.6)

        if "4" in args.rows:
            print(f"\n4. Baron-Ferejohn on the baseline; draws {bf_sizes} (alternating: {bf_alternating_sizes})")
            for option, target, sizes in (
                ("{baron_ferejohn: {rule: majority}}", 4.0, bf_sizes),
                # alternating recognition is fast enough that 30 and 150 draws differ by less than the runs' noise
                ("{baron_ferejohn: {order: alternating}}", 4.0, bf_alternating_sizes),
                ("{baron_ferejohn: {rule: unanimity}}", 1.0, bf_sizes),
            ):
                found = measure(codes, Path(BASELINE), ["--protocol", option], sizes, repeats, scratch)
                per_code(option, found)
                ratio_row(option, found, target)

        if "5" in args.rows:
            print("\n5. Under load: row 3's run with a second process busy on one core, against idle")
            busy = busy_core()
            try:
                loaded = measure(codes, Path(BASELINE), [], base_sizes, repeats, scratch)
            finally:
                busy.kill()
                busy.wait()
            for i, (idle, load) in enumerate(zip(loaded_idle, loaded, strict=True)):
                slower = idle.rate / load.rate
                row(
                    f"baseline whole run, code[{i}]: idle / loaded",
                    f"{idle.rate:,.0f} / {load.rate:,.0f} = {slower:.2f}x",
                    "<= 1.5x",
                    slower <= 1.5,
                )
    print(f"\nload average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
