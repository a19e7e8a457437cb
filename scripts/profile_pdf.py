"""Where the PDF's layout time goes: cProfile of a book of N generated examples, in one process.

    python scripts/profile_pdf.py [--examples 50] [--source PATH]

Renders the book laid out as the current code does (in one process, `-j 1`, no cache) under
cProfile and prints the cumulative time of the costs the issue named (column balancing,
flex layout, tables, line breaking, margin boxes, drawing, CSS cascade, PDF writing), as a
Markdown table for docs/bench.md. `--source` profiles another checkout of werkboek (for
example the 0.1.0 tag in a git worktree) with the same generated book, so that "before"
and "after" are measured side by side in the same session.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import pstats
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (label, WeasyPrint functions whose cumulative time it is)
COSTS = [
    ("layout, in all", ("layout_document",)),
    ("column balancing (registers)", ("columns_layout",)),
    ("flex layout (facts panel)", ("flex_layout",)),
    ("table layout", ("table_layout", "auto_table_layout", "table_wrapper_width")),
    ("line breaking", ("split_first_line",)),
    ("margin boxes (running head, folio)", ("make_margin_boxes",)),
    ("CSS cascade", ("get_all_computed_styles",)),
    ("drawing the pages", ("draw_page",)),
    ("writing the PDF, in all", ("write_pdf",)),
]


def render(source: Path, project: Path) -> None:
    """Lay out and write the PDF with the werkboek at `source` (its own templates)."""
    sys.path.insert(0, str(source))
    for name in [m for m in sys.modules if m == "workbook" or m.startswith("workbook.")]:
        del sys.modules[name]
    check = importlib.import_module("workbook.check.run")
    pdf = importlib.import_module("workbook.render.pdf.book")
    book = check.check_project(project).book
    if hasattr(pdf, "render"):
        pdf.render(book, jobs=1)
    else:  # 0.1.0: one WeasyPrint pass
        pdf.render_pdf(book)


def profile(source: Path, project: Path) -> tuple[float, dict[str, float]]:
    profiler = cProfile.Profile()
    started = time.process_time()
    profiler.enable()
    render(source, project)
    profiler.disable()
    total = time.process_time() - started
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    found: dict[str, float] = {}
    for label, functions in COSTS:
        cumulative = [
            values[3] for (_, _, function), values in stats.items() if function in functions
        ]
        found[label] = max(cumulative, default=0.0)
    return total, found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=50)
    parser.add_argument("--source", type=Path, default=HERE.parent)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from bench import generate_project

    with tempfile.TemporaryDirectory() as tmp:
        project = generate_project(Path(tmp), args.examples)
        total, found = profile(args.source.resolve(), project)
    print(f"| cost ({args.examples} examples, one process, under cProfile) | s | share |")
    print("|---|---:|---:|")
    for label, seconds in found.items():
        print(f"| {label} | {seconds:.1f} | {seconds / total:.0%} |")
    print(f"| **total (CPU)** | **{total:.1f}** | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
