"""`make bench`: the figures the README promises, measured on this machine, in one run.

This machine is noisy, so what matters are the ratios of figures measured side by side in
the same run, never absolute times from different runs:

- `workbook --help` start-up time, and `workbook check` on 1,000 generated examples, also
  with 12-megapixel photos (JPEG and PNG, a few files shared by many examples);
- the bundled book: a full build (PDF, EPUB, site) and its peak memory;
- a generated book of 200 examples:
  - the baseline: WeasyPrint rendering a plain book of the same examples' text in one
    process (simple CSS, the same fonts, page numbers, Dutch hyphenation; no facts panel,
    tables, images or registers), in pages per second;
  - our full PDF build, clean cache, with every core (`-j` default) and with `-j 1`;
  - a rebuild after editing one example's `werkwijze`, and a no-op rebuild;
  - what every example's own PDF adds to the PDF build (`bench_example_pdfs`);
  - peak memory of the whole build: the sum over all its processes (sampled);
  - EPUB and site, and what the Pagefind search index adds to the site;
- `workbook serve`: how long from saving an example until the PDF is updated.

Writes the figures to docs/bench.md and prints them. `--quick` uses 60 examples.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORKBOOK = str(BIN / "workbook")


PAIRS = 3  # baseline and full build, measured in turns


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
    """A project with `count` examples made from the bundled ones (new ids and titles), the
    werkboek alone (the bundled editions are measured on their own, see bench_editions)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = (REPO / "workbook.yaml").read_text("utf-8").split("\nuitgaven:", 1)[0]
    (folder / "workbook.yaml").write_text(config + "\n", "utf-8")
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


PHOTO_SIZE = (4000, 3000)  # 12 megapixels, as a phone takes them


def _photo(seed: int, size: tuple[int, int] = PHOTO_SIZE, noise: float = 40.0) -> Any:
    """A photo-like picture: gradients with grain (a JPEG of 4000 × 3000 is about 5 MB)."""
    from PIL import Image

    across = Image.linear_gradient("L").resize(size)
    round_ = Image.radial_gradient("L").resize(size)
    grain = Image.effect_noise(size, noise + 5 * seed)
    bands = [
        Image.blend(across, grain, 0.3),
        Image.blend(round_, grain, 0.25),
        Image.blend(across.transpose(Image.Transpose.ROTATE_180), grain, 0.35),
    ]
    return Image.merge("RGB", bands)


def write_photos(folder: Path) -> list[str]:
    """Three 12-megapixel JPEGs (one turned by its EXIF orientation, as phones save them
    upright), a PNG photo of 2000 × 1500 and a 12-megapixel PNG scan; returns their names."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    for number in range(3):
        exif = Image.Exif()
        exif[0x010F] = "Telefoon"  # Make
        exif[0x0112] = 6 if number == 1 else 1  # Orientation: 6 = turned a quarter
        _photo(number).save(folder / f"foto-{number + 1}.jpg", quality=90, exif=exif)
    _photo(5, (2000, 1500)).save(folder / "foto-4.png")
    _photo(6, noise=2).quantize(64).save(folder / "scan-5.png")  # 12 MP, few colours
    return ["foto-1.jpg", "foto-2.jpg", "foto-3.jpg", "foto-4.png", "scan-5.png"]


def generate_photo_project(folder: Path, count: int) -> Path:
    """`generate_project` with photos: each example shows one of five photos, every third
    example a second one; the photos are shared by many examples (one copy per theme)."""
    generate_project(folder, count)
    made = folder / "fotos"
    photos = write_photos(made)
    for number, path in enumerate(sorted((folder / "examples").rglob("*.yaml"))):
        images = path.parent / "fotos"
        if not images.is_dir():
            shutil.copytree(made, images)
        data = yaml.safe_load(path.read_text("utf-8"))
        chosen = [photos[number % len(photos)]]
        if number % 3 == 0:
            chosen.append(photos[(number + 2) % len(photos)])
        data.setdefault("afbeeldingen", [])
        data["afbeeldingen"] += [
            {"bestand": f"fotos/{name}", "alt": f"Foto {name} bij het voorbeeld."}
            for name in chosen
        ]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return folder


# ------------------------------------------------------------------ memory of a whole build


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            found += [int(c) for c in text.split()]
    except OSError:
        pass
    return found


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory:
    """Samples the summed RSS of a process and all its descendants; keeps the peak."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kib = 0
        self.processes = 1
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            pids, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo += _children(pid)
            self.processes = max(self.processes, len(pids))
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(p) for p in pids))
            self._stop.wait(0.05)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_kib / 1024


