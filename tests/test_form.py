"""The contributor form (insturen.html), driven through a real browser.

The form is rendered with `render_form` into tmp_path and opened via file://, offline. Every
test also checks that the page logged no console errors and requested nothing but file://.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from workbook.render.site.form import render_form, script_json, write_form_assets
from workbook.schema import EXAMPLE_SCHEMA, load_schema

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
BOOK = yaml.safe_load((ROOT / "workbook.yaml").read_text(encoding="utf-8"))
THEMES = [(t["id"], t["titel"]) for t in BOOK["themas"]]
SCHEMA = load_schema(EXAMPLE_SCHEMA)

browser_only = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="browsertests overgeslagen: /usr/bin/chromium ontbreekt "
    "(installeer met 'apt-get install -y chromium')",
)

# Everything the form can hold, with text that YAML 1.1 would misread without quotes.
COMPLETE: dict[str, Any] = {
    "titel": "Ja: samen sterk #1 – weerbaarheid in Sneek",
    "thema": "onderwijs",
    "benadering": "beide",
    "gemeenten": ["Súdwest-Fryslân", "yes", "Leeuwarden"],
    "wijken": ["No", "1234", "2021-03-01", "- Noord"],
    "provincie": "Fryslân",
    "status": "afgerond",
    "looptijd": {"start": "2020-10", "eind": 2022},
    "samenvatting": (
        "Leerlingen van groep 7 en 8 leren in vijf lessen hoe criminelen jongeren "
        "benaderen, en bij wie ze terechtkunnen: de wijkagent en het jongerenwerk."
    ),
    "aanleiding": (
        "Jonge kinderen worden in de wijk benaderd voor **klusjes**.\n"
        "\n"
        "- een pakketje wegbrengen;\n"
        "- op de uitkijk staan.\n"
        "\n"
        "Zie [de evaluatie](https://www.example.nl/evaluatie) voor cijfers: 40% # geschat.\n"
    ),
    "doelen": ["Leerlingen herkennen ronselen.", "true", "Ouders: weten wat te doen"],
    "werkwijze": (
        "1. De wijkagent en de leerkracht bereiden samen de les voor.\n"
        "2. Vijf lessen in de klas.\n"
        "\n"
        "| Partner | Bijdrage |\n"
        "|---|---|\n"
        "| Politie | uitleg |\n"
        "\n"
        "> Samen voor de klas.\n"
    ),
    "doelgroepen": ["on", "Ouders en verzorgers"],
    "partners": [
        {"naam": "Gemeente Súdwest-Fryslân", "soort": "gemeente", "rol": "Regie: planning."},
        {"naam": "Politie", "soort": "politie"},
        {"naam": "Openbaar Ministerie", "soort": "openbaar-ministerie", "rol": "Uitleg"},
    ],
    "resultaten": [
        {
            "omschrijving": "Leerlingen bereikt",
            "waarde": 1500,
            "eenheid": "leerlingen",
            "jaar": 2022,
            "bron": "Evaluatie 2022",
        },
        {
            "omschrijving": "Tevreden leerkrachten",
            "waarde": 87.5,
            "eenheid": "%",
            "bron": "Enquête",
        },
        {"omschrijving": "Scholen doen mee"},
    ],
    "knelpunten": [
        {"knelpunt": "Geen tijd in het rooster.", "oplossing": "Lessen vallen onder burgerschap."},
        {"knelpunt": "'Ouders' schrikken", "oplossing": 'Vooraf "informeren"\nen uitnodigen.'},
    ],
    "vernieuwend": ["Politie en jongerenwerk staan samen voor de klas"],
    "lessen": ["Begin klein.", "Neem ouders mee: zij zien veranderingen het eerst."],
    "werkvragen": [
        "Welke scholen in uw gemeente zien signalen?",
        "Wie is bij u het aanspreekpunt?",
        "~",
    ],
    "financiering": "Gemeente en Rijk samen (50/50).",
    "trefwoorden": ["ronselen", "null", "12.5"],
    "contact": {
        "naam": "Projectleider wijkaanpak",
        "organisatie": "Gemeente Súdwest-Fryslân",
        "email": "wijkaanpak@example.nl",
        "toestemming": True,
    },
    "bronnen": [
        {
            "titel": "Evaluatie: Kapot Sterk",
            "url": "https://www.example.nl/rapport",
            "uitgever": "Platform31",
            "jaar": 2021,
        },
        {"titel": "Halt"},
    ],
    "afbeeldingen": [
        {
            "bestand": "img/partners.png",
            "alt": "Schema van de partners rond de school",
            "bijschrift": "Wie doet wat",
            "credit": "Gemeente Súdwest-Fryslân",
        }
    ],
    "volgorde": 3,
    "concept": True,
    "bijgewerkt": dt.date(2024, 5, 1),
}


# ---------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from browser import launch  # tests/browser.py

    with launch() as chromium:
        yield chromium


def write_form(folder: Path) -> str:
    """The form with its assets in `folder/site`; returns its file:// URL."""
    site = folder / "site"
    site.mkdir(parents=True)
    (site / "insturen.html").write_text(
        render_form(BOOK["titel"], THEMES, SCHEMA), encoding="utf-8"
    )
    write_form_assets(site)
    return (site / "insturen.html").as_uri()


