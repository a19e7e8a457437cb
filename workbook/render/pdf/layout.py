"""Lay out one part of the PDF book with WeasyPrint, in a worker process or in this one.

A job is plain data (HTML, extra CSS, the project root); its result is a small PDF written
into the part cache and a description of it (pages, anchors, fonts used) that the merge
needs. Everything a result holds is derived from the job alone, so the same job gives the
same bytes in any process: `-j 1` and `-j 2` produce identical books.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import gc
import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from workbook.base.design import use_bundled_fonts
from workbook.base.files import atomic_write
from workbook.render.page_breaks import PageStart

PROGRESS = re.compile(r"Creating layout - Page (\d+)")
PT_PER_CSS_PX = 0.75  # 96 CSS px = 72 pt = 1 inch


@dataclass(frozen=True)
class Job:
    key: str  # the cache key: a hash of everything the result depends on
    name: str  # the part's name, for progress and messages
    html: str
    css: str  # extra CSS for this part (start page, side), applied as a user stylesheet
    root: str  # the project folder (for the confined fetcher)
    cache: str  # folder of the part cache: the PDF and the fonts go there
    print_edition: bool  # PDF/X-4 options and CMYK images instead of PDF/UA-1
    sheet: bool = False  # the margin calibration: its text is pagination, marked as artifact
    counted: bool = True  # its pages are pages of the book (not a sheet or a trial layout)


@dataclass(frozen=True)
class FontUse:
    """One font resource of a part: which face, which glyphs, which text they stand for."""

    face: str  # sha256 of the font file; "" when the font cannot be shared between parts
    widths: dict[int, float]
    text: dict[int, str]


@dataclass
class PartLayout:
    key: str
    name: str
    pages: int
    anchors: dict[str, tuple[int, float, float]]  # id -> (page index, x, y) in PDF points
    fonts: dict[str, FontUse]  # resource name -> use
    # Per page: the left edge and the width of the text block, in PDF points.
    frames: list[tuple[float, float]] = field(default_factory=list)
    images: dict[str, float] = field(default_factory=dict)  # image URL -> printed width (pt)
    blank: list[int] = field(default_factory=list)  # pages left blank by a break to a side
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # Per page: where its content begins (for the EPUB's page markers); None: an empty page.
    starts: list[PageStart | None] = field(default_factory=list)

    @property
    def pdf(self) -> str:
        return f"{self.key}.pdf"


ProgressHook = Callable[[str, int], None]


class _Log(logging.Handler):
    """Collects WeasyPrint's warnings and relays its page-by-page progress."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.warnings: list[str] = []
        self.name_of_job = ""
        self.hook: ProgressHook | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "weasyprint.progress":
            match = PROGRESS.search(record.getMessage())
            if match and self.hook is not None:
                self.hook(self.name_of_job, int(match.group(1)))
        elif record.levelno >= logging.WARNING:
            self.warnings.append(record.getMessage())


_STATE: dict[str, Any] = {}


def setup(hook: ProgressHook | None = None, *, worker: bool = False) -> None:
    """Prepare this process for jobs (once): the log handler, one font configuration.
    `worker`: a process that only lays out (see `_collected_after`)."""
    from workbook.render.pdf import line_break_fix

    use_bundled_fonts()
    _STATE["worker"] = worker

    line_break_fix.apply()
    if "log" not in _STATE:
        handler = _Log()
        for name in ("weasyprint", "weasyprint.progress"):
            logger = logging.getLogger(name)
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
            logger.propagate = False
        _STATE["log"] = handler
    _STATE["log"].hook = hook


def _font_config() -> Any:
    """One font configuration for every part this process lays out (fonts load once)."""
    if "fonts" not in _STATE:
        from weasyprint.text.fonts import FontConfiguration

        _STATE["fonts"] = FontConfiguration()
        # Dropped while the interpreter still works: its cleanup needs the modules it uses.
        atexit.register(_STATE.pop, "fonts", None)
    return _STATE["fonts"]


