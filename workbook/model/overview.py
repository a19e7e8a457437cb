"""The numbers behind "De voorbeelden in beeld": counts computed from the model only.

Drafts (`concept: true`) are never counted, not even when the book is built with --drafts:
the overview describes the published examples. Every figure also gets its main finding as
a sentence (the alt text of the figure), worded for ties and for zero.

Partner kinds count *examples*: a kind counts once per example that has at least one
partner of that kind, so the bars answer "in how many examples does the police take part?".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from workbook.check.schema import EXAMPLE_SCHEMA, load_schema
from workbook.model.book import Book, Example
from workbook.render.jinja import LABELS, join_words

TOP_PARTNER_KINDS = 10


def _enum(*path: str) -> tuple[str, ...]:
    node = load_schema(EXAMPLE_SCHEMA)["properties"]
    for key in path[:-1]:
        node = node[key]["items"]["properties"]
    return tuple(node[path[-1]]["enum"])


PROVINCES = _enum("provincie")
APPROACHES = _enum("benadering")
STATUSES = _enum("status")
PARTNER_KINDS = _enum("partners", "soort")


@dataclass(frozen=True)
class Bar:
    """One counted value: `key` is the data value (for filtering), `label` what readers see."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ThemeBar:
    """A theme's examples split by approach, in the order of APPROACHES."""

    key: str
    label: str
    parts: tuple[int, ...]

    @property
    def count(self) -> int:
        return sum(self.parts)


@dataclass(frozen=True)
class Findings:
    """The main finding of each figure, one or two Dutch (or English) sentences."""

    map: str
    themes: str
    status: str
    years: str
    partners: str


@dataclass(frozen=True)
class Overview:
    lang: str
    total: int
    provinces: tuple[Bar, ...]  # all twelve, in the official order
    without_province: int
    themes: tuple[ThemeBar, ...]
    approaches: tuple[Bar, ...]
    statuses: tuple[Bar, ...]
    years: tuple[Bar, ...]  # every year from the first start to the last, gaps as 0
    partner_kinds: tuple[Bar, ...]  # the most frequent kinds, at most TOP_PARTNER_KINDS
    partner_kinds_used: int  # how many kinds occur at all
    findings: Findings

    @property
    def with_province(self) -> int:
        return self.total - self.without_province


def published(book: Book) -> tuple[Example, ...]:
    return tuple(e for e in book.examples if not e.concept)


def compute(book: Book) -> Overview:
    """Count the published examples of `book`; labels in the book's language."""
    lang = book.taal
    labels = LABELS[lang]
    examples = published(book)
    by_province = Counter(e.provincie for e in examples if e.provincie)
    provinces = tuple(Bar(p, p, by_province[p]) for p in PROVINCES)
    themes = tuple(
        ThemeBar(
            t.id,
            t.titel,
            tuple(
                sum(1 for e in examples if e.thema == t.id and e.benadering == a)
                for a in APPROACHES
            ),
        )
        for t in book.themes
    )
    by_approach = Counter(e.benadering for e in examples)
    approaches = tuple(Bar(a, labels[a], by_approach[a]) for a in APPROACHES)
    by_status = Counter(e.status for e in examples)
    statuses = tuple(Bar(s, labels[s], by_status[s]) for s in STATUSES)
    by_year = Counter(e.looptijd.start_date.year for e in examples)
    years = (
        tuple(Bar(str(y), str(y), by_year[y]) for y in range(min(by_year), max(by_year) + 1))
        if by_year
        else ()
    )
    by_kind = Counter(kind for e in examples for kind in {p.soort for p in e.partners})
    ranked = sorted(
        (k for k in PARTNER_KINDS if by_kind[k]), key=lambda k: -by_kind[k]
    )  # stable: ties keep the schema's order
    partner_kinds = tuple(Bar(k, labels[k], by_kind[k]) for k in ranked[:TOP_PARTNER_KINDS])
    without = sum(1 for e in examples if not e.provincie)
    total = len(examples)
    return Overview(
        lang=lang,
        total=total,
        provinces=provinces,
        without_province=without,
        themes=themes,
        approaches=approaches,
        statuses=statuses,
        years=years,
        partner_kinds=partner_kinds,
        partner_kinds_used=len(ranked),
        findings=Findings(
            map=_map_finding(provinces, without, total, lang),
            themes=_theme_finding(themes, approaches, total, lang),
            status=_status_finding(statuses, total, lang),
            years=_year_finding(years, total, lang),
            partners=_partner_finding(partner_kinds, total, lang),
        ),
    )


# ------------------------------------------------------------------------------- findings

NONE_YET = {
    "nl": "Er zijn nog geen gepubliceerde praktijkvoorbeelden.",
    "en": "There are no published examples yet.",
}
APPROACH_PHRASE = {
    "nl": {
        "repressief": "repressief",
        "preventief": "preventief",
        "beide": "repressief en preventief tegelijk",
    },
    "en": {
        "repressief": "enforcement",
        "preventief": "prevention",
        "beide": "enforcement and prevention at once",
    },
}
STATUS_PHRASE = {
    "nl": {
        "pilot": "pilots",
        "lopend": "lopend",
        "afgerond": "afgerond",
        "structureel": "structureel",
    },
    "en": {
        "pilot": "pilots",
        "lopend": "running",
        "afgerond": "completed",
        "structureel": "permanent",
    },
}


def leaders(bars: Sequence[Bar | ThemeBar]) -> tuple[list[str], int]:
    """The labels that share the highest count (in their order), and that count."""
    top = max((b.count for b in bars), default=0)
    return ([b.label for b in bars if b.count == top and top > 0], top)