@pytest.fixture
def form_url(tmp_path: Path) -> str:
    return write_form(tmp_path)


@contextmanager
def form_api(browser: Any, folder: Path) -> Iterator[Any]:
    """The form's page with its pure functions at `module.exports` (loadYaml, dumpYaml, ...).

    `window.module` makes insturen.js export them as it does outside a browser; the vendored
    libraries still become globals (their UMD wrappers look for `exports`, which stays
    undefined). The page itself runs as always, so these are the functions it uses.
    """
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script("window.module = { exports: {} };")
    page.goto(write_form(folder))
    page.wait_for_selector("#veld-titel")
    try:
        yield page
        assert errors == []
    finally:
        context.close()


class Session:
    """A page with its console errors and requests, checked by `assert_clean`."""

    def __init__(self, browser: Any, url: str) -> None:
        self.context = browser.new_context(accept_downloads=True, locale="nl-NL")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url)
        self.page.wait_for_selector("#veld-titel")

    def assert_clean(self) -> None:
        assert self.errors == []
        outside = [u for u in self.requests if not u.startswith("file://")]
        assert outside == [], f"requests buiten file://: {outside}"
        assert any(u.endswith("/assets/insturen.js") for u in self.requests)


@pytest.fixture
def session(browser: Any, form_url: str) -> Iterator[Session]:
    s = Session(browser, form_url)
    try:
        yield s
    finally:
        s.context.close()


def fill_field(page: Any, path: list[str | int], value: Any, schema: dict[str, Any]) -> None:
    field_id = "veld-" + "-".join(str(p) for p in path)
    if schema.get("type") == "boolean":
        page.set_checked(f"#{field_id}", bool(value))
    elif path == ["thema"] or len(schema.get("enum", [])) in range(1, 6):
        page.check(f"#{field_id}-{value}")
    elif schema.get("enum"):
        page.select_option(f"#{field_id}", str(value))
    else:
        text = value.isoformat() if isinstance(value, dt.date) else str(value)
        page.fill(f"#{field_id}", text.rstrip("\n"))


def fill_list(page: Any, key: str, items: list[Any], schema: dict[str, Any]) -> None:
    """Fill list `key`, adding rows with the 'toevoegen' button as needed."""
    item_schema = schema["items"]
    for i, item in enumerate(items):
        if page.locator(f"#veld-{key} > li").count() <= i:
            page.click(f"#veld-{key}-toevoegen")
        if item_schema["type"] == "object":
            for sub, value in item.items():
                fill_field(page, [key, i, sub], value, item_schema["properties"][sub])
        else:
            fill_field(page, [key, i], item, item_schema)


def fill_form(page: Any, data: dict[str, Any]) -> None:
    for key, value in data.items():
        sub = SCHEMA["properties"][key]
        if sub["type"] == "array":
            fill_list(page, key, value, sub)
        elif sub["type"] == "object":
            for name, inner in value.items():
                fill_field(page, [key, name], inner, sub["properties"][name])
        else:
            fill_field(page, [key], value, sub)


def submit_and_download(page: Any, target_dir: Path) -> Path:
    page.click("button[type=submit]")
    page.wait_for_selector("#resultaat:not([hidden])")
    with page.expect_download() as info:
        page.click("#download")
    download = info.value
    target: Path = target_dir / str(download.suggested_filename)
    target.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(target)
    assert page.input_value("#yaml-uitvoer") == target.read_text(encoding="utf-8")
    return target


