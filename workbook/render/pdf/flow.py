"""In which order the parts of the book are laid out, so that both cores stay busy.

Every job goes to the scheduler as soon as what it needs is known:

- at once: the calibration of the margins that runs, registers and the intro get in the
  merge (see `margins`), the theme openers with placeholder page numbers (only to learn
  how long they are), the runs of examples (longest first) and, once the first runs are
  under way, the contents with placeholder numbers, then the intro (foreword and
  overview) on the side of the spread the contents' length gives it;
- a theme opener with its examples' real page numbers, as soon as its runs are placed;
- the registers, once every example is placed, and beside them (when the plan asks for
  it) the provenance lines of the examples' own PDFs, which print each example's pages;
- the front matter, whose contents list the registers too, once their lengths are known;
  meanwhile the merge starts on the rest of the book (`body`, then `complete`).

So the openers are laid out while the last runs still are. If a part with
real page numbers came out longer or shorter than its placeholder version (very rare: a
wider number that wraps a line), everything after it moved: the remaining work is then
done in rounds until the page numbers settle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workbook.base.errors import BuildError
from workbook.render.pdf.layout import Job, PartLayout
from workbook.render.pdf.margins import CALIBRATION_CSS
from workbook.render.pdf.part_cache import PartCache
from workbook.render.pdf.parts import PageMap, Part, place
from workbook.render.pdf.schedule import Scheduler

PLACEHOLDER = "888"
MAX_ROUNDS = 4
Anchors = dict[str, tuple[int, float, float]]


@dataclass
class Layouts:
    """Every part of one PDF laid out, ready to merge."""

    plan: Any  # workbook.render.pdf.book.PdfPlan
    page_map: PageMap
    parts: dict[str, PartLayout]  # part name -> its final layout
    margins: PartLayout  # the calibration of the margins of runs and registers
    cache: PartCache
    extra: PartLayout | None = None  # the plan's extra job, laid out (see `submit_extra`)


@dataclass
class _Flow:
    plan: Any  # workbook.render.pdf.book.PdfPlan
    scheduler: Scheduler
    cache: PartCache
    counts: dict[str, int] = field(default_factory=dict)  # part -> pages (known or assumed)
    anchors: dict[str, Anchors] = field(default_factory=dict)
    final: dict[str, PartLayout] = field(default_factory=dict)
    margins: PartLayout | None = None
    roles: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (role, part)
    started: set[tuple[str, str]] = field(default_factory=set)
    moved: bool = False
    extra_key: str | None = None  # the plan's extra job for the final page numbers
    extra: PartLayout | None = None

    @property
    def parts(self) -> list[Part]:
        return list(self.plan.parts)

    def kind_of(self, name: str) -> str:
        return next(part.kind for part in self.parts if part.name == name)

    def submit(self, role: str, part: Part, job: Job) -> None:
        self.started.add((role, part.name))
        self.roles[job.key] = (role, part.name)
        self.scheduler.submit(job)

    def page_map(self) -> PageMap:
        pages = {name: {a: v[0] for a, v in found.items()} for name, found in self.anchors.items()}
        return place(self.parts, self.counts, pages, print_edition=self.plan.print_edition)

    def numbers(self, page_map: PageMap) -> Callable[[str], str]:
        known = page_map.anchors

        def page_of(anchor: str) -> str:
            if anchor not in known:
                raise BuildError(
                    f"het sjabloon verwijst naar '#{anchor}', dat niet in het boek staat"
                )
            return str(known[anchor])

        return page_of

    # -- the jobs ---------------------------------------------------------------------

    def final_job(self, part: Part, start: int, numbers: Callable[[str], str]) -> Job:
        """The job that lays out an opener, a register or the front matter for good, with
        the page numbers it prints (`start`: the page it begins on, for an opener)."""
        if part.kind == "opener":
            css = start_css(start, start % 2 == 1)
        elif part.kind in ("intro", "changes"):
            css = sheet_css(start % 2 == 1)
        else:
            css = RUN_CSS if part.kind == "register" else ""
        job: Job = self.plan.job(self.cache, part, self.plan.html(part, numbers), css)
        return job

    def start(self) -> None:
        html = self.plan.calibration()
        job = self.plan.job(self.cache, self.parts[0], html, CALIBRATION_CSS, margins=True)
        self.roles[job.key] = ("margins", "")
        self.scheduler.submit(job)
        for part in self.parts:
            if part.kind in ("opener", "changes"):
                self.count(part)
        # Longest first: the short jobs that come after (openers, registers) fill the gaps.
        runs = [p for p in self.parts if p.kind == "run"]
        jobs = [self.plan.job(self.cache, p, self.plan.html(p, _never), RUN_CSS) for p in runs]
        ordered = sorted(zip(runs, jobs, strict=True), key=lambda r: -len(r[1].html))
        for index, (part, job) in enumerate(ordered):
            if index == self.scheduler.jobs:
                self.front_matter()
            self.submit("final", part, job)
        if len(ordered) <= self.scheduler.jobs:
            self.front_matter()

    def front_matter(self) -> None:
        """The contents' trial layout, and as soon as it is done the intro (foreword and
        overview) for good: it gets its margins in the merge, but its chapters may break to
        a side of the spread, so it is laid out starting on the side it lands on. Both
        lengths are still among the first known."""
        front, intro = self.parts[:2]
        self.count(front)
        while front.name not in self.counts:
            self.record(*self.scheduler.next())
        self.submit("final", intro, self.final_job(intro, self.counts[front.name] + 1, _never))

    def count(self, part: Part) -> None:
        """Lay out the front matter or an opener with placeholder page numbers, only to
        learn how many pages it takes."""
        html = self.plan.html(part, lambda _: PLACEHOLDER)
        job = self.plan.job(self.cache, part, html, start_css(1, True), counted=False)
        self.submit("count", part, job)

    def submit_extra(self, page_map: PageMap) -> None:
        """The plan's extra job (the provenance lines of the examples' own PDFs, which
        print the pages of each example), as soon as those are known: beside the registers
        and the front matter, while the merge starts on the body. Again, if page numbers
        moved after all (`rounds`); a job for the same numbers is not submitted twice."""
        if self.plan.extra is None:
            return
        job: Job = self.plan.extra(page_map, self.cache)
        if job.key == self.extra_key:
            return
        self.extra_key = job.key
        self.roles[job.key] = ("extra", "")
        self.scheduler.submit(job)

    def record(self, job: Job, result: PartLayout) -> None:
        role, name = self.roles[job.key]
        if role == "margins":
            self.margins = result
            return
        if role == "extra":
            if job.key == self.extra_key:  # not one for page numbers that moved since
                self.extra = result
            return
        if role == "final":
            self.final[name] = result
            # A part laid out with real numbers must be as long as its placeholder version
            # (a register's length only moves what is laid out after it).
            if name in self.counts and self.kind_of(name) != "register":
                self.moved |= result.pages != self.counts[name]
        self.counts[name] = result.pages
        self.anchors[name] = result.anchors

    def advance(self) -> None:
        """Submit what became possible with the lengths known so far."""
        page_map = self.page_map()
        placed = {p.part.name for p in page_map.placements}
        runs_by_theme: dict[str, list[str]] = {}
        for part in self.parts:
            if part.kind == "run" and part.theme is not None:
                runs_by_theme.setdefault(part.theme.id, []).append(part.name)
        for placement in page_map.placements:
            part = placement.part
            if part.kind == "opener" and ("final", part.name) not in self.started:
                assert part.theme is not None
                if all(name in placed for name in runs_by_theme.get(part.theme.id, [])):
                    job = self.final_job(part, placement.start, self.numbers(page_map))
                    self.submit("final", part, job)
        registers = [p for p in self.parts if p.kind == "register"]
        everything_before = all(p.name in self.counts for p in self.parts if p.kind != "register")
        # "Nieuw in deze uitgave" lists pages of examples anywhere in the book: laid out for
        # good, like the registers, once every example is placed.
        listing = [p for p in self.parts if p.kind in ("changes", "register")]
        if everything_before and not any(("final", p.name) in self.started for p in listing):
            self.scheduler.expect(page_map.total + len(registers))
            numbers = self.numbers(page_map)
            starts = {p.part.name: p.start for p in page_map.placements}
            for part in listing:
                self.submit("final", part, self.final_job(part, starts.get(part.name, 0), numbers))
            self.submit_extra(page_map)  # every example has its pages now
        front = self.parts[0]
        if all(p.name in self.final for p in listing) and ("final", front.name) not in (
            self.started
        ):
            self.scheduler.expect(page_map.total)
            self.submit("final", front, self.final_job(front, 1, self.numbers(page_map)))
            self.submit_extra(page_map)

    # -- the whole ----------------------------------------------------------------------

    def body(self) -> Layouts:
        """Lay out the book up to the front matter's final layout (its contents list comes
        last): the merge starts on the rest meanwhile. Everything, when page numbers moved."""
        self.start()
        self.advance()
        while self.scheduler.busy and not self.only_front_left():
            job, result = self.scheduler.next()
            self.record(job, result)
            if not self.moved:
                self.advance()
        if self.moved:
            return self.rounds()
        return self.layouts()

    def only_front_left(self) -> bool:
        front, *rest = self.parts
        return (
            not self.moved
            and self.margins is not None
            and ("final", front.name) in self.started
            and all(part.name in self.final for part in rest)
        )

    def complete(self) -> Layouts:
        """The whole book laid out: `body`, then the front matter (the same layouts when
        asked again)."""
        self._drain()
        if self.moved:
            return self.rounds()
        return self.layouts()

    def layouts(self) -> Layouts:
        assert self.margins is not None
        return Layouts(
            self.plan, self.page_map(), dict(self.final), self.margins, self.cache, self.extra
        )

    def rounds(self) -> Layouts:
        """What is left when page numbers moved: openers and registers, then the front
        matter, until every length stays the same."""
        for _ in range(MAX_ROUNDS):
            self.moved = False
            page_map = self.page_map()
            numbers = self.numbers(page_map)
            for placement in page_map.placements:
                if placement.part.kind in ("intro", "changes", "opener", "register"):
                    job = self.final_job(placement.part, placement.start, numbers)
                    self.submit("final", placement.part, job)
            self._drain()
            front = self.parts[0]
            self.submit("final", front, self.final_job(front, 1, self.numbers(self.page_map())))
            self._drain()
            if not self.moved:
                self.submit_extra(self.page_map())
                self._drain()
                return self.layouts()
        raise BuildError("de paginanummers van het werkboek blijven verschuiven")

    def _drain(self) -> None:
        """Record results until no job is left."""
        while self.scheduler.busy:
            self.record(*self.scheduler.next())


def lay_out(
    plan: Any, scheduler: Scheduler, cache: PartCache
) -> tuple[Layouts, Callable[[], Layouts]]:
    """Lay out every part of `plan` (a `workbook.render.pdf.book.PdfPlan`): the layouts of
    the body as soon as they are done, and what waits for the whole book (see `body`)."""
    flow = _Flow(plan, scheduler, cache)
    return flow.body(), flow.complete


def start_css(start: int, right: bool) -> str:
    """A numbered part: its first page is printed page `start`, on the given side."""
    side = "right" if right else "left"
    return (
        f"html {{ break-before: {side} !important; }}\n"
        f"@page :first {{ counter-reset: page {start} !important; }}\n"
    )


MARGIN_BOXES = [
    f"{side}-{place}"
    for side, places in (
        ("top", "left-corner left center right right-corner"),
        ("bottom", "left-corner left center right right-corner"),
        ("left", "top middle bottom"),
        ("right", "top middle bottom"),
    )
    for place in places.split()
]


def sheet_css(right: bool) -> str:
    """A part that prints neither running head nor folio (the merge puts them in, where it
    lands), starting on the given side."""
    side = "right" if right else "left"
    boxes = " ".join(f"@{box} {{ content: none !important; }}" for box in MARGIN_BOXES)
    return f"html {{ break-before: {side} !important; }}\n@page {{ {boxes} }}\n"


# A run starts on a right-hand page; the merge moves its pages to the side they land on.
RUN_CSS = sheet_css(True)


def _never(anchor: str) -> str:
    raise AssertionError(f"a run prints no page numbers ({anchor})")
