"""What "Nieuw in deze uitgave" compares with, and how: fingerprints that depend on the
content alone, the matching of examples between editions, previous editions from a
manifest, `vorige_uitgave`, a folder or `git:REF`, and every way those can be wrong."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from bundled import REPO
from test_whats_new import (
    ADDED,
    MANIFEST,
    REMOVED,
    RENAMED,
    change_examples,
    copy_project,
)

from workbook import GENERATOR
from workbook.build.diff import run_diff
from workbook.build.previous import read_edition
from workbook.check.run import check_project
from workbook.model.changes import SECTIONS
from workbook.model.editions import Edition, Selection, edition_book
from workbook.model.manifest import (
    FORMAT,
    Entry,
    Manifest,
    ManifestError,
    compare,
    entry_of,
    manifest_of,
    parse,
    to_json,
)


def manifest_bytes(root: Path) -> bytes:
    result = check_project(root)
    assert result.book is not None, [d.message for d in result.diagnostics]
    return to_json(manifest_of(result.book, GENERATOR))


def reordered(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: reordered(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [reordered(v) for v in value]
    return value


# -- fingerprints ------------------------------------------------------------------------


def test_reindenting_and_reordering_every_example_changes_nothing(tmp_path: Path) -> None:
    """Every example written again by another YAML writer: four spaces, keys in reverse
    order, block text as quoted strings; one file also moved to another folder."""
    before = copy_project(tmp_path / "before")
    after = copy_project(tmp_path / "after")
    files = sorted((after / "examples").rglob("*.yaml"))
    for path in files:
        data = yaml.safe_load(path.read_text("utf-8"))
        text = yaml.safe_dump(
            reordered(data), indent=4, sort_keys=False, allow_unicode=True, width=70
        )
        path.write_text(text, "utf-8")
    assert "werkwijze:" in files[0].read_text("utf-8")
    moved = after / "examples" / "onderwijs" / "ouderavonden-ronselen.yaml"
    assert "afbeeldingen" not in moved.read_text("utf-8")
    (after / "examples" / "elders").mkdir()
    moved.rename(after / "examples" / "elders" / moved.name)
    assert manifest_bytes(before) == manifest_bytes(after)
    changes = compare(parse(manifest_bytes(before), "x"), parse(manifest_bytes(after), "y").entries)
    assert changes.nothing and not changes.renamed


def test_an_image_counts_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    path = next(p for p in (root / "examples").rglob("*.yaml") if "afbeeldingen" in p.read_text())
    data = yaml.safe_load(path.read_text("utf-8"))
    name = data["afbeeldingen"][0]["bestand"]
    image = path.parent / name
    before = parse(manifest_bytes(root), "x")
    # Moved and renamed, same bytes: no change.
    renamed = image.with_name("elders-" + image.name)
    image.rename(renamed)
    path.write_text(
        path.read_text("utf-8").replace(name, renamed.relative_to(path.parent).as_posix())
    )
    assert compare(before, parse(manifest_bytes(root), "y").entries).nothing
    # Other bytes under the same name: the werkwijze (where the images are) changed.
    extra = b"<!-- bijgewerkt -->\n" if renamed.suffix == ".svg" else b"\0"
    renamed.write_bytes(renamed.read_bytes() + extra)
    changes = compare(before, parse(manifest_bytes(root), "y").entries)
    assert changes.updated == ((path.stem, ("werkwijze",)),)


def test_contact_counts_only_when_published() -> None:
    """Read without checking (a git version), contact details without consent are not in
    the book, so they are no content either."""
    from workbook.model.fingerprints import fingerprints

    data = yaml.safe_load((REPO / "examples/frontlijn/preventie-met-gezag.yaml").read_text())
    assert "contact" not in data
    plain = fingerprints(data, REPO, REPO)
    hidden = {**data, "contact": {"naam": "Iemand", "toestemming": False}}
    assert fingerprints(hidden, REPO, REPO) == plain
    shown = {**data, "contact": {"naam": "Iemand", "toestemming": True}}
    changed = fingerprints(shown, REPO, REPO)
    assert [k for k in plain if plain[k] != changed[k]] == ["contact"]


# -- matching ---------------------------------------------------------------------------


def entry(example_id: str, titel: str, **sections: str) -> Entry:
    values = {key: sections.get(key, "0") for key, _ in SECTIONS}
    return Entry(example_id, titel, "onderwijs", tuple(values.items()))


def old(*entries: Entry) -> Manifest:
    return Manifest("Boek", "2025-03-31", "werkboek", (("onderwijs", "Onderwijs"),), entries)


def test_matching_by_id_then_by_title() -> None:
    before = old(
        entry("a", "Alpha"),
        entry("b", "Bravo"),
        entry("c", "Charlie"),
        entry("d", "Delta"),
        entry("e", "Echo"),
    )
    now = [
        entry("a", "Alpha", werkwijze="1"),  # same id, werkwijze changed
        entry("b2", "Bravo"),  # new id, same title and content: unchanged
        entry("c2", "Charlie", lessen="1"),  # new id, same title, changed: updated
        entry("d2", "Delta 2"),  # new id and title: one removed and one new
        entry("e", "Echo, anders"),  # same id, new title: updated
    ]
    changes = compare(before, now)
    assert changes.new == ("d2",)
    assert changes.updated == (("a", ("werkwijze",)), ("c2", ("lessen",)), ("e", ("titel",)))
    assert [r.id for r in changes.removed] == ["d"]
    assert changes.removed[0].thema_titel == "Onderwijs"
    assert changes.renamed == (("b", "b2"),)
    assert changes.since == "2025-03-31"


def test_an_edition_lists_only_the_changes_among_its_examples(book, tmp_path: Path) -> None:
    manifest = manifest_of(book, GENERATOR)
    onderwijs = next(e for e in book.examples if e.thema == "onderwijs")
    frontlijn = next(e for e in book.examples if e.thema == "frontlijn")
    gone = Entry("weg", "Weg", "frontlijn", frontlijn.fingerprints, (), None, "preventief")
    before = replace(
        manifest,
        entries=(
            *(
                replace(e, secties=(("facts", "x"), *e.secties[1:])) if e.id == onderwijs.id else e
                for e in manifest.entries
                if e.id != frontlijn.id
            ),
            gone,
        ),
    )
    whole = replace(book, changes=compare(before, [entry_of(e) for e in book.examples]))
    assert whole.changes is not None
    assert whole.changes.new == (frontlijn.id,) and [r.id for r in whole.changes.removed] == ["weg"]
    edition = Edition("o", "Onderwijs", None, None, Selection(themas=("onderwijs",)), ("pdf",))
    narrowed = edition_book(whole, edition).changes
    assert narrowed is not None
    assert narrowed.new == () and narrowed.removed == ()
    assert narrowed.updated == ((onderwijs.id, ("facts",)),)
    other = Edition("f", "Frontlijn", None, None, Selection(themas=("frontlijn",)), ("pdf",))
    frontline = edition_book(whole, other).changes
    assert frontline is not None
    assert frontline.new == (frontlijn.id,) and [r.id for r in frontline.removed] == ["weg"]


# -- reading a previous edition ----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{niet json", "dit is geen geldige JSON (regel 1, kolom 2)"),
        (b"\xff\xfe", "dit is geen tekstbestand (geen UTF-8)"),
        (b"[]", "verwacht een JSON-object met ‘formaat’ en ‘voorbeelden’"),
        (b'{"voorbeelden": []}', "‘formaat’ ontbreekt of is geen positief geheel getal"),
        (
            json.dumps({"formaat": FORMAT + 1}).encode(),
            f"het is gemaakt door een nieuwere versie van werkboek (formaat {FORMAT + 1}; deze "
            f"versie leest formaat {FORMAT}); werk werkboek bij",
        ),
        (
            json.dumps(
                {"formaat": 1, "titel": "T", "datum": "2025-01-01", "voorbeelden": [1]}
            ).encode(),
            "voorbeelden[0] is geen JSON-object",
        ),
        (
            json.dumps(
                {
                    "formaat": 1,
                    "titel": "T",
                    "datum": "2025-01-01",
                    "voorbeelden": [{"id": "a", "titel": "A", "thema": "t"}],
                }
            ).encode(),
            "‘voorbeelden[0].secties’ ontbreekt of is geen object met vingerafdrukken",
        ),
        (
            json.dumps({"formaat": 1, "titel": "T", "datum": "maart", "voorbeelden": []}).encode(),
            "‘datum’ ontbreekt of is geen datum als 2025-03-31",
        ),
    ],
)
def test_a_bad_manifest_says_what_is_wrong(content: bytes, problem: str) -> None:
    with pytest.raises(ManifestError) as caught:
        parse(content, "uitgaven/oud.uitgave.json")
    assert caught.value.message == f"uitgaven/oud.uitgave.json: {problem}"
    assert caught.value.exit_code == 1


def test_build_with_a_bad_manifest_writes_nothing(tmp_path: Path, run_cli) -> None:
    root = copy_project(tmp_path / "p")
    (root / "oud.json").write_text('{"formaat": 7, "voorbeelden": []}', "utf-8")
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    code, out, err = run_cli("build", "--sinds", "oud.json", "--format", "epub", cwd=root)
    assert code == 1
    assert "oud.json: het is gemaakt door een nieuwere versie van werkboek (formaat 7" in err
    assert "Traceback" not in out + err
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before  # no dist/
    code, _, err = run_cli("build", "--sinds", "weg.json", "--format", "epub", cwd=root)
    assert code == 2 and "het uitgavebestand 'weg.json' bestaat niet" in err


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        (
            "uitgaven/weg.uitgave.json",
            "file-missing",
            "het uitgavebestand 'uitgaven/weg.uitgave.json' bestaat niet",
        ),
        (
            "../buiten.uitgave.json",
            "file-outside-project",
            "'../buiten.uitgave.json' ligt buiten het project",
        ),
        ("/etc/passwd", "file-outside-project", "'/etc/passwd' is geen pad binnen het project"),
        (
            "kapot.uitgave.json",
            "previous-edition",
            "het uitgavebestand 'kapot.uitgave.json' is niet te gebruiken: dit is geen "
            "geldige JSON (regel 1, kolom 1)",
        ),
    ],
)
def test_vorige_uitgave_is_checked_at_its_line(
    tmp_path: Path, run_cli, value: str, code: str, message: str
) -> None:
    root = copy_project(tmp_path / "p")
    (root / "kapot.uitgave.json").write_text("nee", "utf-8")
    (tmp_path / "buiten.uitgave.json").write_text("{}", "utf-8")
    with (root / "workbook.yaml").open("a", encoding="utf-8") as config:
        config.write(f"vorige_uitgave: {value}\n")
    line = (root / "workbook.yaml").read_text("utf-8").count("\n")
    exit_code, out, _ = run_cli("check", "--format", "json", cwd=root)
    assert exit_code == 1
    found = [d for d in json.loads(out) if d["field"] == "vorige_uitgave"]
    assert [(d["code"], d["line"], d["message"]) for d in found] == [(code, line, message)]
    assert found[0]["hint"]


def test_the_previous_edition_named_in_workbook_yaml_is_read_by_the_check(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    (root / "vorige.uitgave.json").write_bytes(manifest_bytes(root))
    with (root / "workbook.yaml").open("a", encoding="utf-8") as config:
        config.write("vorige_uitgave: vorige.uitgave.json\n")
    result = check_project(root)
    assert result.previous is not None and not result.diagnostics[1:]
    assert result.previous.entries[0].id == result.book.examples[0].id  # type: ignore[union-attr]


# -- git ---------------------------------------------------------------------------------


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Redactie",
        "GIT_AUTHOR_EMAIL": "redactie@example.org",
        "GIT_COMMITTER_NAME": "Redactie",
        "GIT_COMMITTER_EMAIL": "redactie@example.org",
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


@pytest.fixture(params=["werkboek", ""], ids=["in-a-subfolder", "at-the-top"])
def repository(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A git repository with the bundled project (in a subfolder, or at the top), tagged
    v2025, then the acceptance's changes (not committed)."""
    if shutil.which("git") is None:
        pytest.skip("git ontbreekt: de test van --sinds git:VERSIE heeft git nodig")
    repo = tmp_path / "repo"
    root = copy_project(repo / request.param if request.param else repo)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "Uitgave 2025")
    git(repo, "tag", "v2025")
    change_examples(root)
    return root


