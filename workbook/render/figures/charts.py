"""The figures of "De voorbeelden in beeld", all of them, sized for print (the PDF) or the
screen (EPUB and site); drawn here or in a process of their own (`charts_apart`)."""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from workbook.model.overview import Overview
from workbook.render.figures.bars import bar_chart, column_chart, theme_chart
from workbook.render.figures.canvas import Chart
from workbook.render.figures.inline_svg import buttons
from workbook.render.figures.province_map import province_map


def interactive(chart: Chart) -> str:
    """The chart for the site: each target a keyboard-usable button that filters the list."""
    return buttons(chart.svg, chart.key, [(t.id, t.filters, t.label) for t in chart.targets])


WIDTHS = {
    "print": {"kaart": 86, "themas": 167, "status": 100, "startjaar": 100, "partners": 100},
    "screen": {"kaart": 72, "themas": 82, "status": 70, "startjaar": 72, "partners": 72},
}


class Drawing:
    """The charts being drawn in a process of their own (see `charts_apart`)."""

    def __init__(self, overview: Overview, layout: str) -> None:
        import multiprocessing

        from workbook.base import interrupt

        self._charts: dict[str, Chart] | None = None
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe(duplex=False)
        # Daemonic: a build that stops (Ctrl-C, an error) does not wait for the drawing.
        self._process = context.Process(
            target=_draw_into, args=(child, overview, layout), daemon=True
        )
        with interrupt.held():  # the process never sees Ctrl-C
            self._process.start()
        child.close()

    def __del__(self) -> None:
        # Never asked for (the build stopped first): the process may wait on the pipe.
        try:  # also at exit, when the modules it uses are half gone
            if self._charts is None and self._process.is_alive():
                self._process.terminate()
        except Exception:
            pass

    def result(self) -> dict[str, Chart]:
        if self._charts is None:
            try:
                ok, found = self._pipe.recv()
            except EOFError:
                ok, found = False, RuntimeError("het proces dat de grafieken tekent stopte")
            self._process.join()
            self._pipe.close()
            if not ok:
                raise found
            self._charts = found
        return self._charts


def _draw_into(pipe: Any, overview: Overview, layout: str) -> None:
    try:
        found: tuple[bool, Any] = (True, render_charts(overview, layout))
    except Exception as exc:  # handed to the process that waits for the charts
        found = (False, exc)
    pipe.send(found)
    pipe.close()


@lru_cache(maxsize=1)  # the screen and print editions of one build share it
def charts_apart(overview: Overview, layout: str = "print") -> Drawing:
    """`render_charts` in a process of its own, started now: the PDF's worker processes
    lay out meanwhile, and matplotlib's memory (about 45 MB) goes when the charts are
    done instead of staying in this process through the merge."""
    return Drawing(overview, layout)


@cache
def render_charts(overview: Overview, layout: str = "print") -> dict[str, Chart]:
    """Every figure of the overview by key (kaart, themas, status, startjaar, partners),
    sized for `layout`: 'print' (the PDF) or 'screen' (EPUB and site)."""
    lang = overview.lang
    findings = overview.findings
    width = WIDTHS[layout]
    return {
        "kaart": province_map(
            overview, width_mm=width["kaart"], name_size=6.5 if layout == "print" else 7.2
        ),
        "themas": theme_chart(overview, width_mm=width["themas"]),
        "status": bar_chart(
            "status",
            overview.statuses,
            findings.status,
            filter_name="status",
            width_mm=width["status"],
            lang=lang,
            row_mm=7.0,
        ),
        "startjaar": column_chart(
            "startjaar",
            overview.years,
            findings.years,
            filter_name="startjaar",
            width_mm=width["startjaar"],
            lang=lang,
        ),
        "partners": bar_chart(
            "partners",
            overview.partner_kinds,
            findings.partners,
            filter_name="partner",
            width_mm=width["partners"],
            lang=lang,
            row_mm=6.4,
        ),
    }


__all__ = ["charts_apart", "interactive", "render_charts"]
