"""Editions in workbook.yaml (`uitgaven`): every diagnostic at its line, with a hint; and
the selection rule (every key given must match, any value within a key; drafts never)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import VALID_EXAMPLE, WORKBOOK_YAML, run_cli

from workbook.check.run import check_project
from workbook.model.editions import edition_book, selected

SECOND = (
    VALID_EXAMPLE.replace("Weerbaar op school", "Jongerenwerk op straat")
    .replace("thema: onderwijs", "thema: frontlijn")
    .replace("benadering: preventief", "benadering: beide")
    .replace("werkvragen:", "provincie: Utrecht\ntrefwoorden:\n  - Ronselen\nwerkvragen:")
)
DRAFT = VALID_EXAMPLE.replace("Weerbaar op school", "Nog niet af").replace(
    "bijgewerkt:", "concept: true\nbijgewerkt:"
)
FILES = {"examples/frontlijn/straat.yaml": SECOND, "examples/onderwijs/concept.yaml": DRAFT}


def project(make_project, editions: str) -> Path:
    root: Path = make_project(config=WORKBOOK_YAML + editions, files=FILES)
    return root


def diagnostics(root: Path) -> list[dict[str, object]]:
    """Errors and warnings (the draft's info aside)."""
    code, out, _ = run_cli("check", "--format", "json", cwd=root)
    found: list[dict[str, object]] = json.loads(out)
    assert code == (1 if any(d["severity"] == "error" for d in found) else 0)
    return [d for d in found if d["severity"] != "info"]


def line_of(root: Path, text: str) -> int:
    lines = (root / "workbook.yaml").read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


CASES = [
    # (name, editions, code, field, the text on the line, hint fragment)
    (
        "unknown_example",
        "uitgaven:\n  - id: reader\n    titel: Een reader\n    selectie:\n"
        "      voorbeelden: [voorbeeldd]\n",
        "unknown-example",
        "uitgaven[1].selectie.voorbeelden[1]",
        "voorbeelden: [voorbeeldd]",
        "bedoelde u 'voorbeeld'?",
    ),
    (
        "unknown_theme",
        "uitgaven:\n  - id: reader\n    titel: Een reader\n    selectie:\n"
        "      themas:\n        - onderwys\n",
        "unknown-theme",
        "uitgaven[1].selectie.themas[1]",
        "- onderwys",
        "bedoelde u 'onderwijs'?",
    ),
    (
        "unknown_keyword",
        "uitgaven:\n  - id: reader\n    titel: Een reader\n    selectie:\n"
        "      trefwoorden: [ronselem]\n",
        "unknown-keyword",
        "uitgaven[1].selectie.trefwoorden[1]",
        "trefwoorden: [ronselem]",
        "bedoelde u 'Ronselen'?",
    ),
    (
        "unknown_province",
        "uitgaven:\n  - id: reader\n    titel: Een reader\n    selectie:\n"
        "      provincies: [Friesland]\n",
        "invalid-value",
        "uitgaven[1].selectie.provincies[1]",
        "provincies: [Friesland]",
        "bedoelde u 'Fryslân'?",
    ),
    (
        "unknown_approach",
        "uitgaven:\n  - id: reader\n    titel: Een reader\n    selectie:\n"
        "      benaderingen: [preventie]\n",
        "invalid-value",
        "uitgaven[1].selectie.benaderingen[1]",
        "benaderingen: [preventie]",
        "bedoelde u 'preventief'?",
    ),
    (
        "selection_without_published_examples",
        "uitgaven:\n  - id: reader\n    titel: Een reader\n    selectie:\n"
        "      themas: [onderwijs]\n      provincies: [Utrecht]\n",
        "empty-edition",
        "uitgaven[1].selectie",
        "selectie:",
        "concepten tellen niet mee",
    ),
    (
        "a_draft_is_no_selection",
        "uitgaven:\n  - id: reader\n    titel: Een reader\n    selectie:\n"
        "      voorbeelden: [concept]\n",
        "empty-edition",
        "uitgaven[1].selectie",
        "selectie:",
        "concepten tellen niet mee",
    ),
    (
        "duplicate_edition_id",
        "uitgaven:\n  - id: reader\n    titel: Een reader\n    selectie: {themas: [onderwijs]}\n"
        "  - id: reader\n    titel: Nog een\n    selectie: {themas: [frontlijn]}\n",
        "duplicate-id",
        "uitgaven[2].id",
        "titel: Nog een\n-",  # the line above the second edition's title
        "geef elke uitgave een eigen id",
    ),
    (
        "edition_id_is_a_slug",
        "uitgaven:\n  - id: Reader Eén\n    titel: Een reader\n"
        "    selectie: {themas: [onderwijs]}\n",
        "invalid-id",
        "uitgaven[1].id",
        "id: Reader Eén",
        "zoals 'reader-een'",
    ),
    (
        "selection_is_required_and_not_empty",
        "uitgaven:\n  - id: reader\n    titel: Een reader\n    selectie: {}\n",
        "missing-field",
        "uitgaven[1].selectie",
        "selectie: {}",
        "themas, voorbeelden, trefwoorden, provincies, benaderingen",
    ),
]


@pytest.mark.parametrize(
    ("editions", "code", "field", "text", "hint"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_edition_diagnostic(
    make_project, editions: str, code: str, field: str, text: str, hint: str
) -> None:
    root = project(make_project, editions)
    found = [d for d in diagnostics(root) if d["code"] == code]
    assert len(found) == 1, diagnostics(root)
    (d,) = found
    first, _, after = text.partition("\n")
    shift = -1 if after == "-" else text.count("\n")
    assert (d["file"], d["field"]) == ("workbook.yaml", field)
    assert d["line"] == line_of(root, first) + shift, d
    assert hint in str(d["hint"]), d["hint"]


def test_a_correct_edition_gives_no_diagnostic(make_project) -> None:
    root = project(
        make_project,
        "uitgaven:\n  - id: reader\n    titel: Een reader\n    selectie:\n"
        "      trefwoorden: [ronselen]\n    formaten: [pdf, epub]\n",
    )
    assert diagnostics(root) == []


def test_a_single_file_check_leaves_the_editions_alone(make_project) -> None:
    """Checking one example cannot judge a selection over the whole project."""
    root = project(
        make_project,
        "uitgaven:\n  - id: reader\n    titel: Een reader\n    selectie:\n"
        "      voorbeelden: [straat]\n",
    )
    code, out, _ = run_cli(
        "check", "--format", "json", "examples/onderwijs/voorbeeld.yaml", cwd=root
    )
    assert (code, json.loads(out)) == (0, [])


def test_every_key_must_match_and_any_value_within_a_key(make_project) -> None:
    root = project(
        make_project,
        "uitgaven:\n"
        "  - id: beide\n    titel: Beide thema's\n    selectie:\n"
        "      themas: [onderwijs, frontlijn]\n"
        "  - id: utrecht-beide\n    titel: Utrecht\n    selectie:\n"
        "      themas: [onderwijs, frontlijn]\n      provincies: [Utrecht]\n"
        "  - id: trefwoord\n    titel: Ronselen\n    selectie:\n      trefwoorden: [RONSELEN]\n",
    )
    result = check_project(root, include_drafts=True)
    assert result.book is not None and result.diagnostics[0].code == "draft"
    by_id = {e.id: e for e in result.editions}
    titles = {
        key: [e.titel for e in selected(result.book.examples, edition.selection)]
        for key, edition in by_id.items()
    }
    # Book order (themes as in workbook.yaml), drafts never, even with --drafts.
    assert titles == {
        "beide": ["Weerbaar op school", "Jongerenwerk op straat"],
        "utrecht-beide": ["Jongerenwerk op straat"],
        "trefwoord": ["Jongerenwerk op straat"],
    }
    narrowed = edition_book(result.book, by_id["utrecht-beide"])
    assert [t.id for t in narrowed.themes] == ["frontlijn"]  # a theme without examples goes
    assert narrowed.bestandsnaam == "testwerkboek-ondermijning-utrecht-beide"
    assert narrowed.edition_of == "Testwerkboek ondermijning"
    assert narrowed.voorwoord is None  # the book's foreword is not reused
    assert by_id["beide"].formats == ("pdf",)  # the default