def _examples(n: int, lang: str) -> str:
    if lang == "nl":
        return f"{n} voorbeeld" if n == 1 else f"{n} voorbeelden"
    return f"{n} example" if n == 1 else f"{n} examples"


def _map_finding(provinces: tuple[Bar, ...], without: int, total: int, lang: str) -> str:
    if total == 0:
        return NONE_YET[lang]
    names, top = leaders(provinces)
    nl = lang == "nl"
    if not names:
        return (
            f"Geen van de {total} voorbeelden noemt een provincie."
            if nl
            else f"None of the {total} examples names a province."
        )
    if len(names) == 1:
        first = (
            f"{names[0]} heeft de meeste voorbeelden ({top})."
            if nl
            else f"{names[0]} has the most examples ({top})."
        )
    else:
        first = (
            f"{join_words(names, lang)} hebben de meeste voorbeelden (elk {top})."
            if nl
            else f"{join_words(names, lang)} have the most examples ({top} each)."
        )
    used = sum(1 for p in provinces if p.count)
    second = (
        f" {used} van de {len(provinces)} provincies hebben voorbeelden."
        if nl
        else f" {used} of the {len(provinces)} provinces have examples."
    )
    if nl and used == 1:
        second = f" 1 van de {len(provinces)} provincies heeft voorbeelden."
    third = ""
    if without:
        third = (
            f" {_examples(without, lang)} {'noemt' if without == 1 else 'noemen'} geen provincie."
            if nl
            else f" {_examples(without, lang)} {'names' if without == 1 else 'name'} no province."
        )
    return first + second + third


def _theme_finding(
    themes: tuple[ThemeBar, ...], approaches: tuple[Bar, ...], total: int, lang: str
) -> str:
    if total == 0:
        return NONE_YET[lang]
    nl = lang == "nl"
    names, top = leaders(themes)
    quoted = [f"‘{n}’" for n in names]
    if len(names) == 1:
        first = (
            f"Het thema {quoted[0]} heeft de meeste voorbeelden ({top} van {total})."
            if nl
            else f"The theme {quoted[0]} has the most examples ({top} of {total})."
        )
    else:
        first = (
            f"De thema's {join_words(quoted, lang)} hebben de meeste voorbeelden (elk {top})."
            if nl
            else f"The themes {join_words(quoted, lang)} have the most examples ({top} each)."
        )
    keys, most = leaders([Bar(a.key, a.key, a.count) for a in approaches])
    phrases = [APPROACH_PHRASE[lang][k] for k in keys]
    if len(keys) == 1:
        second = (
            f" De meeste voorbeelden zijn {phrases[0]} ({most} van {total})."
            if nl
            else f" Most examples are {phrases[0]} ({most} of {total})."
        )
    else:
        second = (
            f" De benaderingen {join_words(phrases, lang)} komen het vaakst voor (elk {most})."
            if nl
            else f" The approaches {join_words(phrases, lang)} are the most common ({most} each)."
        )
    return first + second


def _status_finding(statuses: tuple[Bar, ...], total: int, lang: str) -> str:
    if total == 0:
        return NONE_YET[lang]
    nl = lang == "nl"
    keys, top = leaders([Bar(s.key, s.key, s.count) for s in statuses])
    phrases = [STATUS_PHRASE[lang][k] for k in keys]
    if len(keys) == 1:
        return (
            f"De meeste voorbeelden zijn {phrases[0]} ({top} van {total})."
            if nl
            else f"Most examples are {phrases[0]} ({top} of {total})."
        )
    labels = [s.label.lower() for s in statuses if s.key in keys]
    return (
        f"De statussen {join_words(labels, lang)} komen het vaakst voor (elk {top} van {total})."
        if nl
        else f"The statuses {join_words(labels, lang)} are the most common ({top} of {total} each)."
    )


def _year_finding(years: tuple[Bar, ...], total: int, lang: str) -> str:
    if total == 0 or not years:
        return NONE_YET[lang]
    nl = lang == "nl"
    names, top = leaders(years)
    if len(years) == 1:
        return (
            f"Alle voorbeelden begonnen in {years[0].label} ({total})."
            if nl
            else f"All examples started in {years[0].label} ({total})."
        )
    span = (
        f"De voorbeelden begonnen tussen {years[0].label} en {years[-1].label}"
        if nl
        else f"The examples started between {years[0].label} and {years[-1].label}"
    )
    if len(names) == 1:
        return span + (
            f"; de meeste in {names[0]} ({top})." if nl else f"; most in {names[0]} ({top})."
        )
    return span + (
        f"; de meeste in {join_words(names, lang)} (elk {top})."
        if nl
        else f"; most in {join_words(names, lang)} ({top} each)."
    )


def _partner_finding(kinds: tuple[Bar, ...], total: int, lang: str) -> str:
    if total == 0 or not kinds:
        return NONE_YET[lang]
    nl = lang == "nl"
    names, top = leaders(kinds)
    quoted = [f"‘{n}’" for n in names]
    if len(names) == 1:
        return (
            f"Partners van de soort {quoted[0]} doen het vaakst mee: "
            f"in {top} van de {total} voorbeelden."
            if nl
            else f"Partners of the kind {quoted[0]} take part most often: "
            f"in {top} of {total} examples."
        )
    return (
        f"Partners van de soorten {join_words(quoted, lang)} doen het vaakst mee: "
        f"elk in {top} van de {total} voorbeelden."
        if nl
        else f"Partners of the kinds {join_words(quoted, lang)} take part most often: "
        f"each in {top} of {total} examples."
    )


__all__ = ["APPROACHES", "PARTNER_KINDS", "PROVINCES", "STATUSES", "Bar", "Overview", "compute"]