def _uses(document: Any, cache: Path) -> dict[str, FontUse]:
    """The fonts a rendered document used, with their files kept in the cache by hash."""
    from weasyprint.text.fonts import get_hb_object_data

    uses: dict[str, FontUse] = {}
    for font in document.fonts.values():
        face = ""
        shareable = not (font.missing or font.bitmap or font.variations or "fvar" in font.tables)
        if shareable:
            data = get_hb_object_data(font.hb_face)
            face = hashlib.sha256(data).hexdigest()
            target = cache / "fonts" / f"{face}.font"
            if not target.exists():
                atomic_write(target, data, durable=False)
        # The resource name WeasyPrint gives the font in every content stream.
        uses[font.hash] = FontUse(face, dict(font.widths), dict(font.to_unicode))
    return uses


def _finisher(job: Job, found: dict[str, Any]) -> Callable[[Any, Any], None]:
    """Post-processing on WeasyPrint's PDF objects, before they are written."""
    import pydyf

    # Unique in the book and the same wherever the book is made (not the key: that covers
    # the design's files, and a project may or may not have its own templates/).
    prefix = re.sub(r"[^a-z0-9-]+", "-", job.name.lower()).strip("-")

    def finish(document: Any, pdf: Any) -> None:
        numbers = list(pdf.pages["Kids"][::3])
        pages = {number: index for index, number in enumerate(numbers)}
        names = pdf.catalog.get("Names", {}).get("Dests", {}).get("Names", [])
        anchors: dict[str, tuple[int, float, float]] = {}
        for name, destination in zip(names[::2], names[1::2], strict=True):
            page, _, x, y, _ = destination
            anchors[name.string] = (pages[_number(page)], float(x), float(y))
        found["anchors"] = anchors
        found["fonts"] = _uses(document, Path(job.cache))
        for obj in pdf.objects:
            if not isinstance(obj, dict):
                continue
            # Table header ids are unique in one part only; the merged book needs them unique.
            if "ID" in obj:
                obj["ID"] = pydyf.String(f"{prefix}-{obj['ID'].string}")
            attributes = obj.get("A")
            if isinstance(attributes, dict) and "Headers" in attributes:
                attributes["Headers"] = pydyf.Array(
                    [pydyf.String(f"{prefix}-{h.string}") for h in attributes["Headers"]]
                )
        if job.sheet:
            # Running heads and folios are pagination artifacts, not content.
            for number in numbers:
                stream = pdf.objects[_number(pdf.objects[number]["Contents"])]
                stream.stream = _as_artifacts(stream.stream)

    return finish


def _number(reference: bytes) -> int:
    """The object number of a pydyf reference (b"12 0 R")."""
    return int(reference.split()[0])


def _as_artifacts(items: list[Any]) -> list[Any]:
    """Turn every `/Tag <</MCID n>> BDC` of a content stream into `/Artifact BMC`."""
    out: list[Any] = []
    for item in items:
        if item == b"BDC" and len(out) >= 2 and isinstance(out[-1], dict) and "MCID" in out[-1]:
            out[-2:] = ["/Artifact", b"BMC"]
        else:
            out.append(item)
    return out


def warm_up() -> None:
    """Import what a layout needs (in a fresh worker process, before the first job)."""
    use_bundled_fonts()
    import weasyprint  # noqa: F401

    if "log" not in _STATE:
        setup()
    _font_config()


def weasyprint_options(print_edition: bool) -> dict[str, Any]:
    """WeasyPrint's options for layout and writing, per edition."""
    options: dict[str, Any] = {
        "custom_metadata": False,
        "optimize_images": False,
        "uncompressed_pdf": False,
    }
    if print_edition:
        # PDF/X-4 (`pdfx` adds the rest after the merge): PDF 1.6, still tagged, and
        # DeviceCMYK as the blending space of transparency groups instead of DeviceRGB.
        options |= {"pdf_version": "1.6", "pdf_tags": True, "output_intent": "device-cmyk"}
    else:
        options["pdf_variant"] = "pdf/ua-1"
    return options