def test_since_a_git_ref_compares_with_the_project_as_it_was(repository: Path, run_cli) -> None:
    before = read_edition("git:v2025", repository)
    assert before.skipped == ()
    found = run_diff("git:v2025", str(repository), repository, "json")
    data = json.loads(found[0])
    assert [e["id"] for e in data["nieuw"]] == [ADDED]
    assert [e["id"] for e in data["niet_meer_opgenomen"]] == [REMOVED]
    assert data["hernoemd"] == [{"van": RENAMED[0], "naar": RENAMED[1]}]
    code, out, err = run_cli("build", "--sinds", "git:v2025", "--format", "epub", cwd=repository)
    assert code == 0, err
    assert "Nieuw in deze uitgave: Sinds de vorige uitgave van" in out + err
    import zipfile

    with zipfile.ZipFile(
        repository / "dist" / f"{MANIFEST.removesuffix('.uitgave.json')}.epub"
    ) as z:
        document = z.read("EPUB/nieuw.xhtml").decode("utf-8")
    assert "Jongerenwerk op straat tegen ronselen" in document
    # The manifest of the old version read from git is the one its build would have written.
    git(repository, "stash", "-q", "--include-untracked")
    assert to_json(replace(before.manifest, programma=GENERATOR)) == manifest_bytes(repository)


