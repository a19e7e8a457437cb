"""What a YAML syntax error says to a contributor who has never seen YAML: the parser's
complaint in plain Dutch, at the place to fix (where a quote or bracket was opened), with
advice on what to type."""

from __future__ import annotations

from pathlib import Path

import yaml

from workbook.base.errors import Diagnostic, error

_SYNTAX_HINTS: tuple[tuple[str, str, str], ...] = (
    (
        "found character '\\t'",
        "er staat een tab-teken in het bestand",
        "YAML kent geen tabs: spring in met spaties (bijvoorbeeld twee per niveau)",
    ),
    (
        "found unexpected end of stream",
        "een aanhalingsteken is niet gesloten",
        "zet aan het eind van de tekst hetzelfde aanhalingsteken als aan het begin",
    ),
    (
        "found unexpected end of stream while scanning a quoted scalar",
        "een aanhalingsteken is niet gesloten",
        "zet aan het eind van de tekst hetzelfde aanhalingsteken als aan het begin",
    ),
    (
        "mapping values are not allowed",
        "er staat een dubbele punt op een onverwachte plek",
        "staat er een dubbele punt in de tekst? Zet dan de hele tekst tussen aanhalingstekens",
    ),
    (
        "could not find expected ':'",
        "na een veldnaam ontbreekt de dubbele punt",
        "schrijf 'veldnaam: waarde'; een tekst over meer regels zet u na 'veldnaam: |'",
    ),
    (
        "did not find expected key",
        "het inspringen klopt niet",
        "zorg dat velden van dezelfde groep precies even ver inspringen",
    ),
    (
        "did not find expected '-' indicator",
        "het inspringen van de lijst klopt niet",
        "zet alle '- ' van één lijst precies onder elkaar",
    ),
    (
        "expected <block end>",
        "het inspringen klopt niet",
        "zorg dat velden van dezelfde groep precies even ver inspringen",
    ),
    (
        "found undefined tag handle",
        "een uitroepteken aan het begin van een waarde is een YAML-tag",
        "zet de tekst tussen aanhalingstekens",
    ),
    (
        "found character '@'",
        "een tekst mag niet met '@' of '`' beginnen",
        "zet de tekst tussen aanhalingstekens",
    ),
    (
        "found character '`'",
        "een tekst mag niet met '@' of '`' beginnen",
        "zet de tekst tussen aanhalingstekens",
    ),
    (
        "did not find expected ',' or ']'",
        "een lijst tussen [ ] is niet goed gesloten",
        "sluit de lijst met ']' en scheid de waarden met komma's",
    ),
    (
        "did not find expected ',' or '}'",
        "een groep tussen { } is niet goed gesloten",
        "sluit de groep met '}' en scheid de velden met komma's",
    ),
    (
        "found a tab character",
        "er staat een tab-teken in het bestand",
        "YAML kent geen tabs: spring in met spaties",
    ),
)


def syntax_diagnostic(display: Path, text: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    problem = exc.problem or str(exc)
    mark = exc.problem_mark or exc.context_mark
    # For something left open (a quote, a [list], a key without ':'), the parser notices at
    # the end; the place to fix is where it was opened.
    opened = ("end of stream", "expected ':'", "expected ',' or")
    if exc.context_mark is not None and any(text_ in problem for text_ in opened):
        mark = exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    # libyaml reports some problems one position past the end of the text.
    total_lines = max(1, len(text.splitlines()))
    if line > total_lines:
        line, column = total_lines, len(text.splitlines()[-1]) + 1 if text.strip() else 1
    context = f" ({exc.context})" if exc.context else ""
    message = f"de YAML-opbouw klopt niet (technisch: {problem}{context})"
    hint = (
        "controleer inspringen, dubbele punten en aanhalingstekens op deze regel en de "
        "regel erboven"
    )
    for needle, dutch, advice in _SYNTAX_HINTS:
        if needle in problem:
            message, hint = dutch, advice
    found = ""
    if exc.problem_mark is not None:
        found = text[exc.problem_mark.index : exc.problem_mark.index + 1]
    if found == "\t":
        message, hint = _SYNTAX_HINTS[0][1], _SYNTAX_HINTS[0][2]
    elif found in ("@", "`") and "cannot start any token" in problem:
        message = "een tekst mag niet met '@' of '`' beginnen"
        hint = "zet de tekst tussen aanhalingstekens"
    return error(display, line, column, "yaml-syntax", message, hint=hint)


def reader_diagnostic(display: Path, text: str, exc: yaml.YAMLError) -> Diagnostic:
    position = getattr(exc, "position", 0) or 0
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    character = getattr(exc, "character", 0)
    number = ord(character) if isinstance(character, str) and character else int(character or 0)
    code = f"U+{number:04X}"
    return error(
        display,
        line,
        column,
        "encoding",
        f"het bestand bevat een teken dat niet is toegestaan ({code})",
        hint="verwijder het onzichtbare teken; kopieer de tekst desnoods opnieuw "
        "vanuit een gewone teksteditor",
    )
