"""What every example's own PDF (`dist/voorbeelden/`) adds to a full PDF build.

A generated book of 200 examples (`bench.generate_project`), built with `--format pdf` into
a fresh folder (no cache), with and without the examples' PDFs, in turns: each pair is
measured under the same load, its order alternating; the figure is the median of the
ratios. "Without" is the same command with the two steps that make them switched off: the
layout of the provenance lines beside the book's front matter, and the making of the
files. Beside the time on the clock, the processor time of the
whole build (all its processes): on a machine shared with other work, that ratio is the
steadier one.

    python scripts/bench_example_pdfs.py [--examples 200] [--pairs 3] [-j N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench import WORKBOOK, generate_project, measured

WITHOUT = (
    "import sys, workbook.build.outputs as outputs, workbook.render.pdf.book as book; "
    "outputs._write_examples = lambda *args, **kwargs: None; "
    "render = book.render; "
    "book.render = lambda *args, lines=False, **kwargs: render(*args, **kwargs); "
    "from workbook.cli.main import entry; entry()"
)


def _children_cpu() -> float:
    """Processor time (user and system) of the finished child processes, and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _median_ratio(pairs: list[tuple[float, float]]) -> tuple[float, str]:
    ratios = [with_ / without for without, with_ in pairs]
    return statistics.median(ratios), ", ".join(f"{r:.3f}" for r in ratios)


def bench_example_pdfs(count: int, pairs: int, jobs: list[str]) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "p"
        project.mkdir()
        generate_project(project, count)
        out = Path(tmp) / "out"
        build = ["build", str(project), "-q", "-o", str(out), "--format", "pdf", *jobs]
        clock: list[tuple[float, float]] = []
        cpu: list[tuple[float, float]] = []
        sizes: list[int] = []
        for number in range(pairs):
            seconds: dict[str, float] = {}
            used: dict[str, float] = {}
            for kind in ("with", "without") if number % 2 == 0 else ("without", "with"):
                shutil.rmtree(out, ignore_errors=True)
                command = [WORKBOOK] if kind == "with" else [sys.executable, "-c", WITHOUT]
                before = _children_cpu()
                seconds[kind], _, _ = measured(*command, *build)
                used[kind] = _children_cpu() - before
                made = out / "voorbeelden"
                assert made.is_dir() == (kind == "with")
                if kind == "with":
                    sizes = [f.stat().st_size for f in made.iterdir()]
            clock.append((seconds["without"], seconds["with"]))
            cpu.append((used["without"], used["with"]))
            print(
                f"paar {number + 1}: zonder {seconds['without']:.1f} s "
                f"({used['without']:.1f} s processortijd), met {seconds['with']:.1f} s "
                f"({used['with']:.1f} s)",
                flush=True,
            )
    label = " ".join(["`workbook build --format pdf", *jobs]) + "`"
    ratio, each = _median_ratio(clock)
    cpu_ratio, cpu_each = _median_ratio(cpu)
    return [
        f"- {count} voorbeelden, {label}, lege map: zonder losse PDF's "
        f"{statistics.median(w for w, _ in clock):.1f} s, met "
        f"{statistics.median(w for _, w in clock):.1f} s (mediaan van {pairs}) = "
        f"**{ratio:.3f}×** (per paar: {each}); processortijd van alle processen "
        f"**{cpu_ratio:.3f}×** (per paar: {cpu_each}); {len(sizes)} bestanden, mediaan "
        f"{statistics.median(sizes) / 1000:.0f} kB, samen {sum(sizes) / 1e6:.1f} MB",
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("-j", "--jobs", default=None)
    args = parser.parse_args()
    jobs = ["-j", args.jobs] if args.jobs else []
    print("\n".join(bench_example_pdfs(args.examples, args.pairs, jobs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