def run(job: Job) -> PartLayout:
    """Lay out and write one part; the PDF goes to `<cache>/parts/<key>.pdf`."""
    with _collected_after():
        return _run(job)


@contextlib.contextmanager
def _collected_after() -> Iterator[None]:
    """Garbage is collected once, after the layout, not during it.

    During a part the collector would walk the live box tree again and again, for garbage
    that is only freed when the part is done; the freed memory goes back to the system, so
    that a waiting worker does not carry it. In a worker process, what stays for the
    process's life (WeasyPrint's modules, fonts, the parsed stylesheets) leaves the
    collector's view after the first part. The measurements are in docs/bench.md.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect()
        if _STATE.get("worker") and not gc.get_freeze_count():
            gc.freeze()
        with contextlib.suppress(OSError, AttributeError):  # not glibc
            ctypes.CDLL("libc.so.6").malloc_trim(0)


def _run(job: Job) -> PartLayout:
    use_bundled_fonts()
    from weasyprint import CSS, HTML

    from workbook.render.pdf.fetcher import ConfinedFetcher
    from workbook.render.pdf.page_starts import page_starts
    from workbook.render.pdf.stylesheet_cache import cache_for, parsed_once
    from workbook.render.pdf.urls import PROJECT_URL
    from workbook.render.print.color import print_transform

    if "log" not in _STATE:
        setup()
    log: _Log = _STATE["log"]
    log.warnings = []
    log.name_of_job = job.name
    started = time.perf_counter()
    root = Path(job.root)
    fetcher = ConfinedFetcher(root, transform=print_transform if job.print_edition else None)
    fonts = _font_config()
    options = weasyprint_options(job.print_edition)
    sheets = cache_for(job.root, job.print_edition)
    html = HTML(string=job.html, base_url=PROJECT_URL + "index.html", url_fetcher=fetcher)
    with parsed_once(sheets, log.warnings):
        document = html.render(
            stylesheets=[CSS(string=job.css, font_config=fonts)] if job.css else None,
            font_config=fonts,
            counter_style=sheets.counter_style,
            color_profiles=sheets.color_profiles,
            **options,
        )
    images = printed_image_widths(document)
    found: dict[str, Any] = {}
    data: bytes = document.write_pdf(
        pdf_identifier=hashlib.md5(job.key.encode("ascii")).hexdigest().encode("ascii"),
        finisher=_finisher(job, found),
        **options,
    )
    cache = Path(job.cache)
    atomic_write(cache / "parts" / f"{job.key}.pdf", data, durable=False)
    warnings = list(log.warnings)
    warnings += [
        f"niet geladen (buiten het project of van het netwerk): {u}" for u in fetcher.refused
    ]
    return PartLayout(
        job.key,
        job.name,
        len(document.pages),
        found["anchors"],
        found["fonts"],
        [(p._page_box.margin_left * 0.75, p._page_box.width * 0.75) for p in document.pages],
        images,
        [i for i, p in enumerate(document.pages) if p._page_box.page_type.blank],
        warnings,
        time.perf_counter() - started,
        [] if job.sheet else page_starts(document, html.etree_element),
    )


def printed_image_widths(document: Any) -> dict[str, float]:
    """Per image URL, the largest width (in points) at which a laid-out WeasyPrint
    `Document` prints it as an <img>. Backgrounds and images inside SVG are not counted."""
    widths: dict[str, float] = {}
    for page in document.pages:
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            stack.extend(getattr(box, "children", None) or ())
            element = getattr(box, "element", None)
            if getattr(box, "replacement", None) is None or element is None:
                continue
            src = element.get("src")
            if not src:
                continue
            url = urljoin(box.style.base_url or "", src)
            width = float(box.width) * PT_PER_CSS_PX
            widths[url] = max(widths.get(url, 0.0), width)
    return widths