def workbook_check(project: Path, file: Path) -> tuple[int, list[dict[str, Any]]]:
    from conftest import run_cli

    code, out, _ = run_cli("check", "--format", "json", file, cwd=project)
    return code, json.loads(out)


# ---------------------------------------------------------------------------- unit tests


def test_script_json_cannot_end_the_script_element() -> None:
    text = str(script_json({"a": "</script><!-- x", "b": "ü"}))
    assert "</" not in text and "<!--" not in text
    assert json.loads(text) == {"a": "</script><!-- x", "b": "ü"}


def test_render_form_embeds_schema_and_themes() -> None:
    html = render_form("Boek <met> tekens", THEMES, SCHEMA)
    assert "Boek &lt;met&gt; tekens" in html
    start = html.index('<script type="application/json" id="schema">') + len(
        '<script type="application/json" id="schema">'
    )
    assert json.loads(html[start : html.index("</script>", start)]) == SCHEMA
    start = html.index('id="themas">') + len('id="themas">')
    themes = json.loads(html[start : html.index("</script>", start)])
    assert [(t["id"], t["titel"]) for t in themes] == THEMES
    links = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert links and all(not re.match(r"[a-z]+://|//", link) for link in links), links


def test_write_form_assets(tmp_path: Path) -> None:
    write_form_assets(tmp_path)
    assets = tmp_path / "assets"
    names = sorted(p.name for p in assets.iterdir())
    assert names == [
        "favicon.svg",
        "fonts",
        "insturen.css",
        "insturen.js",
        "search.css",
        "search.js",
        "vendor",
    ]
    for vendored in ("js-yaml/js-yaml.min.js", "markdown-it/markdown-it.min.js"):
        script = assets / "vendor" / vendored
        assert script.is_file() and (script.parent / "LICENSE").is_file(), vendored
    css = (assets / "insturen.css").read_text(encoding="utf-8")
    for font in re.findall(r'url\("([^"]+)"\)', css):
        assert (assets / font).is_file(), font


# ---------------------------------------------------------------------------- browser tests


@browser_only
def test_complete_example_through_the_ui_passes_check(session: Session, tmp_path: Path) -> None:
    page = session.page
    fill_form(page, COMPLETE)

    # Reorder and remove through the buttons: add a fourth gemeente, move it to the top
    # and back down, then remove it again.
    page.click("#veld-gemeenten-toevoegen")
    assert page.evaluate("document.activeElement.id") == "veld-gemeenten-3"
    page.fill("#veld-gemeenten-3", "Tijdelijk")
    for _ in range(3):
        page.locator("#veld-gemeenten > li").nth(
            page.evaluate(
                "[...document.querySelectorAll('#veld-gemeenten input')]"
                ".findIndex(i => i.value === 'Tijdelijk')"
            )
        ).locator("[data-actie=omhoog]").click()
    assert page.input_value("#veld-gemeenten-0") == "Tijdelijk"
    assert page.evaluate("document.activeElement.dataset.actie") == "omlaag"
    page.locator("#veld-gemeenten > li").nth(0).locator("[data-actie=omlaag]").click()
    assert page.input_value("#veld-gemeenten-1") == "Tijdelijk"
    page.locator("#veld-gemeenten > li").nth(1).locator("[data-actie=verwijder]").click()
    assert [page.input_value(f"#veld-gemeenten-{i}") for i in range(3)] == COMPLETE["gemeenten"]

    project = tmp_path / "project"
    project.mkdir()
    shutil.copyfile(ROOT / "workbook.yaml", project / "workbook.yaml")
    folder = project / "examples" / COMPLETE["thema"]
    file = submit_and_download(page, folder)
    assert file.name == "ja-samen-sterk-1-weerbaarheid-in-sneek.yaml"
    assert page.is_visible("text=img/partners.png")

    (folder / "img").mkdir()
    from PIL import Image

    # Wide enough for print: a smaller one would get a low-resolution warning.
    Image.new("RGB", (2000, 1000), "white").save(folder / "img" / "partners.png")

    code, found = workbook_check(project, file)
    assert code == 0, found
    assert [d["code"] for d in found] == ["draft"]

    loaded = yaml.safe_load(file.read_text(encoding="utf-8"))
    expected = dict(COMPLETE)
    expected["knelpunten"] = [dict(k) for k in COMPLETE["knelpunten"]]
    expected["knelpunten"][1]["oplossing"] += "\n"  # multi-line text is a | block
    assert loaded == expected
    assert list(loaded) == [k for k in SCHEMA["properties"] if k in COMPLETE]

    text = file.read_text(encoding="utf-8")
    assert "aanleiding: |\n" in text and "werkwijze: |\n" in text
    assert "  start: 2020-10\n  eind: 2022\n" in text
    assert "bijgewerkt: 2024-05-01\n" in text
    assert "    waarde: 1500\n" in text and "    jaar: 2022\n" in text
    assert "volgorde: 3\n" in text and "concept: true\n" in text
    assert '  - "yes"\n' in text and '  - "2021-03-01"\n' in text
    session.assert_clean()


