""" "Nieuw in deze uitgave" (issue 22), end to end on the bundled project: its manifest is
kept, then one example's werkwijze and another's resultaten change, one example is added,
one removed and one file renamed. The next build, with `vorige_uitgave`, lists exactly
those changes with true page numbers, marks them in the contents, passes EPUBCheck, Ace and
PDF/UA-1, and `workbook diff` gives the same sets."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from ace import ace, ace_report, findings
from bundled import copy_bundled
from pypdf import PdfReader
from test_editions import BASE, pages, squash
from test_epub import run_epubcheck

from workbook import GENERATOR
from workbook.build.options import BuildOptions
from workbook.build.run import run_build
from workbook.check.run import check_project
from workbook.model.manifest import manifest_of, to_json

MANIFEST = f"{BASE}.uitgave.json"
WERKWIJZE = "kapot-sterk"  # its werkwijze changes
RESULTATEN = "geldezels-voortgezet-onderwijs"  # its resultaten change
ADDED = "ouders-aan-tafel"
ADDED_TITLE = "Ouders en wijkagent samen aan tafel in Kanaleneiland"
REMOVED = "jongerenwerk-tegen-ronselen"
RENAMED = ("woonconsulenten-signaleren", "woonconsulenten")


def copy_project(target: Path) -> Path:
    return copy_bundled(target)


def change_examples(root: Path) -> None:
    """The acceptance's changes: werkwijze, resultaten, one added, one removed, one file
    renamed without changing its content."""
    examples = root / "examples"
    kapot = examples / "onderwijs" / f"{WERKWIJZE}.yaml"
    text = kapot.read_text("utf-8")
    assert "werkwijze: |\n" in text
    kapot.write_text(
        text.replace(
            "werkwijze: |\n", "werkwijze: |\n  Sinds 2026 geeft ook de wijkboa een les.\n\n", 1
        ),
        "utf-8",
    )
    geld = examples / "onderwijs" / f"{RESULTATEN}.yaml"
    text = geld.read_text("utf-8")
    old = "  - omschrijving: De lesweek is opgenomen in het jaarprogramma"
    assert old in text
    geld.write_text(
        text.replace(old, "  - omschrijving: De lesweek staat vast in het jaarprogramma")
    )
    source = (examples / "onderwijs" / "ouderavonden-ronselen.yaml").read_text("utf-8")
    added = re.sub(r"^titel: .*$", f"titel: {ADDED_TITLE}", source, count=1, flags=re.M)
    (examples / "onderwijs" / f"{ADDED}.yaml").write_text(added, "utf-8")
    (examples / "frontlijn" / f"{REMOVED}.yaml").unlink()
    old_name, new_name = RENAMED
    (examples / "frontlijn" / f"{old_name}.yaml").rename(
        examples / "frontlijn" / f"{new_name}.yaml"
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once to keep the manifest, changed, and built again with vorige_uitgave."""
    root = copy_project(tmp_path_factory.mktemp("whats-new") / "project")
    assert run_build(BuildOptions(root, formats=frozenset({"epub"}), quiet=True)) == 0
    kept = root / "uitgaven" / "2025.uitgave.json"
    kept.parent.mkdir()
    shutil.copy(root / "dist" / MANIFEST, kept)
    with (root / "workbook.yaml").open("a", encoding="utf-8") as config:
        config.write("vorige_uitgave: uitgaven/2025.uitgave.json\n")
    change_examples(root)
    assert run_build(BuildOptions(root, quiet=True)) == 0
    return root


def book_pages(project: Path) -> list[str]:
    """Each page's text in reading order (by position: the links of a list come with their
    rows)."""
    reader = PdfReader(project / "dist" / f"{BASE}.pdf")
    return [
        re.sub(r"[\u00ad\u2010]\s*", "", page.extract_text(extraction_mode="layout") or "")
        for page in reader.pages
    ]


def section(text: list[str]) -> tuple[int, str]:
    """The page (1-based) of "Nieuw in deze uitgave", and its text."""
    heading = "Nieuw in deze uitgave Sinds de vorige uitgave"
    found = [i for i, page in enumerate(text) if heading in squash(page)]
    assert len(found) == 1, "one page"
    return found[0] + 1, squash(text[found[0]]).split(heading, 1)[1]


