"""The English words of a book with `taal: en`; a label missing here is the Dutch one."""

from __future__ import annotations

from workbook.base.words import nl

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

NOUNS = {
    **nl.NOUNS,
    "example": ("example", "examples"),
    "practice": ("practice example", "practice examples"),
    "page": ("page", "pages"),
    "edition": ("edition", "editions"),
    "new_example": ("new example", "new examples"),
    "updated_example": ("updated example", "updated examples"),
    "removed_example": ("example no longer included", "examples no longer included"),
}
AND = " and "
DECIMAL, THOUSANDS = ".", ","

LABELS = {
    **nl.LABELS,
    "repressief": "Enforcement",
    "preventief": "Prevention",
    "beide": "Enforcement and prevention",
    "lopend": "Running",
    "afgerond": "Completed",
    "structureel": "Permanent",
    "contents": "Contents",
    "foreword": "Foreword",
    "colophon": "Colophon",
    "municipalities": "Municipalities",
    "neighbourhoods": "Neighbourhoods",
    "province": "Province",
    "approach": "Approach",
    "period": "Period",
    "keywords": "Keywords",
    "target_groups": "Target groups",
    "summary": "In brief",
    "background": "Background",
    "goals": "Goals",
    "method": "Method",
    "roles": "Partners and roles",
    "results": "Results",
    "bottlenecks": "Bottlenecks and solutions",
    "bottleneck": "Bottleneck",
    "solution": "Solution",
    "innovative": "Innovative",
    "lessons": "Lessons",
    "get_started": "Get started",
    "sources": "Sources",
    "funding": "Funding",
    "theme": "Theme",
    "now": "present",
    "since": "since",
    "organisation": "Organisation",
    "role": "Role",
    "result": "Result",
    "value": "Value",
    "year": "Year",
    "source": "Source",
    "publisher": "Publisher",
    "editors": "Editors",
    "licence": "Licence",
    "build_date": "Date of this edition",
    "updated": "Updated",
    "examples_in_theme": "Examples in this theme",
    "page": "page",
    "download_example_pdf": "Download this example (PDF)",
    "taken_from": "From",
    "issue_of": "edition of",
    "on_page": "page",
    "on_pages": "pages",
    "write_here": "Space for your answer",
    "workbook": "Workbook",
    "image": "Image",
    "themes": "Themes",
    "municipality": "Municipality",
    "clear_filters": "Clear filters",
    "no_matches": "No examples match these filters.",
    "approach_and_status": "Approach and status",
    "breadcrumb": "Breadcrumb",
    "facts": "Facts",
    "other_examples": "Other examples",
    "previous": "Previous",
    "next": "Next",
    "main_menu": "Main menu",
    "submit_example": "Submit an example",
    "landmarks": "Landmarks",
    "edition_of": "An edition of the workbook ‘{titel}’ ({uitgever}, {jaar}), "
    "with {voorbeelden} from it.",
    "editions": "Editions",
    "editions_lead": "Readers with a selection of the examples, for instance for a masterclass.",
    "file_pdf": "PDF",
    "file_epub": "E-book (EPUB)",
    "page_list": "Page numbers of the PDF",
    "pdf_edition": "PDF edition",
    "search": "Search",
    "search_label": "Search the examples",
    "search_button": "Search",
    "search_none": "No results for “{q}”.",
    "search_one": "1 result for “{q}”.",
    "search_many": "{n} results for “{q}”.",
    "search_error": "Search is not available; reload the page and try again.",
    "search_note": "Search works on the published site or with ‘workbook serve’, not in "
    "pages opened as files from disk.",
    "search_results": "Search results",
    "more_results": "More results",
    "title": "Title",
    "whats_new": "New in this edition",
    "whats_new_lead": "Since the previous edition of {datum}: {counts}.",
    "whats_new_none": "Nothing has changed since the previous edition of {datum}.",
    "new_examples": "New examples",
    "updated_examples": "Updated examples",
    "removed_examples": "No longer included",
    "changed_sections": "Changed",
    "since_previous": "since the previous edition",
    "mark_new": "new",
    "mark_updated": "updated",
    "new_and_updated": "New and updated",
    "change": "Change",
}

OVERVIEW = {
    "title": "The examples at a glance",
    "lead": "Where do the {total} published examples run, what are they about and how are "
    "they doing? Every figure comes from the examples themselves; drafts are not counted.",
    "site_hint": "Click a province or a bar (or reach it with Tab and press Enter) to "
    "filter the list of examples below.",
    "table": "Figures as a table",
    "count": "Examples",
    "total": "Total",
    "kaart": "By province",
    "kaart_note": "Number of examples per province; the darker, the more.",
    "kaart_without": "{n} without a province are not on the map.",
    "province": "Province",
    "without_province": "Without a province",
    "other_provinces": "The other province|The other {n} provinces",
    "all_provinces": "All {n} provinces",
    "themas": "By theme and approach",
    "themas_note": "Number of examples per theme, split by approach.",
    "theme": "Theme",
    "status": "By status",
    "status_note": "How the approaches are doing.",
    "status_col": "Status",
    "startjaar": "By start year",
    "startjaar_note": "The year in which the approach started.",
    "year": "Start year",
    "partners": "Kinds of partner",
    "partners_note": "In how many examples each kind of partner takes part (an example "
    "counts once per kind).",
    "partners_top": "The {shown} most frequent of {used} kinds.",
    "kind": "Kind of partner",
    "empty": "There are no published examples yet.",
    "map_legend": "Number of examples",
    "map_without": "Without a province: {n}",
    "map_alt": "Map of the Netherlands with the number of examples per province. ",
}

FINDINGS = {
    "none_yet": "There are no published examples yet.",
    "map_no_province": "None of the {total} examples names a province.",
    "map_leaders": (
        "{names} has the most examples ({top}).",
        "{names} have the most examples ({top} each).",
    ),
    "map_used": (
        " {used} of the {count} provinces has examples.",
        " {used} of the {count} provinces have examples.",
    ),
    "map_without": (" {examples} names no province.", " {examples} name no province."),
    "theme_leaders": (
        "The theme {names} has the most examples ({top} of {total}).",
        "The themes {names} have the most examples ({top} each).",
    ),
    "approach_leaders": (
        " Most examples are {names} ({top} of {total}).",
        " The approaches {names} are the most common ({top} each).",
    ),
    "status_leaders": (
        "Most examples are {names} ({top} of {total}).",
        "The statuses {names} are the most common ({top} of {total} each).",
    ),
    "years_one": "All examples started in {year} ({total}).",
    "years_span": "The examples started between {first} and {last}",
    "years_leaders": ("; most in {names} ({top}).", "; most in {names} ({top} each)."),
    "partner_leaders": (
        "Partners of the kind {names} take part most often: in {top} of {total} examples.",
        "Partners of the kinds {names} take part most often: each in {top} of {total} examples.",
    ),
}
APPROACH_PHRASES = {
    "repressief": "enforcement",
    "preventief": "prevention",
    "beide": "enforcement and prevention at once",
}
STATUS_PHRASES = {
    "pilot": "pilots",
    "lopend": "running",
    "afgerond": "completed",
    "structureel": "permanent",
}

ACCESSIBILITY_SUMMARY = (
    "This e-book is fully readable as text. It has a table of contents with navigation by "
    "theme and by example, headings in logical order, tables with column headers and a fixed "
    "reading order. Images have a text alternative. Font size, typeface and colours can be "
    "changed in the e-reader."
)
ACCESSIBILITY_PAGES = (
    "The page numbers of the PDF edition are marked in the text, with a page list to go to a page."
)