def test_an_unknown_git_ref_or_no_git_is_a_clear_dutch_error(repository: Path, run_cli) -> None:
    code, out, err = run_cli("build", "--sinds", "git:v1999", cwd=repository)
    assert code == 2
    assert "git kent de versie 'v1999' niet; geef een tak, tag of commit" in err
    assert "Traceback" not in out + err and not (repository / "dist").exists()
    code, _, err = run_cli("diff", "git:v1999", ".", cwd=repository)
    assert code == 2 and "git kent de versie 'v1999' niet" in err
    # Without git on the PATH.
    env_path = os.environ["PATH"]
    try:
        os.environ["PATH"] = str(repository)  # no git here
        code, _, err = run_cli("build", "--sinds", "git:v2025", cwd=repository)
    finally:
        os.environ["PATH"] = env_path
    assert code == 2
    assert "voor git:v2025 is git nodig, maar git is niet gevonden" in err


def test_a_folder_outside_git_is_a_clear_error(tmp_path: Path, run_cli) -> None:
    root = copy_project(tmp_path / "p")
    code, _, err = run_cli("diff", "git:HEAD", ".", cwd=root)
    assert code == 2 and "staat niet in een git-repository" in err


# -- diff ----------------------------------------------------------------------------------


def test_diff_of_the_same_edition_says_so(tmp_path: Path, run_cli) -> None:
    root = copy_project(tmp_path / "p")
    (root / "a.uitgave.json").write_bytes(manifest_bytes(root))
    code, out, _ = run_cli("diff", "a.uitgave.json", ".", cwd=root)
    assert code == 0
    assert out.rstrip().splitlines()[-1] == "Geen verschillen: 17 ongewijzigd."