def title(project: Path, example_id: str) -> str:
    path = next((project / "examples").rglob(f"{example_id}.yaml"))
    found = re.search(r"^titel: (.*)$", path.read_text("utf-8"), flags=re.M)
    assert found
    return found.group(1).strip().strip("'\"")


def test_the_manifest_is_the_books_and_holds_every_section(project: Path) -> None:
    data = json.loads((project / "dist" / MANIFEST).read_text("utf-8"))
    assert data["formaat"] == 1 and data["programma"] == GENERATOR
    assert data["titel"] == "Aanpak ondermijning in de wijk"
    ids = [e["id"] for e in data["voorbeelden"]]
    assert ADDED in ids and REMOVED not in ids and RENAMED[1] in ids
    assert "signaalkaart-wijkteams" not in ids  # a draft is not published
    sections = list(data["voorbeelden"][0]["secties"])
    assert sections == [
        "facts",
        "samenvatting",
        "aanleiding",
        "doelen",
        "werkwijze",
        "partners",
        "resultaten",
        "knelpunten",
        "vernieuwend",
        "lessen",
        "werkvragen",
        "bronnen",
        "contact",
    ]
    result = check_project(project)
    assert result.book is not None
    assert (project / "dist" / MANIFEST).read_bytes() == to_json(
        manifest_of(result.book, GENERATOR)
    )


def test_the_pdf_section_lists_exactly_the_changes_on_true_pages(project: Path) -> None:
    text = book_pages(project)
    pages_of = pages(project / "dist" / f"{BASE}.pdf")
    at, found = section(text)
    assert found.startswith(
        " van 20 november 2026: 1 nieuw voorbeeld, 2 bijgewerkte voorbeelden en 1 voorbeeld "
        "niet meer opgenomen."
    )
    new = found.split("NIEUWE VOORBEELDEN", 1)[1].split("BIJGEWERKTE VOORBEELDEN", 1)[0]
    updated = found.split("BIJGEWERKTE VOORBEELDEN", 1)[1].split("NIET MEER OPGENOMEN", 1)[0]
    removed = found.split("NIET MEER OPGENOMEN", 1)[1]
    listed = {
        ADDED_TITLE: (new, "Onderwijs en ondermijnende criminaliteit"),
        title(project, WERKWIJZE): (updated, "Gewijzigd: Werkwijze"),
        title(project, RESULTATEN): (updated, "Gewijzigd: Resultaten"),
    }
    for name, (part, detail) in listed.items():
        match = re.search(re.escape(squash(name)) + r" (\d+) " + re.escape(detail), part)
        assert match, (name, part)
        page = int(match.group(1))
        assert page > at and squash(name) in squash(pages_of[page - 1]), (name, page)
    assert len(re.findall(r"Gewijzigd:", updated)) == 2
    assert new.count("Onderwijs en ondermijnende criminaliteit") == 1
    assert removed.strip().startswith(
        "Jongerenwerk op straat tegen ronselen Frontlijnprofessionals"
    )
    # The renamed file is the same example: not listed at all.
    assert squash(title(project, RENAMED[1])) not in found


def test_the_contents_marks_new_and_updated_examples(project: Path) -> None:
    text = book_pages(project)
    contents = squash(text[2])
    assert "Inhoudsopgave Voorwoord" in contents
    at, _ = section(text)
    assert re.search(rf"De voorbeelden in beeld \d+ Nieuw in deze uitgave {at} ", contents)
    marks = {
        ADDED_TITLE: "NIEUW",
        title(project, WERKWIJZE): "BIJGEWERKT",
        title(project, RESULTATEN): "BIJGEWERKT",
    }
    for name, mark in marks.items():
        assert re.search(re.escape(squash(name)) + rf" {mark} \d+", contents), name
    assert contents.count("NIEUW ") - contents.count("NIEUW IN") == 1
    assert contents.count("BIJGEWERKT") == 2
    opener = next(squash(p) for p in text if squash(p).startswith("THEMA 2 Onderwijs"))
    assert re.search(re.escape(ADDED_TITLE) + r" NIEUW \d+", opener)


