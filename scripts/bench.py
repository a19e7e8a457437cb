"""`make bench`: the timings the README promises, measured on this machine.

- `workbook --help` start-up time;
- `workbook check` on 1,000 generated examples;
- build time and peak memory of the bundled book (PDF, EPUB, site);
- a generated 200-example book: our PDF build next to WeasyPrint rendering the same HTML
  directly (our overhead), and EPUB and site build times;
- `bench_search`: what the Pagefind search index adds to the site of 200 examples
  (`python scripts/bench.py --search` runs only that).
Writes the figures to docs/bench.md and prints them.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(action: Callable[[], object], repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(*args: str, cwd: Path = REPO) -> None:
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def generate_project(folder: Path, count: int) -> Path:
    """A project with `count` examples made from the bundled ones (new ids and titles)."""
    shutil.copy(REPO / "workbook.yaml", folder / "workbook.yaml")
    sources = sorted((REPO / "examples").rglob("*.yaml"))
    sources = [s for s in sources if "concept: true" not in s.read_text("utf-8")]
    for number in range(count):
        source = sources[number % len(sources)]
        target = folder / "examples" / source.parent.name / f"{source.stem}-{number:04d}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = yaml.safe_load(source.read_text("utf-8"))
        data["titel"] = f"{data['titel']} (nr. {number:04d})"[:120]
        target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        images = source.parent / "img"
        if images.is_dir() and not (target.parent / "img").exists():
            shutil.copytree(images, target.parent / "img")
    return folder


def peak_memory_of(*args: str) -> tuple[float, float]:
    start = time.perf_counter()
    run(*args)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kib / 1024


SEARCH_BUDGET_SECONDS = 3.0


def bench_search(count: int = 200, repeat: int = 3) -> list[str]:
    """What the Pagefind index adds to the site build of `count` examples (issue 13: at most
    3 s for 200). Times writing the site and indexing it separately (medians of `repeat`
    runs, each in a fresh folder); returns the Dutch lines for docs/bench.md."""
    from workbook.check import check_project
    from workbook.render.search import BUNDLE, index_site
    from workbook.render.site import write_site

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "p").mkdir()
        book = check_project(generate_project(Path(tmp) / "p", count)).book
        assert book is not None
        site_times: list[float] = []
        index_times: list[float] = []
        for number in range(repeat):
            target = Path(tmp) / f"site-{number}"
            site_times.append(
                timed(lambda t=target: write_site(book, t, pdf_name=None, epub_name=None))
            )
            index_times.append(timed(lambda t=target: index_site(t)))
        bundle = Path(tmp) / "site-0" / BUNDLE
        size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()) / 1024 / 1024
        files = sum(1 for p in bundle.rglob("*") if p.is_file())
    site, index = statistics.median(site_times), statistics.median(index_times)
    verdict = "binnen" if index <= SEARCH_BUDGET_SECONDS else "BOVEN"
    return [
        f"- {count} voorbeelden, zoekindex (Pagefind): {index:.2f} s bovenop {site:.2f} s voor "
        f"de pagina's (mediaan van {repeat}); {verdict} de grens van "
        f"{SEARCH_BUDGET_SECONDS:.0f} s; {files} bestanden, {size:.1f} MiB"
    ]


def main() -> int:
    workbook = str(BIN / "workbook")
    lines = ["# Metingen (`make bench`)", "", f"Machine: {os.cpu_count()} kernen.", ""]
    help_time = timed(lambda: run(workbook, "--help"), repeat=5)
    lines.append(f"- `workbook --help`: {help_time:.2f} s (mediaan van 5)")

    with tempfile.TemporaryDirectory() as tmp:
        project = generate_project(Path(tmp), 1000)
        check_time = timed(
            lambda: subprocess.run(
                [workbook, "check", str(project)], check=False, stdout=subprocess.DEVNULL
            ),
            repeat=3,
        )
        lines.append(f"- `workbook check` op 1.000 voorbeelden: {check_time:.2f} s (mediaan van 3)")

    with tempfile.TemporaryDirectory() as tmp:
        seconds, peak = peak_memory_of(workbook, "build", str(REPO), "-q", "-o", tmp)
        lines.append(
            f"- meegeleverd boek, `workbook build` (PDF, EPUB, site): {seconds:.1f} s, "
            f"piekgeheugen {peak:.0f} MiB"
        )
        for fmt in ("pdf", "epub", "html"):
            t = timed(
                lambda fmt=fmt: run(workbook, "build", str(REPO), "-q", "-o", tmp, "--format", fmt)
            )
            lines.append(f"  - alleen `{fmt}`: {t:.1f} s")

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "p").mkdir()
        project = generate_project(Path(tmp) / "p", 200)
        from weasyprint import HTML

        from workbook.check import check_project
        from workbook.render.fetcher import ConfinedFetcher
        from workbook.render.pdf import book_html

        book = check_project(project).book
        assert book is not None
        html = book_html(book)
        direct = timed(
            lambda: HTML(
                string=html, base_url=(project / "x").as_uri(), url_fetcher=ConfinedFetcher(project)
            ).write_pdf(pdf_variant="pdf/ua-1")
        )
        out = Path(tmp) / "out"
        ours = timed(
            lambda: run(workbook, "build", str(project), "-q", "-o", str(out), "--format", "pdf")
        )
        overhead = (ours - direct) / direct * 100
        lines.append(
            f"- 200 voorbeelden, PDF: `workbook build` {ours:.1f} s; WeasyPrint direct "
            f"op dezelfde HTML {direct:.1f} s; overhead {overhead:+.0f}% (inclusief "
            "controleren, opstarten en wegschrijven)"
        )
        for fmt in ("epub", "html"):
            t = timed(
                lambda fmt=fmt: run(
                    workbook, "build", str(project), "-q", "-o", str(out), "--format", fmt
                )
            )
            lines.append(f"- 200 voorbeelden, alleen `{fmt}`: {t:.1f} s")

    lines += bench_search()

    text = "\n".join(lines) + "\n"
    (REPO / "docs").mkdir(exist_ok=True)
    (REPO / "docs" / "bench.md").write_text(text, "utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--search"]:  # only the search index: quick, prints, writes nothing
        print("\n".join(bench_search()))
        sys.exit(0)
    sys.exit(main())
