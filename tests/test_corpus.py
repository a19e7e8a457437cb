"""A table of broken inputs: each must give one exact diagnostic at one exact spot.

Every case is a small mutation of the valid example in conftest.py (or of workbook.yaml),
checked in-process with `check_paths`. Positions were worked out by hand from the text:
line and column are 1-based; a value's position is its first character, an unknown or
empty key's position is the key, a missing key's position is the mapping that lacks it
(1:1 at the top level), and list positions in field paths count from 1.

The second half checks what holds for every run: all files in one run, sorting, exit
codes, the three output formats, the summary line, untouched input files, no tracebacks.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import EXAMPLE_PATH, TODAY, VALID_EXAMPLE, WORKBOOK_YAML, run_cli

from workbook.base.errors import Diagnostic
from workbook.check.run import check_paths
from workbook.load.source import MAX_FILE_BYTES, load

V = VALID_EXAMPLE
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
IMG = "examples/onderwijs/img/foto.png"


def sub(old: str, new: str, text: str = V) -> str:
    """`text` with the first `old` replaced by `new`; `old` must be there."""
    assert old in text, f"{old!r} is not in the text"
    return text.replace(old, new, 1)


def bad_byte(text: str, byte: bytes) -> bytes:
    """`text` as UTF-8 with the marker 'X' replaced by a raw byte."""
    assert text.count("X") == 1
    return text.encode("utf-8").replace(b"X", byte)


def real_png(width: int, height: int) -> bytes:
    """A PNG with real pixels (PNG above has only a signature: its size cannot be read)."""
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (width, height), (11, 79, 92)).save(out, "PNG")
    return out.getvalue()


def image(path: str, alt: str = "Leerlingen in de klas") -> str:
    """The valid example plus one image (lines 29-31: afbeeldingen, bestand, alt)."""
    return V + f"afbeeldingen:\n  - bestand: {path}\n    alt: {alt}\n"


def symlink_out(root: Path) -> None:
    """img/link.png → a real PNG outside the project."""
    outside = root.parent / f"{root.name}-buiten"
    outside.mkdir()
    (outside / "geheim.png").write_bytes(PNG)
    (root / "examples/onderwijs/img").mkdir(parents=True, exist_ok=True)
    os.symlink(outside / "geheim.png", root / "examples/onderwijs/img/link.png")


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


PARTNERS = """\
partners:
  - naam: Gemeente Utrecht
    soort: gemeente
  - naam: Politie Midden-Nederland
    soort: politie"""

SAMENVATTING = """\
samenvatting: >-
  Leerlingen van groep 7 en 8 leren in vijf lessen hoe criminelen jongeren
  benaderen en bij wie ze terechtkunnen."""

AANLEIDING = "  Jonge kinderen worden in de wijk benaderd voor klusjes."
WERKWIJZE = "  Vijf lessen in de klas, samen met **politie** en jongerenwerk."


@dataclass
class Case:
    name: str
    example: str | bytes | None
    code: str
    field: str
    line: int
    column: int
    hint: str | None = None  # a part of the hint
    severity: str = "error"
    file: str = EXAMPLE_PATH
    others: frozenset[str] = frozenset()  # other codes this input may also produce
    config: str | bytes | None = WORKBOOK_YAML
    files: dict[str, str | bytes] = field(default_factory=dict)
    setup: Callable[[Path], None] | None = None
    bug: str | None = None  # a known bug: the case is expected to fail (strict xfail)


def C(
    name: str,
    example: str | bytes | None,
    code: str,
    fld: str,
    line: int,
    column: int,
    **kw: object,
) -> Case:
    return Case(name, example, code, fld, line, column, **kw)


# fmt: off
CASES: list[Case] = [
    # --- reading the file ------------------------------------------------------------------
    C("file_must_be_utf8_bad_byte_at_its_column", bad_byte(sub("lopend", "loXpend"), b"\xff"),
      "encoding", "", 6, 11, hint="UTF-8"),
    C("file_must_be_utf8_column_counts_characters_not_bytes",
      bad_byte(sub("lopend", "éXlopend"), b"\xc3"), "encoding", "", 6, 10),
    C("file_must_be_utf8_latin1_on_later_line",
      sub("Politie Midden-Nederland", "Politie Midden-Nederland café").encode("latin-1"),
      "encoding", "", 21, 39),
    C("control_characters_are_rejected", sub("lopend", "lo\x07pend"), "encoding", "", 6, 11,
      hint="onzichtbare teken"),
    C("file_must_not_exceed_256_kib", V + "# " + "x" * MAX_FILE_BYTES + "\n", "too-large", "",
      1, 1, hint="splits"),
    C("bom_does_not_shift_columns",
      b"\xef\xbb\xbf" + sub("titel: Weerbaar op school", "titel: Kort").encode(), "too-short",
      "titel", 1, 8),
    C("crlf_line_endings_keep_positions", sub("lopend", "bezig").replace("\n", "\r\n"),
      "invalid-value", "status", 6, 9),
    # --- YAML syntax -----------------------------------------------------------------------
    C("tabs_are_not_indentation", sub("  - Utrecht", "\t- Utrecht"), "yaml-syntax", "", 5, 1,
      hint="tabs"),
    C("unclosed_double_quote_points_at_the_quote",
      sub("titel: Weerbaar op school", 'titel: "Weerbaar op school'), "yaml-syntax", "", 1, 8,
      hint="aanhalingsteken"),
    C("unclosed_single_quote_points_at_the_quote", sub("status: lopend", "status: 'lopend"),
      "yaml-syntax", "", 6, 9, hint="aanhalingsteken"),
    C("key_without_colon_points_at_the_key", sub("status: lopend", "status lopend"),
      "yaml-syntax", "", 6, 1, hint="veldnaam"),
    C("unclosed_flow_list_points_at_the_bracket", sub("gemeenten:\n  - Utrecht",
                                                      "gemeenten: [Utrecht"),
      "yaml-syntax", "", 4, 12, hint="]"),
    C("colon_space_inside_plain_text_needs_quotes",
      sub("titel: Weerbaar op school", "titel: Weerbaar: op school"), "yaml-syntax", "", 1, 16,
      hint="aanhalingstekens"),
    C("indentation_must_line_up", sub("    soort: politie", "     soort: politie"),
      "yaml-syntax", "", 22, 11),
    C("only_one_document_per_file", V + "---\ntitel: Tweede document\n", "yaml-syntax", "",
      29, 1, hint="eigen bestand"),
    C("only_one_document_per_file_with_explicit_start", "---\n" + V + "---\n" + V,
      "yaml-syntax", "", 30, 1),
    C("keys_must_be_plain_text", V + "? [a]\n: b\n", "yaml-syntax", "", 29, 3),
    C("nesting_is_limited_to_32_levels", V + "diep: " + "[" * 40 + "]" * 40 + "\n",
      "yaml-syntax", "", 29, 38, hint="inspringen"),
    C("duplicate_keys_are_rejected_at_the_second_key", V + "status: pilot\n",
      "duplicate-key", "", 29, 1, hint="verwijder"),
    C("duplicate_keys_in_a_list_item_are_rejected",
      sub("    soort: politie\n", "    soort: politie\n    soort: zorg\n"), "duplicate-key",
      "", 23, 5),
    C("anchors_are_rejected", sub("  - Utrecht", "  - &stad Utrecht"), "alias", "", 5, 5,
      hint="&stad"),
    C("aliases_are_rejected", sub("  - Utrecht", "  - &stad Utrecht\n  - *stad"), "alias", "",
      6, 5, hint="voluit"),
    C("billion_laughs_is_rejected_as_alias", billion_laughs(), "alias", "", 2, 10),
    C("python_tags_are_rejected",
      sub("status: lopend", "status: !!python/object/apply:os.system ['echo hoi']"), "tag",
      "", 6, 9, hint="!!python/object/apply:os.system"),
    C("local_tags_are_rejected", sub("status: lopend", "status: !foo lopend"), "tag", "", 6, 9),
    C("standard_tags_are_rejected", sub("status: lopend", "status: !!str lopend"), "tag", "",
      6, 9),
    # --- the shape of the file -------------------------------------------------------------
    C("empty_file_is_rejected", "", "wrong-type", "", 1, 1, hint="workbook new"),
    C("file_with_only_comments_is_rejected", "# nog niets\n", "wrong-type", "", 1, 1),
    C("top_level_must_not_be_a_list", "- titel: x\n- thema: y\n", "wrong-type", "", 1, 1),
    C("top_level_must_not_be_a_scalar", "Weerbaar op school\n", "wrong-type", "", 1, 1),
    # --- required fields -------------------------------------------------------------------
    C("titel_is_required", sub("titel: Weerbaar op school\n", ""), "missing-field", "titel",
      1, 1, hint="titel: …"),
    C("werkvragen_are_required",
      sub("werkvragen:\n  - Welke scholen in uw gemeente zien signalen?\n"
          "  - Wie is het aanspreekpunt?\n", ""), "missing-field", "werkvragen", 1, 1),
    C("empty_titel_is_missing_at_its_key", sub("titel: Weerbaar op school", "titel:"),
      "missing-field", "titel", 1, 1),
    C("whitespace_titel_is_missing", sub("titel: Weerbaar op school", 'titel: "   "'),
      "missing-field", "titel", 1, 1),
    C("null_titel_is_missing", sub("titel: Weerbaar op school", "titel: ~"), "missing-field",
      "titel", 1, 1),
    C("looptijd_start_is_required_at_the_looptijd_mapping",
      sub("  start: 2021-09", "  eind: 2030"), "missing-field", "looptijd.start", 8, 3),
    C("partner_soort_is_required_at_the_partner_mapping", sub("    soort: politie\n", ""),
      "missing-field", "partners[2].soort", 21, 5, hint="soort: …"),
    C("knelpunt_needs_an_oplossing", V + "knelpunten:\n  - knelpunt: Scholen twijfelen\n",
      "missing-field", "knelpunten[1].oplossing", 30, 5),
    C("bron_needs_a_titel", V + "bronnen:\n  - url: https://example.nl\n", "missing-field",
      "bronnen[1].titel", 30, 5),
    C("afgerond_requires_looptijd_eind", sub("status: lopend", "status: afgerond"),
      "missing-field", "looptijd.eind", 8, 3, hint="eind"),
    # --- unknown fields --------------------------------------------------------------------
    C("unknown_key_near_miss_samenvatting", sub("samenvatting:", "samenvating:"),
      "unknown-field", "samenvating", 9, 1, hint="bedoelde u 'samenvatting'?",
      others=frozenset({"missing-field"})),
    C("unknown_key_near_miss_gemeenten", sub("gemeenten:", "gemeente:"), "unknown-field",
      "gemeente", 4, 1, hint="bedoelde u 'gemeenten'?", others=frozenset({"missing-field"})),
    C("unknown_key_lists_the_allowed_keys", V + "auteur: Jan\n", "unknown-field", "auteur",
      29, 1, hint="toegestane velden hier: titel"),
    C("unknown_key_in_a_partner", sub("    soort: politie\n", "    soort: politie\n    rool: x\n"),
      "unknown-field", "partners[2].rool", 23, 5, hint="bedoelde u 'rol'?"),
    C("numeric_key_is_unknown", V + "1: een\n", "unknown-field", "1", 29, 1),
    # --- types -----------------------------------------------------------------------------
    C("titel_true_must_be_quoted", sub("titel: Weerbaar op school", "titel: true"),
      "wrong-type", "titel", 1, 8, hint='"true"'),
    C("wijken_no_must_be_quoted", sub("status: lopend", "wijken: [no]\nstatus: lopend"),
      "wrong-type", "wijken[1]", 6, 10, hint='"no"'),
    C("gemeenten_number_in_flow_list_must_be_quoted",
      sub("gemeenten:\n  - Utrecht", "gemeenten: [1]"), "wrong-type", "gemeenten[1]", 4, 13,
      hint='"1"'),
    C("gemeenten_number_in_block_list_must_be_quoted", sub("  - Utrecht", "  - 1"),
      "wrong-type", "gemeenten[1]", 5, 5, hint="aanhalingstekens"),
    C("partner_naam_date_must_be_quoted",
      sub("naam: Gemeente Utrecht", "naam: 2021-03-01"), "wrong-type", "partners[1].naam", 19,
      11, hint='"2021-03-01"'),
    C("gemeenten_must_be_a_list", sub("gemeenten:\n  - Utrecht", "gemeenten: Utrecht"),
      "wrong-type", "gemeenten", 4, 12, hint="- "),
    C("text_with_colon_space_becomes_a_mapping",
      sub("titel: Weerbaar op school", "titel:\n  Weerbaar: op school"), "wrong-type", "titel",
      2, 3, hint="dubbele punt"),
    C("looptijd_must_be_a_mapping", sub("looptijd:\n  start: 2021-09", "looptijd: [2021]"),
      "wrong-type", "looptijd", 7, 11),
    C("resultaat_must_be_a_mapping", V + "resultaten:\n  - 5\n", "wrong-type", "resultaten[1]",
      30, 5),
    C("concept_must_be_boolean", V + "concept: ja\n", "wrong-type", "concept", 29, 10,
      hint="true"),
    C("volgorde_must_be_integer", V + "volgorde: eerst\n", "wrong-type", "volgorde", 29, 11),
    C("email_must_be_text", V + "contact:\n  email: 5\n  toestemming: true\n", "wrong-type",
      "contact.email", 30, 10),
    # --- allowed values --------------------------------------------------------------------
    C("status_must_be_known_value", sub("status: lopend", "status: bezig"), "invalid-value",
      "status", 6, 9, hint="bedoelde u 'lopend'?"),
    C("benadering_must_be_known_value", sub("benadering: preventief", "benadering: repressie"),
      "invalid-value", "benadering", 3, 13, hint="bedoelde u 'repressief'?"),
    C("provincie_must_be_official_name",
      sub("status: lopend", "provincie: Friesland\nstatus: lopend"), "invalid-value",
      "provincie", 6, 12, hint="Fryslân"),
    C("partner_soort_must_be_known_value", sub("soort: politie", "soort: school"),
      "invalid-value", "partners[2].soort", 22, 12, hint="bedoelde u 'onderwijs'?"),
    C("thema_in_capitals_is_unknown_with_a_suggestion",
      sub("thema: onderwijs", "thema: Onderwijs"),
      "unknown-theme", "thema", 2, 8, hint="bedoelde u 'onderwijs'?"),
    C("thema_given_as_the_title_of_a_theme",
      sub("thema: onderwijs", "thema: Frontlijnprofessionals"),
      "unknown-theme", "thema", 2, 8,
      hint="schrijf thema: frontlijn. De thema's van dit werkboek: repressie-preventie (Repressie "
      "en preventie verbinden); onderwijs (Onderwijs en ondermijnende criminaliteit); frontlijn "
      "(Frontlijnprofessionals)"),
    C("thousands_separator_is_not_a_decimal_point",
      V + "resultaten:\n  - omschrijving: Leerlingen bereikt\n    waarde: 1.500\n    bron: x\n",
      "invalid-value", "resultaten[1].waarde", 31, 13, hint="1500"),
    C("book_jaar_must_be_2000_to_2100", V, "invalid-value", "jaar", 3, 7, file="workbook.yaml",
      config=sub("jaar: 2025", "jaar: 1999", WORKBOOK_YAML)),
    C("book_theme_id_must_be_a_slug", V, "invalid-id", "themas[3].id", 9, 9,
      file="workbook.yaml", config=sub("id: frontlijn", "id: Front Lijn", WORKBOOK_YAML),
      others=frozenset({"unknown-theme"})),
    # --- lengths and counts ----------------------------------------------------------------
    C("titel_at_least_5_characters", sub("titel: Weerbaar op school", "titel: Kort"),
      "too-short", "titel", 1, 8, hint="5"),
    C("titel_at_most_120_characters", sub("titel: Weerbaar op school", "titel: " + "x" * 121),
      "too-long", "titel", 1, 8),
    C("samenvatting_at_least_50_characters", sub(SAMENVATTING, "samenvatting: Te kort."),
      "too-short", "samenvatting", 9, 15),
    C("samenvatting_at_most_600_characters",
      sub("samenvatting: >-\n", "samenvatting: >-\n  " + "woord " * 110 + "\n"), "too-long",
      "samenvatting", 9, 15),
    C("doel_at_most_300_characters", sub("  - Leerlingen herkennen ronselen.", "  - " + "a" * 301),
      "too-long", "doelen[1]", 15, 5),
    C("partner_rol_at_most_300_characters",
      sub("    soort: politie\n", "    soort: politie\n    rol: " + "r" * 301 + "\n"),
      "too-long", "partners[2].rol", 23, 10),
    C("image_alt_at_least_5_characters", image("img/foto.png", "foto"), "too-short",
      "afbeeldingen[1].alt", 31, 10, files={IMG: PNG}),
    C("werkvragen_at_least_two", sub("  - Wie is het aanspreekpunt?\n", ""), "too-few",
      "werkvragen", 26, 3, hint="- "),
    C("doelen_at_least_one", sub("doelen:\n  - Leerlingen herkennen ronselen.", "doelen: []"),
      "too-few", "doelen", 14, 9),
    C("partners_at_least_one", sub(PARTNERS, "partners: []"), "too-few", "partners", 18, 11),
    # --- dates -----------------------------------------------------------------------------
    C("bijgewerkt_must_be_a_real_date", sub("2024-05-01", "2024-02-30"), "invalid-date",
      "bijgewerkt", 28, 13, hint="JJJJ-MM-DD"),
    C("bijgewerkt_quoted_must_be_a_real_date", sub("2024-05-01", '"2024-13-01"'),
      "invalid-date", "bijgewerkt", 28, 13),
    C("bijgewerkt_must_not_be_words", sub("2024-05-01", "gisteren"), "invalid-date",
      "bijgewerkt", 28, 13),
    C("bijgewerkt_must_not_be_a_timestamp", sub("2024-05-01", "2024-05-01T10:00:00"),
      "invalid-date", "bijgewerkt", 28, 13),
    C("looptijd_start_month_must_exist", sub("start: 2021-09", "start: 2021-13"),
      "invalid-date", "looptijd.start", 8, 10, hint="2020-10"),
    C("looptijd_start_year_from_1900", sub("start: 2021-09", "start: 1800"), "invalid-date",
      "looptijd.start", 8, 10),
    C("looptijd_start_must_not_be_a_timestamp", sub("start: 2021-09", "start: 2021-09-01 10:00:00"),
      "invalid-date", "looptijd.start", 8, 10),
    C("looptijd_eind_must_not_be_a_timestamp",
      sub("  start: 2021-09\n", "  start: 2021-09\n  eind: 2022-01-01 10:00:00\n"),
      "invalid-date", "looptijd.eind", 9, 9),
    C("resultaat_jaar_from_1900", V + "resultaten:\n  - omschrijving: Bereikt\n    jaar: 1800\n",
      "invalid-date", "resultaten[1].jaar", 31, 11),
    C("looptijd_eind_not_before_start",
      sub("status: lopend", "status: structureel",
          sub("  start: 2021-09\n", "  start: 2021-09\n  eind: 2020-12\n")),
      "date-order", "looptijd.eind", 9, 9),
    C("bijgewerkt_not_in_the_future", sub("2024-05-01", "2031-01-01"), "future-date",
      "bijgewerkt", 28, 13, hint=TODAY.isoformat()),
    # --- themes, ids and titles ------------------------------------------------------------
    C("thema_must_exist_in_workbook", sub("thema: onderwijs", "thema: onderwys"),
      "unknown-theme", "thema", 2, 8, hint="bedoelde u 'onderwijs'?"),
    C("thema_must_exist_among_the_book_themes", V, "unknown-theme", "thema", 2, 8,
      config=WORKBOOK_YAML.split("  - id: onderwijs")[0]),
    C("example_ids_are_unique", V, "duplicate-id", "", 1, 1,
      files={"examples/frontlijn/voorbeeld.yaml": sub("thema: onderwijs", "thema: frontlijn")},
      hint="andere naam", others=frozenset({"duplicate-title"})),
    C("book_theme_ids_are_unique", V, "duplicate-id", "themas[4].id", 11, 9,
      file="workbook.yaml", config=WORKBOOK_YAML + "  - id: onderwijs\n    titel: Nog eens\n"),
    C("titles_are_unique_within_a_theme", V, "duplicate-title", "titel", 1, 8,
      files={"examples/onderwijs/ander.yaml": V}),
    # --- editions in workbook.yaml (line 11 is the first line after the themes) -----------
    C("edition_names_existing_examples", V, "unknown-example",
      "uitgaven[1].selectie.voorbeelden[1]", 15, 21, file="workbook.yaml",
      config=WORKBOOK_YAML + "uitgaven:\n  - id: reader\n    titel: Een reader\n"
      "    selectie:\n      voorbeelden: [voorbeeld-x]\n", hint="bedoelde u 'voorbeeld'?"),
    C("edition_keywords_occur_in_examples", V, "unknown-keyword",
      "uitgaven[1].selectie.trefwoorden[1]", 15, 21, file="workbook.yaml",
      config=WORKBOOK_YAML + "uitgaven:\n  - id: reader\n    titel: Een reader\n"
      "    selectie:\n      trefwoorden: [ronselen]\n"),
    C("edition_selection_takes_an_example", V, "empty-edition", "uitgaven[1].selectie", 14, 5,
      file="workbook.yaml",
      config=WORKBOOK_YAML + "uitgaven:\n  - id: reader\n    titel: Een reader\n"
      "    selectie:\n      themas: [frontlijn]\n"),
    C("titles_are_unique_in_the_whole_book", V, "duplicate-title", "titel", 1, 8,
      files={"examples/frontlijn/ander.yaml": sub("thema: onderwijs", "thema: frontlijn")}),
    C("titles_compare_without_case_and_spacing", V, "duplicate-title", "titel", 1, 8,
      files={"examples/onderwijs/ander.yaml": sub("Weerbaar op school", "weerbaar  op SCHOOL")}),
    C("file_name_must_be_a_slug", None, "invalid-id", "", 1, 1,
      file="examples/onderwijs/Mijn_Voorbeeld.yaml",
      files={"examples/onderwijs/Mijn_Voorbeeld.yaml": V}, hint="mijn-voorbeeld.yaml"),
    # --- Markdown --------------------------------------------------------------------------
    C("markdown_html_block_is_rejected", sub(AANLEIDING, "  Jonge kinderen.\n\n  <div>kader</div>"),
      "markdown-html", "aanleiding", 15, 3, hint="Markdown"),
    C("markdown_inline_html_is_rejected", sub("**politie**", "<b>politie</b>"), "markdown-html",
      "werkwijze", 17, 37),
    C("markdown_script_is_rejected", sub(AANLEIDING, "  Eerst tekst.\n  <script>alert(1)</script>"),
      "markdown-html", "aanleiding", 14, 3),
    C("markdown_html_in_plain_scalar_is_rejected",
      sub("aanleiding: |\n" + AANLEIDING, "aanleiding: Zie <b>dit</b> nu"), "markdown-html",
      "aanleiding", 12, 17),
    C("markdown_images_are_rejected", sub(AANLEIDING, "  Zie ![foto](img/a.png) hier."),
      "markdown-image", "aanleiding", 13, 7, hint="afbeeldingen:"),
    C("markdown_image_on_second_line_of_paragraph",
      sub(AANLEIDING, "  Eerste regel\n  tweede ![foto](img/a.png) hier."), "markdown-image",
      "aanleiding", 14, 10),
    C("markdown_image_in_quoted_scalar",
      sub("aanleiding: |\n" + AANLEIDING, 'aanleiding: "Zie ![x](a.png) nu"'), "markdown-image",
      "aanleiding", 12, 18),
    C("markdown_image_in_folded_scalar",
      sub("aanleiding: |\n" + AANLEIDING, "aanleiding: >\n  Eerste regel\n  en ![x](a.png) nu"),
      "markdown-image", "aanleiding", 14, 6,
      bug="rules.markdown_diagnostics counts lines in the folded text (one line), so it "
          "reports 13:3 instead of 14:6"),
    C("markdown_headings_are_rejected", sub(WERKWIJZE, "  ## Aanpak\n\n" + WERKWIJZE),
      "markdown-heading", "werkwijze", 17, 3, hint="**vet**"),
    C("markdown_setext_headings_are_rejected", sub(WERKWIJZE, "  Aanpak\n  ======\n\n  Tekst."),
      "markdown-heading", "werkwijze", 17, 3),
    C("book_voorwoord_headings_are_rejected", V, "markdown-heading", "voorwoord", 12, 3,
      file="workbook.yaml", config=WORKBOOK_YAML + "voorwoord: |\n  # Welkom\n"),
    C("markdown_javascript_links_are_rejected",
      sub("**politie**", "[politie](javascript:alert(1))"), "unsafe-link", "werkwijze", 17, 47,
      hint="https://"),
    C("markdown_ftp_links_are_rejected", sub(AANLEIDING, "  Zie [bron](ftp://x.nl/a)."),
      "unsafe-link", "aanleiding", 13, 14),
    C("bron_url_must_be_http", V + "bronnen:\n  - titel: Rapport\n    url: javascript:alert(1)\n",
      "unsafe-link", "bronnen[1].url", 31, 10, hint="https://"),
    C("bron_url_must_not_be_ftp", V + "bronnen:\n  - titel: Rapport\n    url: ftp://x.nl/r.pdf\n",
      "unsafe-link", "bronnen[1].url", 31, 10),
    # --- images ----------------------------------------------------------------------------
    C("image_must_exist", image("img/fto.png"), "file-missing", "afbeeldingen[1].bestand", 30,
      14, files={IMG: PNG}, hint="bedoelde u 'foto.png'?"),
    C("image_must_not_climb_out_of_the_project", image("../../../buiten.png"),
      "file-outside-project", "afbeeldingen[1].bestand", 30, 14),
    C("image_must_not_be_absolute", image("/etc/passwd"), "file-outside-project",
      "afbeeldingen[1].bestand", 30, 14),
    C("image_must_not_be_a_url", image("https://example.nl/a.png"), "file-outside-project",
      "afbeeldingen[1].bestand", 30, 14),
    C("image_symlink_must_not_point_outside", image("img/link.png"), "file-outside-project",
      "afbeeldingen[1].bestand", 30, 14, setup=symlink_out),
    C("image_png_must_really_be_png", image("img/foto.png"), "file-type",
      "afbeeldingen[1].bestand", 30, 14, files={IMG: "dit is geen plaatje\n"}),
    C("image_gif_is_not_allowed", image("img/foto.gif"), "file-type",
      "afbeeldingen[1].bestand", 30, 14,
      files={"examples/onderwijs/img/foto.gif": b"GIF89a" + b"\0" * 32}),
    C("image_path_with_nul_is_missing", image('"img/a\\0b.png"'), "file-missing",
      "afbeeldingen[1].bestand", 30, 14),
    # --- contact, e-mail, ISBN -------------------------------------------------------------
    C("contact_requires_consent", V + "contact:\n  naam: Jan\n  email: jan@example.nl\n",
      "consent-missing", "contact", 30, 3, hint="toestemming: true"),
    C("contact_consent_must_be_true", V + "contact:\n  naam: Jan\n  toestemming: false\n",
      "consent-missing", "contact.toestemming", 31, 16),
    C("contact_email_must_be_well_formed",
      V + "contact:\n  naam: Jan\n  email: jan(at)example.nl\n  toestemming: true\n",
      "invalid-email", "contact.email", 31, 10, hint="naam@organisatie.nl"),
    C("book_isbn_checksum_is_verified", V, "invalid-isbn", "isbn", 11, 7,
      file="workbook.yaml", config=WORKBOOK_YAML + "isbn: 978-90-12345-67-0\n"),
    C("book_isbn_must_have_13_digits", V, "invalid-isbn", "isbn", 11, 7,
      file="workbook.yaml", config=WORKBOOK_YAML + 'isbn: "90-12345-67-0"\n'),
    # --- warnings and info -----------------------------------------------------------------
    C("running_status_with_past_end_is_a_warning",
      sub("  start: 2021-09\n", "  start: 2021-09\n  eind: 2023-06\n"), "ended-but-running",
      "status", 6, 9, severity="warning", hint="afgerond"),
    C("pilot_with_past_end_year_is_a_warning",
      sub("status: lopend", "status: pilot",
          sub("  start: 2021-09\n", "  start: 2021\n  eind: 2023\n")),
      "ended-but-running", "status", 6, 9, severity="warning"),
    C("result_with_value_needs_a_source",
      V + "resultaten:\n  - omschrijving: Leerlingen bereikt\n    waarde: 120\n",
      "result-without-source", "resultaten[1].waarde", 31, 13, severity="warning",
      hint="bron:"),
    C("draft_is_reported_as_info", V + "concept: true\n", "draft", "concept", 29, 10,
      severity="info", hint="--drafts"),
    C("image_under_300_ppi_at_its_printed_width_is_a_warning", image("img/foto.png"),
      "low-resolution", "afbeeldingen[1].bestand", 30, 14, severity="warning",
      files={IMG: real_png(600, 400)}, hint="minstens 1.949 pixels breed voor 16,5 cm"),
    C("wide_image_is_measured_against_the_full_text_width", image("img/foto.png"),
      "low-resolution", "afbeeldingen[1].bestand", 30, 14, severity="warning",
      files={IMG: real_png(1200, 300)}, hint="minstens 1.973 pixels breed voor 16,7 cm"),
]
# fmt: on


def _params() -> list[object]:
    names = [case.name for case in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    return [
        pytest.param(case, id=case.name,
                     marks=[pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else [])
        for case in CASES
    ]  # fmt: skip


def _check(root: Path) -> list[Diagnostic]:
    return check_paths([Path(".")], today=TODAY).diagnostics


def _show(diagnostics: list[Diagnostic]) -> str:
    return "\n".join(
        f"  {d.file.as_posix()}:{d.line}:{d.column} {d.severity.value} {d.code} "
        f"field={d.field!r} hint={d.hint!r}"
        for d in diagnostics
    )


def _assert_positions_exist(root: Path, diagnostics: list[Diagnostic]) -> None:
    """Every diagnostic points into its file: an existing line, a column on it (or just past)."""
    for d in diagnostics:
        raw = (root / d.file).read_bytes().removeprefix(b"\xef\xbb\xbf")
        text = raw.decode("utf-8", "replace")
        lines = text.splitlines() or [""]
        assert 1 <= d.line <= len(lines), f"{d} points past the end of the file"
        assert 1 <= d.column <= len(lines[d.line - 1]) + 1, f"{d} points past the end of the line"


@pytest.mark.parametrize("case", _params())
def test_corpus(case: Case, make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(case.example, config=case.config, files=case.files)
    if case.setup:
        case.setup(root)
    monkeypatch.chdir(root)
    diagnostics = _check(root)
    shown = _show(diagnostics)

    wanted = [d for d in diagnostics if d.code == case.code and d.file.as_posix() == case.file]
    assert wanted, f"no {case.code} in {case.file}; got:\n{shown}"
    spots = {(d.field, d.line, d.column) for d in wanted}
    assert (case.field, case.line, case.column) in spots, f"wrong spot; got:\n{shown}"
    match = next(d for d in wanted if (d.field, d.line, d.column) ==
                 (case.field, case.line, case.column))  # fmt: skip
    assert match.severity.value == case.severity
    assert match.message.strip(), "every diagnostic has a message"
    if case.hint is not None:
        assert match.hint is not None and case.hint in match.hint, f"hint: {match.hint!r}"

    unexpected = {d.code for d in diagnostics} - {case.code} - case.others
    assert not unexpected, f"unexpected codes {unexpected}; got:\n{shown}"
    _assert_positions_exist(root, diagnostics)


SPEC_CODES = {
    "yaml-syntax", "encoding", "too-large", "duplicate-key", "alias", "tag", "missing-field",
    "unknown-field", "wrong-type", "invalid-value", "too-short", "too-long", "too-few",
    "invalid-date", "date-order", "future-date", "unknown-theme", "duplicate-id",
    "duplicate-title", "invalid-id", "markdown-html", "markdown-image", "markdown-heading",
    "unsafe-link", "file-missing", "file-outside-project", "file-type", "consent-missing",
    "invalid-email", "invalid-isbn", "ended-but-running", "result-without-source", "draft",
    "low-resolution", "unknown-example", "unknown-keyword", "empty-edition",
}  # fmt: skip


def test_corpus_covers_every_code_of_the_contract() -> None:
    working = {case.code for case in CASES if case.bug is None}
    assert SPEC_CODES - working == set()
    assert {case.code for case in CASES} <= SPEC_CODES
    assert len(CASES) >= 60


def test_valid_example_has_no_diagnostics(project: Path, monkeypatch) -> None:
    monkeypatch.chdir(project)
    result = check_paths([Path(".")], today=TODAY)
    assert result.diagnostics == []
    assert result.files == 2


def test_bom_is_accepted(make_project, monkeypatch) -> None:
    root = make_project(
        b"\xef\xbb\xbf" + V.encode(), config=b"\xef\xbb\xbf" + WORKBOOK_YAML.encode()
    )
    monkeypatch.chdir(root)
    assert check_paths([Path(".")], today=TODAY).diagnostics == []


def test_file_of_exactly_256_kib_is_accepted(make_project, monkeypatch) -> None:
    padding = MAX_FILE_BYTES - len(V.encode()) - len("# \n")
    root = make_project(V + "# " + "x" * padding + "\n")
    assert (root / EXAMPLE_PATH).stat().st_size == MAX_FILE_BYTES
    monkeypatch.chdir(root)
    assert check_paths([Path(".")], today=TODAY).diagnostics == []


def test_too_large_message_states_a_size_above_the_limit(make_project, monkeypatch) -> None:
    root = make_project(V + "# " + "x" * MAX_FILE_BYTES + "\n")
    monkeypatch.chdir(root)
    [d] = check_paths([Path(".")], today=TODAY).diagnostics
    assert d.code == "too-large"
    assert "het bestand is 256 KiB" not in d.message, d.message


@pytest.mark.parametrize("levels", [9, 30])
def test_billion_laughs_is_rejected_fast(levels: int, tmp_path: Path) -> None:
    path = tmp_path / "lol.yaml"
    path.write_text(billion_laughs(levels), encoding="utf-8")
    started = time.perf_counter()
    source, problems = load(path)
    loaded = time.perf_counter() - started
    assert source is None
    assert problems and {p.code for p in problems} == {"alias"}
    assert loaded < 0.1
    check_paths([path], today=TODAY)  # warm up imports and schemas
    started = time.perf_counter()
    result = check_paths([path], today=TODAY)
    assert time.perf_counter() - started < 0.1
    assert {d.code for d in result.diagnostics} == {"alias"}


# --- every run -------------------------------------------------------------------------------

TWO_BROKEN = {
    "examples/onderwijs/voorbeeld.yaml": sub("status: lopend", "status: bezig",
                                             sub("titel: Weerbaar op school", "titel: Kort")),
    "examples/frontlijn/tweede.yaml": sub("benadering: preventief", "benadering: allebei",
                                          sub("thema: onderwijs", "thema: frontlijn")),
}  # fmt: skip


def test_all_problems_in_all_files_in_one_run_sorted(make_project, monkeypatch) -> None:
    root = make_project(None, files=TWO_BROKEN)
    monkeypatch.chdir(root)
    diagnostics = check_paths([Path(".")], today=TODAY).diagnostics
    got = [(d.file.as_posix(), d.line, d.column, d.code) for d in diagnostics]
    assert got == [
        ("examples/frontlijn/tweede.yaml", 3, 13, "invalid-value"),
        ("examples/onderwijs/voorbeeld.yaml", 1, 8, "too-short"),
        ("examples/onderwijs/voorbeeld.yaml", 6, 9, "invalid-value"),
    ]


def test_json_report_of_two_broken_files(make_project) -> None:
    root = make_project(None, files=TWO_BROKEN)
    code, out, err = run_cli("check", "--format", "json", cwd=root)
    assert code == 1, err
    items = json.loads(out)
    assert [(i["file"], i["line"], i["column"]) for i in items] == [
        ("examples/frontlijn/tweede.yaml", 3, 13),
        ("examples/onderwijs/voorbeeld.yaml", 1, 8),
        ("examples/onderwijs/voorbeeld.yaml", 6, 9),
    ]
    for item in items:
        assert list(item) == ["file", "line", "column", "severity", "code", "field", "message",
                              "hint"]  # fmt: skip
        assert item["severity"] in ("error", "warning", "info")
        assert isinstance(item["hint"], str | None)
    assert items[0]["field"] == "benadering"
    assert items[0]["hint"] == "bedoelde u 'beide'?"


def test_json_field_is_empty_for_file_level_problems(make_project) -> None:
    root = make_project("- een lijst\n")
    code, out, _ = run_cli("check", "--format", "json", cwd=root)
    assert code == 1
    [item] = json.loads(out)
    assert item["field"] == ""
    assert item["code"] == "wrong-type"


def test_json_of_clean_project_is_empty_list(project: Path) -> None:
    code, out, _ = run_cli("check", "--format", "json", cwd=project)
    assert (code, json.loads(out)) == (0, [])


def test_text_report_gnu_first_line_excerpt_caret_hint(make_project) -> None:
    root = make_project(sub("status: lopend", "status: bezig"))
    code, out, _ = run_cli("check", cwd=root)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == (
        "examples/onderwijs/voorbeeld.yaml:6:9: fout: status moet pilot, lopend, afgerond of "
        "structureel zijn, niet 'bezig' [invalid-value]"
    )
    assert re.fullmatch(r"[^:\s][^:]*:\d+:\d+: (fout|waarschuwing|info): .+ \[[a-z-]+\]", lines[0])
    assert lines[1] == "    6 | status: bezig"
    assert lines[2] == "      |         ^^^^^"
    assert lines[3] == "      = hint: bedoelde u 'lopend'?"
    assert lines[-1] == "1 fout en 0 waarschuwingen in 2 bestanden."


def test_text_report_summary_counts_in_dutch(make_project) -> None:
    files = dict(TWO_BROKEN)
    files["examples/frontlijn/derde.yaml"] = sub(
        "  start: 2021-09\n", "  start: 2021-09\n  eind: 2023-06\n",
        sub("titel: Weerbaar op school", "titel: Derde voorbeeld"))  # fmt: skip
    root = make_project(None, files=files)
    code, out, _ = run_cli("check", cwd=root)
    assert code == 1
    assert out.splitlines()[-1] == "3 fouten en 1 waarschuwing in 4 bestanden."
    assert "examples/frontlijn/derde.yaml:6:9: waarschuwing: " in out


def test_text_report_of_clean_project_is_only_the_summary(project: Path) -> None:
    code, out, err = run_cli("check", cwd=project)
    assert (code, out, err) == (0, "0 fouten en 0 waarschuwingen in 2 bestanden.\n", "")


def test_github_format_annotations_and_escaping(make_project) -> None:
    root = make_project(sub("status: lopend", "status: 50%"))
    code, out, _ = run_cli("check", "--format", "github", cwd=root)
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 1
    line = lines[0]
    assert line.startswith("::error file=examples/onderwijs/voorbeeld.yaml,line=6,col=9")
    message = line.split("::", 2)[2]
    assert "'50%25'" in message
    assert "%" not in message.replace("%25", "").replace("%0A", "").replace("%0D", "")
    assert "\n" not in message


def test_github_format_newline_in_message_is_escaped(make_project) -> None:
    root = make_project(sub("status: lopend", "status: bezig"))
    code, out, _ = run_cli("check", "--format", "github", cwd=root)
    assert code == 1
    [line] = out.splitlines()
    assert line.startswith("::error file=")
    assert "%0Ahint: bedoelde u 'lopend'?" in line


def test_github_format_warning_and_notice_levels(make_project) -> None:
    files = {
        "examples/frontlijn/klad.yaml": sub(
            "thema: onderwijs",
            "thema: frontlijn",
            sub("titel: Weerbaar op school", "titel: Een klad"),
        )
        + "concept: true\n"
    }
    root = make_project(sub("  start: 2021-09\n", "  start: 2021-09\n  eind: 2023-06\n"),
                        files=files)  # fmt: skip
    code, out, _ = run_cli("check", "--format", "github", cwd=root)
    assert code == 0
    assert [line.split(" ", 1)[0] for line in out.splitlines()] == ["::notice", "::warning"]


@pytest.mark.parametrize(
    ("example", "args", "expected"),
    [
        pytest.param(V, (), 0, id="clean_project_exits_0"),
        pytest.param(sub("lopend", "bezig"), (), 1, id="errors_exit_1"),
        pytest.param(sub("  start: 2021-09\n", "  start: 2021-09\n  eind: 2023-06\n"), (), 0,
                     id="warnings_only_exit_0"),
        pytest.param(sub("  start: 2021-09\n", "  start: 2021-09\n  eind: 2023-06\n"),
                     ("--strict",), 1, id="warnings_with_strict_exit_1"),
        pytest.param(V + "concept: true\n", ("--strict",), 0, id="info_with_strict_exit_0"),
        pytest.param(V, ("--strict",), 0, id="clean_with_strict_exit_0"),
    ],
)  # fmt: skip
def test_check_exit_codes(make_project, example: str, args: tuple[str, ...], expected: int):
    root = make_project(example)
    code, out, err = run_cli("check", *args, cwd=root)
    assert code == expected, out + err


def test_nonexistent_path_exits_2(project: Path) -> None:
    code, out, err = run_cli("check", "bestaat-niet.yaml", cwd=project)
    assert code == 2
    assert "bestaat-niet.yaml" in err
    assert "Traceback" not in out + err


def test_unknown_option_exits_2(project: Path) -> None:
    code, out, err = run_cli("check", "--bogus", cwd=project)
    assert code == 2
    assert "--bogus" in err
    assert "Traceback" not in out + err


def test_folder_without_workbook_yaml_exits_2(tmp_path: Path) -> None:
    code, _, err = run_cli("check", ".", cwd=tmp_path)
    assert code == 2
    assert "workbook.yaml" in err


def test_single_file_uses_enclosing_workbook_yaml(make_project) -> None:
    root = make_project(sub("thema: onderwijs", "thema: buitenland"))
    code, out, _ = run_cli("check", EXAMPLE_PATH, cwd=root)
    assert code == 1
    assert "[unknown-theme]" in out
    # The file asked for is counted; workbook.yaml only lent it its themes.
    assert out.splitlines()[-1] == "1 fout en 0 waarschuwingen in 1 bestand."


def test_single_file_without_project_uses_default_themes(tmp_path: Path) -> None:
    (tmp_path / "los.yaml").write_text(sub("thema: onderwijs", "thema: frontlijn"), "utf-8")
    code, out, _ = run_cli("check", "los.yaml", cwd=tmp_path)
    assert (code, out.splitlines()[-1]) == (0, "0 fouten en 0 waarschuwingen in 1 bestand.")
    (tmp_path / "los.yaml").write_text(sub("thema: onderwijs", "thema: sport"), "utf-8")
    code, out, _ = run_cli("check", "los.yaml", cwd=tmp_path)
    assert code == 1
    assert "repressie-preventie (Repressie en preventie verbinden); onderwijs" in out


def test_paths_are_relative_to_the_current_folder(make_project, tmp_path: Path) -> None:
    root = make_project(sub("lopend", "bezig"), name="proj")
    code, out, _ = run_cli("check", "proj", cwd=tmp_path)
    assert code == 1
    assert out.startswith("proj/examples/onderwijs/voorbeeld.yaml:6:9: fout: ")
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    code, out, _ = run_cli("check", root, cwd=elsewhere)
    assert out.startswith(f"{root.resolve().as_posix()}/examples/onderwijs/voorbeeld.yaml:6:9: ")


def test_check_does_not_modify_input_files(make_project) -> None:
    files = dict(TWO_BROKEN)
    files["examples/onderwijs/bom.yaml"] = b"\xef\xbb\xbf" + V.replace("\n", "\r\n").encode()
    files["examples/onderwijs/kapot.yaml"] = bad_byte(sub("lopend", "loXpend"), b"\xff")
    files[IMG] = PNG
    root = make_project(None, files=files)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    for fmt in ("text", "json", "github"):
        run_cli("check", "--format", fmt, cwd=root)
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert after == before


# Inputs that need nothing but their own text (no extra files, the default workbook.yaml).
SELF_CONTAINED = [
    case for case in CASES
    if case.file == EXAMPLE_PATH and case.config == WORKBOOK_YAML and case.example is not None
    and case.setup is None and case.bug is None
]  # fmt: skip
# Inputs that once crashed the checker (exit 3): they must give a diagnostic and exit 1.
CRASHING = [
    case
    for case in CASES
    if case.name
    in (
        "bijgewerkt_must_not_be_a_timestamp",
        "looptijd_eind_must_not_be_a_timestamp",
        "image_path_with_nul_is_missing",
    )
]


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_all_broken_files_reported_in_one_run_without_traceback(make_project, fmt: str) -> None:
    """All self-contained corpus inputs at once, through the CLI: every file is reported."""
    files: dict[str, str | bytes] = {
        f"examples/corpus/{case.name.replace('_', '-')}.yaml": case.example  # type: ignore[misc]
        for case in SELF_CONTAINED
    }
    root = make_project(None, files=files)
    code, out, err = run_cli("check", "--format", fmt, cwd=root)
    assert "Traceback" not in out + err
    assert code == 1, err
    for name in files:
        assert name in out, f"{name} is not reported"
    if fmt == "json":
        items = json.loads(out)
        keys = [(i["file"], i["line"], i["column"]) for i in items]
        assert keys == sorted(keys)
        assert len({i["file"] for i in items}) == len(files)


@pytest.mark.parametrize("case", CRASHING, ids=[case.name for case in CRASHING])
def test_internal_errors_are_one_dutch_line_without_traceback(make_project, case: Case) -> None:
    root = make_project(case.example)
    code, out, err = run_cli("check", cwd=root)
    assert "Traceback" not in out + err
    assert code == 1, err


def test_no_traceback_from_subprocess_on_broken_input(make_project) -> None:
    root = make_project(sub("2024-05-01", "2024-05-01T10:00:00"))
    code, out, err = run_cli("check", cwd=root, subprocess=True)
    assert "Traceback" not in out + err
    assert code in (1, 3)


# --- data files in tests/corpus/ -------------------------------------------------------------

CORPUS_DIR = Path(__file__).parent / "corpus"

# file → every diagnostic it must give: (line, column, code, field). Checked one file per project.
CORPUS_FILES: dict[str, list[tuple[int, int, str, str]]] = {
    "alles-fout.yaml": [
        (1, 1, "missing-field", "gemeenten"),
        (1, 8, "wrong-type", "titel"),
        (2, 8, "unknown-theme", "thema"),
        (3, 13, "invalid-value", "benadering"),
        (4, 1, "unknown-field", "gemeente"),
        (6, 10, "wrong-type", "wijken[1]"),
        (7, 12, "invalid-value", "provincie"),
        (8, 9, "invalid-value", "status"),
        (10, 10, "invalid-date", "looptijd.start"),
        (11, 15, "too-short", "samenvatting"),
        (13, 3, "markdown-html", "aanleiding"),
        (13, 9, "markdown-html", "aanleiding"),
        (13, 17, "markdown-image", "aanleiding"),
        (14, 9, "too-few", "doelen"),
        (16, 3, "markdown-heading", "werkwijze"),
        (18, 11, "wrong-type", "partners[1].naam"),
        (19, 12, "invalid-value", "partners[1].soort"),
        (23, 3, "too-few", "werkvragen"),
        (25, 3, "consent-missing", "contact"),
        (25, 10, "invalid-email", "contact.email"),
        (28, 10, "unsafe-link", "bronnen[1].url"),
        (29, 13, "future-date", "bijgewerkt"),
    ],
    "bom.yaml": [],
    "crlf-status-bezig.yaml": [(6, 9, "invalid-value", "status")],
    "latin1.yaml": [(21, 39, "encoding", "")],
    "lijst-bovenaan.yaml": [(1, 1, "wrong-type", "")],
    "python-object-apply.yaml": [(6, 9, "tag", "")],
    "tabs.yaml": [(5, 1, "yaml-syntax", "")],
    "twee-documenten.yaml": [(29, 1, "yaml-syntax", "")],
}


def test_every_corpus_file_has_expectations() -> None:
    on_disk = {p.name for p in CORPUS_DIR.glob("*.yaml")}
    assert on_disk == set(CORPUS_FILES) | {"billion-laughs.yaml"}


@pytest.mark.parametrize("name", sorted(CORPUS_FILES))
def test_corpus_file(name: str, make_project, monkeypatch) -> None:
    target = f"examples/onderwijs/{name}"
    root = make_project(None, files={target: (CORPUS_DIR / name).read_bytes()})
    monkeypatch.chdir(root)
    diagnostics = check_paths([Path(".")], today=TODAY).diagnostics
    assert {d.file.as_posix() for d in diagnostics} <= {target}
    got = [(d.line, d.column, d.code, d.field) for d in diagnostics]
    assert got == CORPUS_FILES[name], _show(diagnostics)
    _assert_positions_exist(root, diagnostics)


def test_corpus_billion_laughs_file(make_project, monkeypatch) -> None:
    target = "examples/onderwijs/billion-laughs.yaml"
    root = make_project(None, files={target: (CORPUS_DIR / "billion-laughs.yaml").read_bytes()})
    monkeypatch.chdir(root)
    started = time.perf_counter()
    diagnostics = check_paths([Path(".")], today=TODAY).diagnostics
    assert time.perf_counter() - started < 0.5
    assert {d.code for d in diagnostics} == {"alias"}
    assert (diagnostics[0].line, diagnostics[0].column) == (1, 5)
    assert "&a0" in diagnostics[0].message