def test_the_section_is_a_bookmark_after_the_overview(project: Path) -> None:
    reader = PdfReader(project / "dist" / f"{BASE}.pdf")
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    at = top.index("De voorbeelden in beeld")
    assert top[at + 1] == "Nieuw in deze uitgave"


def test_the_pdf_passes_pdfua_and_pdfa(project: Path) -> None:
    import page

    for profile in ("ua1", "2a"):
        report = page.validate_pdf(str(project / "dist" / f"{BASE}.pdf"), profile=profile)
        assert report.is_compliant, (profile, str(report))


def test_the_epub_has_the_section_and_marks_and_passes_epubcheck_and_ace(project: Path) -> None:
    import zipfile

    epub = project / "dist" / f"{BASE}.epub"
    with zipfile.ZipFile(epub) as archive:
        nav = archive.read("EPUB/nav.xhtml").decode("utf-8")
        document = archive.read("EPUB/nieuw.xhtml").decode("utf-8")
    assert nav.index("in-beeld.xhtml") < nav.index('href="nieuw.xhtml"') < nav.index("thema-")
    assert f'{ADDED_TITLE} <span class="mark">(nieuw)</span></a>' in nav
    assert nav.count("(bijgewerkt)") == 2
    assert "Gewijzigd: Werkwijze" in document and "Jongerenwerk op straat" in document
    counts, output = run_epubcheck(epub)
    assert counts == {"fatal": 0, "error": 0, "warning": 0, "info": 0}, output
    ace()
    found = findings(ace_report(epub.read_bytes()))
    assert {k: v for k, v in found.items() if k != "minor"} == {
        "critical": [],
        "serious": [],
        "moderate": [],
    }


def test_the_site_has_the_section_badges_and_filter(project: Path) -> None:
    site = project / "dist" / "site"
    index = (site / "index.html").read_text("utf-8")
    part = index.split('id="nieuw"', 1)[1].split("</section>", 1)[0]
    assert f'href="{ADDED}.html">{ADDED_TITLE}</a>' in part
    assert "Gewijzigd: Resultaten" in part and "Jongerenwerk op straat tegen ronselen" in part
    assert (
        index.index('id="in-beeld"') < index.index('id="nieuw"') < index.index('id="voorbeelden"')
    )
    assert index.count('<span class="badge badge-new">nieuw</span>') == 1
    assert index.count('<span class="badge badge-updated">bijgewerkt</span>') == 2
    assert '<option value="gewijzigd">Nieuw en bijgewerkt</option>' in index
    page = (site / f"{WERKWIJZE}.html").read_text("utf-8")
    assert "badge-updated" in page and "Gewijzigd sinds de vorige uitgave: Werkwijze" in page


def test_diff_gives_the_same_sets_in_json(project: Path, run_cli) -> None:
    code, out, err = run_cli(
        "diff", "uitgaven/2025.uitgave.json", f"dist/{MANIFEST}", "--format", "json", cwd=project
    )
    assert code == 0, err
    found = json.loads(out)
    assert [e["id"] for e in found["nieuw"]] == [ADDED]
    assert {e["id"]: e["secties"] for e in found["bijgewerkt"]} == {
        WERKWIJZE: ["werkwijze"],
        RESULTATEN: ["resultaten"],
    }
    assert [e["id"] for e in found["niet_meer_opgenomen"]] == [REMOVED]
    assert found["hernoemd"] == [{"van": RENAMED[0], "naar": RENAMED[1]}]
    assert err.strip() == "1 nieuw, 2 bijgewerkt, 1 niet meer opgenomen, 14 ongewijzigd."
    # The project folder itself, read as it is, gives the same lists as its manifest.
    code, text, _ = run_cli("diff", "uitgaven/2025.uitgave.json", ".", cwd=project)
    assert code == 0
    assert text.rstrip().endswith("1 nieuw, 2 bijgewerkt, 1 niet meer opgenomen, 14 ongewijzigd.")
    assert f"+ {ADDED_TITLE} (Onderwijs en ondermijnende criminaliteit) [{ADDED}]" in text
    assert f"[{WERKWIJZE}]: Werkwijze" in text and f"= {RENAMED[0]} → {RENAMED[1]}" in text