def measured(*args: str, cwd: Path = REPO) -> tuple[float, float, int]:
    """Run a command; (seconds, peak MiB over all its processes, how many processes)."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = TreeMemory(process.pid)
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    peak = memory.stop()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{err.decode()}")
    return seconds, peak, memory.processes


def pdf_pages(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


# ------------------------------------------------------------------ the plain-book baseline

PLAIN_CSS = """
@page { size: A4; margin: 24mm 18mm 22mm 25mm;
        @bottom-center { content: counter(page); font: 9pt "Source Sans 3"; } }
html { font: 10pt/1.45 "Source Serif 4"; hyphens: auto; }
h1, h2 { font-family: "Source Sans 3"; line-height: 1.2; break-after: avoid; }
h1 { font-size: 20pt; break-before: page; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; }
p { margin: 0 0 0.6em; }
"""


def plain_book_html(book: object) -> str:
    """The examples' text as a plain book: headings, paragraphs and lists, nothing more."""
    parts = ['<html lang="nl"><head><meta charset="utf-8"><title>Plain</title></head><body>']

    def text_list(title: str, items: tuple[str, ...] | list[str]) -> None:
        if items:
            parts.append(f"<h2>{title}</h2><ul>")
            parts.extend(f"<li>{html.escape(item)}</li>" for item in items)
            parts.append("</ul>")

    for example in book.examples:  # type: ignore[attr-defined]
        parts.append(f"<h1>{html.escape(example.titel)}</h1>")
        parts.append(f"<p>{html.escape(example.samenvatting)}</p>")
        parts.append(f"<h2>Aanleiding</h2>{example.aanleiding}")
        text_list("Doelen", example.doelen)
        parts.append(f"<h2>Werkwijze</h2>{example.werkwijze}")
        text_list("Partners", [f"{p.naam}: {p.rol or ''}" for p in example.partners])
        text_list("Resultaten", [r.omschrijving for r in example.resultaten])
        text_list("Knelpunten", [f"{k.knelpunt} {k.oplossing}" for k in example.knelpunten])
        text_list("Lessen", example.lessen)
        text_list("Aan de slag", example.werkvragen)
    parts.append("</body></html>")
    return "".join(parts)


def plain_book(project: Path) -> tuple[int, float]:
    """Render the plain book in a child process (for a fair memory figure); (pages, s)."""
    code = f"""
import sys, time
sys.path.insert(0, {str(REPO / "scripts")!r})
from pathlib import Path
from bench import plain_book_html, PLAIN_CSS
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from workbook.check.run import check_project
from workbook.base.design import DEFAULT_TEMPLATES
book = check_project(Path({str(project)!r})).book
started = time.perf_counter()
fonts = FontConfiguration()
css = [CSS(filename=str(DEFAULT_TEMPLATES / "css" / "fonts.css"), font_config=fonts),
       CSS(string=PLAIN_CSS, font_config=fonts)]
document = HTML(string=plain_book_html(book)).render(stylesheets=css, font_config=fonts)
data = document.write_pdf()
print(len(document.pages), time.perf_counter() - started)
"""
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    return int(done[0]), float(done[1])


# ------------------------------------------------------------------------------- sections