@browser_only
def test_empty_form_shows_error_summary(session: Session) -> None:
    page = session.page
    page.click("button[type=submit]")
    summary = page.locator("#foutoverzicht")
    summary.wait_for(state="visible")
    assert summary.locator("h2").inner_text() == "Controleer de volgende velden"
    assert page.evaluate("document.activeElement.id") == "foutoverzicht"
    assert page.title().startswith("Fout: ")
    links = summary.locator("a")
    messages = links.all_inner_texts()
    for expected in (
        "Titel is leeg",
        "Kies bij Thema een van de mogelijkheden",
        "Gemeenten is leeg",
        "Looptijd – Start is leeg",
        "Samenvatting is leeg",
        "Partners is leeg",
        "Werkvragen is leeg",
        "Bijgewerkt is leeg",
    ):
        assert expected in messages
    assert not page.is_visible("#resultaat")

    # A link moves focus to its field; the field describes its inline message.
    links.filter(has_text="Samenvatting is leeg").click()
    assert page.evaluate("document.activeElement.id") == "veld-samenvatting"
    field = page.locator("#veld-samenvatting")
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby") or ""
    inline = [page.locator(f"#{i}").inner_text() for i in described.split()]
    assert any("Samenvatting is leeg" in t for t in inline)
    links.filter(has_text="Kies bij Thema").click()
    assert page.evaluate("document.activeElement.id") == "veld-thema-repressie-preventie"

    # Keyboard only: Tab from the summary link reaches a control, Enter submits again.
    page.focus("#veld-titel")
    page.keyboard.type("Weerbaar op school")
    page.keyboard.press("Enter")
    summary.wait_for(state="visible")
    assert "Titel is leeg" not in summary.locator("a").all_inner_texts()
    session.assert_clean()


@browser_only
def test_rules_beyond_the_schema_use_the_cli_wording(session: Session) -> None:
    page = session.page
    data = {k: v for k, v in COMPLETE.items() if k not in ("looptijd", "contact")}
    data["werkvragen"] = ["Eén vraag maar"]
    data["bijgewerkt"] = "2999-01-01"
    fill_form(page, data)
    page.fill("#veld-looptijd-start", "2021-06")
    page.fill("#veld-contact-naam", "Jan")
    page.fill("#veld-resultaten-0-waarde", "1.500")
    page.click("button[type=submit]")
    page.locator("#foutoverzicht").wait_for(state="visible")
    messages = page.locator("#foutoverzicht a").all_inner_texts()
    assert messages == [
        "Looptijd.eind ontbreekt; die is verplicht als de status 'afgerond' is",
        "In YAML is de punt een decimaalteken, geen scheiding voor duizendtallen",
        "Werkvragen bevat 1 punt, minstens 2",
        "Contactgegevens worden alleen gepubliceerd met toestemming van de contactpersoon",
        "Bijgewerkt (2999-01-01) ligt in de toekomst",
    ]
    page.fill("#veld-looptijd-eind", "2020")
    page.click("button[type=submit]")
    assert (
        "Looptijd.eind (2020) ligt vóór looptijd.start (2021-06)"
        in page.locator("#foutoverzicht a").all_inner_texts()
    )
    page.locator("#foutoverzicht a", has_text="toestemming").click()
    assert page.evaluate("document.activeElement.id") == "veld-contact-toestemming"
    session.assert_clean()


