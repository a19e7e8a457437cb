"""Every Dutch word the outputs show: labels, month names, the overview's sentences."""

from __future__ import annotations

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]

# Nouns with their plural, for counts ("1 voorbeeld", "3 voorbeelden").
NOUNS = {
    "example": ("voorbeeld", "voorbeelden"),
    "practice": ("praktijkvoorbeeld", "praktijkvoorbeelden"),
    "error": ("fout", "fouten"),
    "warning": ("waarschuwing", "waarschuwingen"),
    "file": ("bestand", "bestanden"),
    "draft": ("concept", "concepten"),
    "page": ("pagina", "pagina's"),
    "blank_page": ("lege pagina", "lege pagina's"),
    "signature": ("katern", "katernen"),
    "edition": ("uitgave", "uitgaven"),
    "new_example": ("nieuw voorbeeld", "nieuwe voorbeelden"),
    "updated_example": ("bijgewerkt voorbeeld", "bijgewerkte voorbeelden"),
    "removed_example": ("voorbeeld niet meer opgenomen", "voorbeelden niet meer opgenomen"),
}
AND = " en "
DECIMAL, THOUSANDS = ",", "."

LABELS = {
    "repressief": "Repressief",
    "preventief": "Preventief",
    "beide": "Repressief en preventief",
    "pilot": "Pilot",
    "lopend": "Lopend",
    "afgerond": "Afgerond",
    "structureel": "Structureel",
    "gemeente": "Gemeente",
    "politie": "Politie",
    "openbaar-ministerie": "Openbaar Ministerie",
    "rijk": "Rijk",
    "onderwijs": "Onderwijs",
    "zorg": "Zorg",
    "welzijn": "Welzijn",
    "jongerenwerk": "Jongerenwerk",
    "woningcorporatie": "Woningcorporatie",
    "ondernemers": "Ondernemers",
    "bewoners": "Bewoners",
    "kennisinstelling": "Kennisinstelling",
    "overig": "Overig",
    "contents": "Inhoudsopgave",
    "foreword": "Voorwoord",
    "colophon": "Colofon",
    "municipalities": "Gemeenten",
    "neighbourhoods": "Wijken",
    "province": "Provincie",
    "approach": "Benadering",
    "status": "Status",
    "period": "Looptijd",
    "partners": "Partners",
    "keywords": "Trefwoorden",
    "target_groups": "Doelgroepen",
    "summary": "In het kort",
    "background": "Aanleiding",
    "goals": "Doelen",
    "method": "Werkwijze",
    "roles": "Partners en rollen",
    "results": "Resultaten",
    "bottlenecks": "Knelpunten en oplossingen",
    "bottleneck": "Knelpunt",
    "solution": "Oplossing",
    "innovative": "Vernieuwend",
    "lessons": "Lessen",
    "get_started": "Aan de slag",
    "sources": "Bronnen",
    "contact": "Contact",
    "funding": "Financiering",
    "theme": "Thema",
    "registers": "Registers",
    "now": "heden",
    "since": "sinds",
    "organisation": "Organisatie",
    "role": "Rol",
    "result": "Resultaat",
    "value": "Aantal",
    "year": "Jaar",
    "source": "Bron",
    "publisher": "Uitgever",
    "editors": "Redactie",
    "licence": "Licentie",
    "isbn": "ISBN",
    "build_date": "Datum van deze uitgave",
    "updated": "Bijgewerkt",
    "examples_in_theme": "Praktijkvoorbeelden in dit thema",
    "page": "pagina",
    "download_pdf": "Download het werkboek (PDF)",
    "download_epub": "Download als e-book (EPUB)",
    "download_example_pdf": "Download dit voorbeeld (PDF)",
    # The provenance line of an example's own PDF: "Uit: <book> (<publisher>), uitgave van
    # <date>, pagina 8–12. Licentie: CC BY 4.0."
    "taken_from": "Uit",
    "issue_of": "uitgave van",
    "on_page": "pagina",
    "on_pages": "pagina",
    "all_examples": "Alle praktijkvoorbeelden",
    "filter": "Filter de voorbeelden",
    "all": "Alle",
    "back": "Terug naar het overzicht",
    "skip": "Naar de inhoud",
    "write_here": "Ruimte voor uw antwoord",
    "workbook": "Werkboek",
    "image": "Afbeelding",
    "themes": "Thema's",
    "municipality": "Gemeente",
    "clear_filters": "Wis filters",
    "no_matches": "Geen praktijkvoorbeelden gevonden met deze filters.",
    "approach_and_status": "Benadering en status",
    "breadcrumb": "Kruimelpad",
    "facts": "Kenmerken",
    "other_examples": "Andere praktijkvoorbeelden",
    "previous": "Vorige",
    "next": "Volgende",
    "main_menu": "Hoofdmenu",
    "submit_example": "Voorbeeld insturen",
    "landmarks": "Oriëntatiepunten",
    "edition_of": "Een uitgave uit het werkboek ‘{titel}’ ({uitgever}, {jaar}), "
    "met {voorbeelden} daaruit.",
    "editions": "Uitgaven",
    "editions_lead": "Readers met een deel van de praktijkvoorbeelden, bijvoorbeeld bij een "
    "masterclass.",
    "file_pdf": "PDF",
    "file_epub": "E-book (EPUB)",
    "page_list": "Paginanummers van de PDF",
    "pdf_edition": "PDF-uitgave",
    "search": "Zoeken",
    "search_label": "Zoeken in de voorbeelden",
    "search_button": "Zoek",
    "search_none": "Geen resultaten voor “{q}”.",
    "search_one": "1 resultaat voor “{q}”.",
    "search_many": "{n} resultaten voor “{q}”.",
    "search_error": "Zoeken lukt nu niet; laad de pagina opnieuw en probeer het nog eens.",
    "search_note": "Zoeken werkt op de gepubliceerde website of met ‘workbook serve’, "
    "niet in pagina’s die als bestand van schijf zijn geopend.",
    "search_results": "Zoekresultaten",
    "more_results": "Meer resultaten",
    "title": "Titel",
    "whats_new": "Nieuw in deze uitgave",
    "whats_new_lead": "Sinds de vorige uitgave van {datum}: {counts}.",
    "whats_new_none": "Sinds de vorige uitgave van {datum} is er niets veranderd.",
    "new_examples": "Nieuwe voorbeelden",
    "updated_examples": "Bijgewerkte voorbeelden",
    "removed_examples": "Niet meer opgenomen",
    "changed_sections": "Gewijzigd",
    "since_previous": "sinds de vorige uitgave",
    "mark_new": "nieuw",
    "mark_updated": "bijgewerkt",
    "new_and_updated": "Nieuw en bijgewerkt",
    "change": "Wijziging",
}