def test_a_nothing_changed_edition_has_a_one_sentence_section(tmp_path: Path) -> None:
    from workbook.model.whats_new import whats_new

    root = copy_project(tmp_path / "p")
    result = check_project(root)
    assert result.book is not None
    same = compare(parse(manifest_bytes(root), "x"), [entry_of(e) for e in result.book.examples])
    shown = whats_new(replace(result.book, changes=same))
    assert shown is not None and shown.nothing
    assert shown.lead == "Sinds de vorige uitgave van 20 november 2026 is er niets veranderd."
    assert whats_new(result.book) is None  # none named: no section


def test_serve_shows_the_section_of_the_next_edition(tmp_path: Path) -> None:
    from test_serve import _get, _serve

    root = copy_project(tmp_path / "p")
    (root / "vorige.uitgave.json").write_bytes(manifest_bytes(root))
    with (root / "workbook.yaml").open("a", encoding="utf-8") as config:
        config.write("vorige_uitgave: vorige.uitgave.json\n")
    change_examples(root)
    with _serve(root, "--no-pdf", started_within=60) as server:
        index = _get(server.port, "/")[1].decode("utf-8")
    part = index.split('id="nieuw"', 1)[1].split("</section>", 1)[0]
    assert f'href="{ADDED}.html"' in part and "Gewijzigd: Werkwijze" in part
    assert index.count('class="badge badge-updated"') == 2