@browser_only
def test_load_existing_file_round_trips(session: Session, tmp_path: Path) -> None:
    page = session.page
    source = ROOT / "examples" / "onderwijs" / "kapot-sterk.yaml"
    page.set_input_files("#laad-bestand", str(source))
    page.wait_for_function(
        "document.getElementById('meldingen').textContent.includes('is geladen')"
    )
    assert page.input_value("#veld-titel").startswith("Kapot Sterk")
    file = submit_and_download(page, tmp_path / "uit")
    assert file.name == "kapot-sterk-weerbaarheidslessen-tegen-ronselen-in-groep-7-en-8.yaml"
    original = yaml.safe_load(source.read_text(encoding="utf-8"))
    again = yaml.safe_load(file.read_text(encoding="utf-8"))
    assert isinstance(again["bijgewerkt"], dt.date)
    assert isinstance(again["looptijd"]["start"], dt.date)
    assert again == original
    assert list(again) == list(original)

    page.click("#kopieer")
    page.wait_for_function("document.getElementById('kopieer-status').textContent !== ''")
    session.assert_clean()


@browser_only
def test_load_broken_file_names_the_line(session: Session, tmp_path: Path) -> None:
    page = session.page
    page.fill("#veld-titel", "Blijft staan")
    broken = tmp_path / "kapot.yaml"
    broken.write_text("titel: Goed\nthema: onderwijs\nstatus: lopend: nee\n", encoding="utf-8")
    page.set_input_files("#laad-bestand", str(broken))
    summary = page.locator("#foutoverzicht")
    summary.wait_for(state="visible")
    assert summary.locator("h2").inner_text() == "Er is iets misgegaan"
    assert "Regel 3:" in summary.inner_text()
    assert "kapot.yaml" in summary.inner_text()
    assert page.input_value("#veld-titel") == "Blijft staan"
    session.assert_clean()


@browser_only
def test_autosave_restores_and_clear_empties(session: Session) -> None:
    page = session.page
    page.fill("#veld-titel", "Bewaard in de browser")
    page.click("#veld-wijken-toevoegen")
    page.fill("#veld-wijken-1", "Overvecht")
    page.check("#veld-status-lopend")
    page.reload()
    page.wait_for_selector("#veld-titel")
    assert page.input_value("#veld-titel") == "Bewaard in de browser"
    assert page.input_value("#veld-wijken-1") == "Overvecht"
    assert page.is_checked("#veld-status-lopend")
    assert "teruggezet" in page.locator("#meldingen").inner_text()

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#leegmaken")
    assert page.input_value("#veld-titel") == ""
    assert page.locator("#veld-wijken > li").count() == 1
    page.reload()
    page.wait_for_selector("#veld-titel")
    assert page.input_value("#veld-titel") == ""
    session.assert_clean()


@browser_only
def test_every_field_has_a_label(session: Session) -> None:
    page = session.page
    page.click("#veld-resultaten-toevoegen")
    unlabeled = page.evaluate(
        """[...document.querySelectorAll('input, select, textarea')]
             .filter(el => !el.labels || el.labels.length === 0)
             .map(el => el.id)"""
    )
    assert unlabeled == []
    session.assert_clean()


@browser_only
@pytest.mark.parametrize(("name", "width"), [("desktop", 1280), ("telefoon", 390)])
def test_layout_fits_desktop_and_phone(browser: Any, form_url: str, name: str, width: int) -> None:
    """Nothing sticks out sideways, empty or with errors; the summary opens in view.

    With WORKBOOK_FORM_SCREENSHOTS=<folder> the two states are also saved as screenshots.
    """
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    shots = os.environ.get("WORKBOOK_FORM_SCREENSHOTS")
    try:
        page.goto(form_url)
        page.wait_for_selector("#veld-titel")
        for state in ("leeg", "fouten"):
            if state == "fouten":
                page.click("button[type=submit]")
                page.locator("#foutoverzicht").wait_for(state="visible")
                box = page.locator("#foutoverzicht").bounding_box()
                assert box is not None and -1 <= box["y"] < 900 and box["width"] <= width
            overflow = page.evaluate(
                """[document.documentElement.scrollWidth, window.innerWidth,
                    [...document.querySelectorAll('input, select, textarea, .foutmelding')]
                      .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
                      .map(el => el.id || el.className)]"""
            )
            assert overflow[0] <= overflow[1] and overflow[2] == [], (state, overflow)
            if shots:  # pragma: no cover - a manual aid
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(shots) / f"{name}-{state}.png"), full_page=True)
    finally:
        context.close()