# "De voorbeelden in beeld": the section's headings, notes and table heads.
OVERVIEW = {
    "title": "De voorbeelden in beeld",
    "lead": "Waar lopen de {total} gepubliceerde praktijkvoorbeelden, waarover gaan ze en "
    "hoe staan ze ervoor? Alle cijfers komen uit de voorbeelden zelf; concepten tellen "
    "niet mee.",
    "site_hint": "Klik op een provincie of een balk (of kies hem met Tab en Enter) om de "
    "lijst met voorbeelden hieronder te filteren.",
    "table": "Cijfers als tabel",
    "count": "Voorbeelden",
    "total": "Totaal",
    "kaart": "Per provincie",
    "kaart_note": "Aantal praktijkvoorbeelden per provincie; hoe donkerder, hoe meer.",
    "kaart_without": "{n} zonder provincie staan niet op de kaart.",
    "province": "Provincie",
    "without_province": "Zonder provincie",
    "other_provinces": "De andere provincie|De andere {n} provincies",
    "all_provinces": "Alle {n} provincies",
    "themas": "Per thema en benadering",
    "themas_note": "Aantal voorbeelden per thema, verdeeld naar benadering.",
    "theme": "Thema",
    "status": "Per status",
    "status_note": "Hoe de aanpakken ervoor staan.",
    "status_col": "Status",
    "startjaar": "Per startjaar",
    "startjaar_note": "Het jaar waarin de aanpak begon.",
    "year": "Startjaar",
    "partners": "Soorten partners",
    "partners_note": "In hoeveel voorbeelden elke soort partner meedoet (een voorbeeld "
    "telt per soort één keer).",
    "partners_top": "De {shown} meest voorkomende van {used} soorten.",
    "kind": "Soort partner",
    "empty": "Er zijn nog geen gepubliceerde praktijkvoorbeelden.",
    "map_legend": "Aantal voorbeelden",
    "map_without": "Zonder provincie: {n}",
    "map_alt": "Kaart van Nederland met het aantal voorbeelden per provincie. ",
}

# The main finding of each figure (its alt text). A pair is (one, more than one).
FINDINGS = {
    "none_yet": "Er zijn nog geen gepubliceerde praktijkvoorbeelden.",
    "map_no_province": "Geen van de {total} voorbeelden noemt een provincie.",
    "map_leaders": (
        "{names} heeft de meeste voorbeelden ({top}).",
        "{names} hebben de meeste voorbeelden (elk {top}).",
    ),
    "map_used": (
        " {used} van de {count} provincies heeft voorbeelden.",
        " {used} van de {count} provincies hebben voorbeelden.",
    ),
    "map_without": (" {examples} noemt geen provincie.", " {examples} noemen geen provincie."),
    "theme_leaders": (
        "Het thema {names} heeft de meeste voorbeelden ({top} van {total}).",
        "De thema's {names} hebben de meeste voorbeelden (elk {top}).",
    ),
    "approach_leaders": (
        " De meeste voorbeelden zijn {names} ({top} van {total}).",
        " De benaderingen {names} komen het vaakst voor (elk {top}).",
    ),
    "status_leaders": (
        "De meeste voorbeelden zijn {names} ({top} van {total}).",
        "De statussen {names} komen het vaakst voor (elk {top} van {total}).",
    ),
    "years_one": "Alle voorbeelden begonnen in {year} ({total}).",
    "years_span": "De voorbeelden begonnen tussen {first} en {last}",
    "years_leaders": ("; de meeste in {names} ({top}).", "; de meeste in {names} (elk {top})."),
    "partner_leaders": (
        "Partners van de soort {names} doen het vaakst mee: in {top} van de {total} voorbeelden.",
        "Partners van de soorten {names} doen het vaakst mee: elk in {top} van de {total} "
        "voorbeelden.",
    ),
}
APPROACH_PHRASES = {
    "repressief": "repressief",
    "preventief": "preventief",
    "beide": "repressief en preventief tegelijk",
}
STATUS_PHRASES = {
    "pilot": "pilots",
    "lopend": "lopend",
    "afgerond": "afgerond",
    "structureel": "structureel",
}

ACCESSIBILITY_SUMMARY = (
    "Dit e-book is volledig tekstueel leesbaar. Het heeft een inhoudsopgave met navigatie per "
    "thema en per praktijkvoorbeeld, koppen in logische volgorde, tabellen met kolomkoppen en "
    "een vaste leesvolgorde. Afbeeldingen hebben een tekstalternatief. Lettergrootte, "
    "lettertype en kleuren kunnen in de e-reader worden aangepast."
)
ACCESSIBILITY_PAGES = (
    "De paginanummers van de PDF-uitgave staan als paginamarkeringen in de tekst, met een "
    "paginalijst om naar een pagina te gaan."
)