def bench_start_and_check(lines: list[str]) -> None:
    lines.append(f"- `workbook --help`: {timed(lambda: run(WORKBOOK, '--help'), repeat=5):.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        project = generate_project(Path(tmp), 1000)
        seconds = timed(
            lambda: subprocess.run(
                [WORKBOOK, "check", str(project)], check=False, stdout=subprocess.DEVNULL
            ),
            repeat=3,
        )
        lines.append(f"- `workbook check` op 1.000 voorbeelden: {seconds:.2f} s (mediaan van 3)")
    with tempfile.TemporaryDirectory() as tmp:
        project = generate_photo_project(Path(tmp), 1000)
        seconds = timed(
            lambda: subprocess.run(
                [WORKBOOK, "check", str(project)], check=False, stdout=subprocess.DEVNULL
            ),
            repeat=3,
        )
        lines.append(
            "- `workbook check` op 1.000 voorbeelden met foto's van 12 megapixel (JPEG en PNG, "
            f"elk door veel voorbeelden gebruikt): {seconds:.2f} s (mediaan van 3)"
        )


def bench_bundled(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seconds, peak, _ = measured(WORKBOOK, "build", str(REPO), "-q", "-o", tmp)
        lines.append(
            f"- meegeleverd boek, `workbook build` (PDF, EPUB, site, lege cache): {seconds:.1f} s, "
            f"piekgeheugen {peak:.0f} MiB (alle processen samen)"
        )
        edit_seconds = _edit_and_rebuild(REPO, Path(tmp))
        lines.append(f"  - opnieuw na een wijziging in één `werkwijze`: {edit_seconds:.1f} s")


def _edit_and_rebuild(project: Path, out: Path, *, copy: bool = True) -> float:
    """Edit one example's werkwijze (in a copy of `project` when asked), rebuild; seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        if copy:
            target = Path(tmp) / "p"
            shutil.copytree(project / "examples", target / "examples")
            shutil.copy(project / "workbook.yaml", target / "workbook.yaml")
            run(WORKBOOK, "build", str(target), "-q", "-o", str(out))
            project = target
        examples = sorted((project / "examples").rglob("*.yaml"))
        example = examples[len(examples) // 2]
        text = example.read_text("utf-8")
        example.write_text(
            re.sub(
                r"^werkwijze: \|\n",
                "werkwijze: |\n  De aanpak werd in 2025 geëvalueerd en bijgesteld.\n",
                text,
                count=1,
                flags=re.M,
            ),
            "utf-8",
        )
        return timed(lambda: run(WORKBOOK, "build", str(project), "-q", "-o", str(out)))


def bench_large(lines: list[str], count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "p"
        project.mkdir()
        generate_project(project, count)
        out = Path(tmp) / "out"
        # Baseline and our build in turns, PAIRS times: the ratio of each pair is measured
        # under the same load; the figures are medians.
        pairs = []
        for _ in range(PAIRS):
            plain_pages, plain_seconds = plain_book(project)
            shutil.rmtree(out, ignore_errors=True)
            seconds, peak, processes = measured(
                WORKBOOK, "build", str(project), "-q", "-o", str(out), "--format", "pdf"
            )
            pages = pdf_pages(out / "werkboek-ondermijning.pdf")
            pairs.append(
                (plain_seconds, seconds, peak, (pages / seconds) / (plain_pages / plain_seconds))
            )
        plain_seconds = statistics.median(p[0] for p in pairs)
        seconds = statistics.median(p[1] for p in pairs)
        peak = max(p[2] for p in pairs)
        ratio = statistics.median(p[3] for p in pairs)
        plain_rate = plain_pages / plain_seconds
        rate = pages / seconds
        shutil.rmtree(out / ".cache")
        single, single_peak, _ = measured(
            WORKBOOK, "build", str(project), "-q", "-o", str(out), "--format", "pdf", "-j", "1"
        )
        noop = timed(
            lambda: run(WORKBOOK, "build", str(project), "-q", "-o", str(out), "--format", "pdf"),
            repeat=3,
        )
        edit = _edit_and_rebuild(project, out, copy=False)
        lines += [
            f"- {count} voorbeelden, PDF ({pages} pagina's), lege cache:",
            f"  - WeasyPrint, kaal boek met dezelfde tekst, één proces: {plain_pages} pagina's in "
            f"{plain_seconds:.1f} s = {plain_rate:.1f} pagina's/s (mediaan van {PAIRS})",
            f"  - `workbook build` (alle kernen): {seconds:.1f} s = {rate:.1f} pagina's/s "
            f"(mediaan van {PAIRS}) = **{ratio:.2f}×** het kale boek (mediaan van de "
            f"verhoudingen per paar: {', '.join(f'{p[3]:.2f}' for p in pairs)}); "
            f"piekgeheugen **{peak:.0f} MiB** (hoogste van {PAIRS}) over {processes} processen",
            f"  - `workbook build -j 1`: {single:.1f} s = {pages / single:.1f} pagina's/s; "
            f"piekgeheugen {single_peak:.0f} MiB",
            f"  - opnieuw na een wijziging in één `werkwijze`: {edit:.1f} s = "
            f"**{edit / seconds * 100:.0f}%** van de volledige build",
            f"  - opnieuw zonder wijziging: **{noop:.2f} s** (mediaan van 3)",
        ]
        for fmt in ("epub", "html"):
            t = timed(
                lambda fmt=fmt: run(
                    WORKBOOK, "build", str(project), "-q", "-o", str(out), "--format", fmt
                )
            )
            lines.append(f"- {count} voorbeelden, alleen `{fmt}`: {t:.1f} s")


def bench_editions(lines: list[str], count: int) -> None:
    """An edition of a quarter of the examples against the whole werkboek, each from an
    empty cache, in turns; then a build with nothing changed, editions included."""
    with tempfile.TemporaryDirectory() as tmp:
        project = generate_project(Path(tmp) / "p", count)
        ids = sorted(p.stem for p in (project / "examples").rglob("*.yaml"))[::4]
        whole = Path(tmp) / "whole"
        edition = Path(tmp) / "edition"
        config = project / "workbook.yaml"
        book_only = config.read_text("utf-8")
        with_edition = book_only + (
            "uitgaven:\n  - id: kwart\n    titel: Een kwart van de voorbeelden\n"
            f"    selectie:\n      voorbeelden: [{', '.join(ids)}]\n"
        )
        pairs = []
        for _ in range(PAIRS):
            config.write_text(book_only, "utf-8")
            shutil.rmtree(whole, ignore_errors=True)
            book = timed(
                lambda: run(
                    WORKBOOK, "build", str(project), "-q", "-o", str(whole), "--format", "pdf"
                )
            )
            config.write_text(with_edition, "utf-8")
            shutil.rmtree(edition, ignore_errors=True)
            alone = timed(
                lambda: run(
                    WORKBOOK,
                    "build",
                    str(project),
                    "-q",
                    "-o",
                    str(edition),
                    "--format",
                    "pdf",
                    "--uitgave",
                    "kwart",
                )
            )
            pairs.append((book, alone, alone / book))
        book = statistics.median(p[0] for p in pairs)
        alone = statistics.median(p[1] for p in pairs)
        ratio = statistics.median(p[2] for p in pairs)
        both = Path(tmp) / "both"
        full = timed(
            lambda: run(WORKBOOK, "build", str(project), "-q", "-o", str(both), "--format", "pdf")
        )
        noop = timed(
            lambda: run(WORKBOOK, "build", str(project), "-q", "-o", str(both), "--format", "pdf"),
            repeat=3,
        )
        lines += [
            f"- Uitgave van {len(ids)} van {count} voorbeelden (`--format pdf`, lege cache):",
            f"  - het hele werkboek alleen: {book:.1f} s; de uitgave alleen (`--uitgave`): "
            f"{alone:.1f} s = **{ratio * 100:.0f}%** daarvan (mediaan van de verhoudingen per "
            f"paar: {', '.join(f'{p[2] * 100:.0f}%' for p in pairs)})",
            f"  - werkboek en uitgave samen: {full:.1f} s; opnieuw zonder wijziging: "
            f"**{noop:.2f} s** (mediaan van 3)",
        ]


def serve_pdf_update(project: Path) -> float:
    """Seconds from saving an example until `workbook serve` says the PDF is updated."""
    with socket.socket() as probe:  # a free port on 127.0.0.1
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [WORKBOOK, "serve", str(project), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    assert process.stdout is not None
    try:
        for line in process.stdout:
            if "PDF bijgewerkt" in line:
                break
        example = sorted((project / "examples").rglob("*.yaml"))[0]
        text = example.read_text("utf-8")
        started = time.perf_counter()
        example.write_text(text.replace("werkwijze: |\n", "werkwijze: |\n  Bijgewerkt.\n", 1))
        for line in process.stdout:
            if "PDF bijgewerkt" in line:
                return time.perf_counter() - started
        raise SystemExit("workbook serve stopped before it updated the PDF")
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)


def bench_serve(lines: list[str], count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Path(tmp) / "bundled"
        shutil.copytree(REPO / "examples", bundled / "examples")
        shutil.copy(REPO / "workbook.yaml", bundled / "workbook.yaml")
        large = Path(tmp) / "large"
        large.mkdir()
        generate_project(large, count)
        small_seconds = serve_pdf_update(bundled)
        large_seconds = serve_pdf_update(large)
    lines.append(
        f"- `workbook serve`: van opslaan tot bijgewerkte PDF {small_seconds:.1f} s (meegeleverd "
        f"boek), {large_seconds:.1f} s ({count} voorbeelden)"
    )


SEARCH_BUDGET_SECONDS = 3.0


def bench_search(count: int = 200, repeat: int = 3) -> list[str]:
    """What the Pagefind index adds to the site build of `count` examples (issue 13: at most
    3 s for 200). Times writing the site and indexing it separately (medians of `repeat`
    runs, each in a fresh folder); returns the Dutch lines for docs/bench.md."""
    from workbook.check.run import check_project
    from workbook.render.site.pages import write_site
    from workbook.render.site.search import BUNDLE, index_site

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "p").mkdir()
        book = check_project(generate_project(Path(tmp) / "p", count)).book
        assert book is not None
        site_times: list[float] = []
        index_times: list[float] = []
        for number in range(repeat):
            target = Path(tmp) / f"site-{number}"
            site_times.append(timed(lambda t=target: write_site(book, t)))
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
    count = 60 if "--quick" in sys.argv else 200
    lines = [
        "# Metingen (`make bench`)",
        "",
        f"Machine: {os.cpu_count()} kernen. Alles in één run gemeten; vergelijk verhoudingen.",
        "",
    ]
    bench_start_and_check(lines)
    bench_bundled(lines)
    bench_large(lines, count)
    bench_editions(lines, count)
    from bench_example_pdfs import bench_example_pdfs

    lines += bench_example_pdfs(count, PAIRS, [])
    lines += bench_search(count)
    bench_serve(lines, count)
    text = "\n".join(lines) + "\n"
    if "--quick" not in sys.argv:
        write_figures(REPO / "docs" / "bench.md", text)
    print(text)
    return 0


BEGIN, END = "<!-- BEGIN METINGEN (make bench) -->", "<!-- END METINGEN -->"


def write_figures(path: Path, figures: str) -> None:
    """Put the figures between the markers in docs/bench.md; the rest (the profiles) stays."""
    text = path.read_text("utf-8") if path.exists() else f"{BEGIN}\n{END}\n"
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    path.write_text(f"{head}{BEGIN}\n{figures}{END}{tail}", "utf-8")


if __name__ == "__main__":
    sys.exit(main())
