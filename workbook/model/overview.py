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

from workbook.base.words import (
    APPROACH_PHRASES,
    LABELS,
    STATUS_PHRASES,
    count,
    join_words,
    sentence,
)
from workbook.model.book import Book, Example
from workbook.schema import enum

TOP_PARTNER_KINDS = 10
PROVINCES = enum("provincie")
APPROACHES = enum("benadering")
STATUSES = enum("status")
PARTNER_KINDS = enum("partners", "soort")


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


def leaders(bars: Sequence[Bar | ThemeBar]) -> tuple[list[str], int]:
    """The labels that share the highest count (in their order), and that count."""
    top = max((b.count for b in bars), default=0)
    return ([b.label for b in bars if b.count == top and top > 0], top)


def _map_finding(provinces: tuple[Bar, ...], without: int, total: int, lang: str) -> str:
    if total == 0:
        return sentence(lang, "none_yet")
    names, top = leaders(provinces)
    if not names:
        return sentence(lang, "map_no_province", total=total)
    first = sentence(lang, "map_leaders", len(names), names=join_words(names, lang), top=top)
    used = sum(1 for p in provinces if p.count)
    second = sentence(lang, "map_used", used, used=used, count=len(provinces))
    third = ""
    if without:
        third = sentence(lang, "map_without", without, examples=count(without, "example", lang))
    return first + second + third


def _theme_finding(
    themes: tuple[ThemeBar, ...], approaches: tuple[Bar, ...], total: int, lang: str
) -> str:
    if total == 0:
        return sentence(lang, "none_yet")
    names, top = leaders(themes)
    quoted = join_words([f"‘{n}’" for n in names], lang)
    first = sentence(lang, "theme_leaders", len(names), names=quoted, top=top, total=total)
    keys, most = leaders([Bar(a.key, a.key, a.count) for a in approaches])
    phrases = join_words([APPROACH_PHRASES[lang][k] for k in keys], lang)
    second = sentence(lang, "approach_leaders", len(keys), names=phrases, top=most, total=total)
    return first + second


def _status_finding(statuses: tuple[Bar, ...], total: int, lang: str) -> str:
    if total == 0:
        return sentence(lang, "none_yet")
    keys, top = leaders([Bar(s.key, s.key, s.count) for s in statuses])
    if len(keys) == 1:
        names = STATUS_PHRASES[lang][keys[0]]
    else:
        names = join_words([s.label.lower() for s in statuses if s.key in keys], lang)
    return sentence(lang, "status_leaders", len(keys), names=names, top=top, total=total)


def _year_finding(years: tuple[Bar, ...], total: int, lang: str) -> str:
    if total == 0 or not years:
        return sentence(lang, "none_yet")
    names, top = leaders(years)
    if len(years) == 1:
        return sentence(lang, "years_one", year=years[0].label, total=total)
    span = sentence(lang, "years_span", first=years[0].label, last=years[-1].label)
    return span + sentence(
        lang, "years_leaders", len(names), names=join_words(names, lang), top=top
    )


def _partner_finding(kinds: tuple[Bar, ...], total: int, lang: str) -> str:
    if total == 0 or not kinds:
        return sentence(lang, "none_yet")
    names, top = leaders(kinds)
    quoted = join_words([f"‘{n}’" for n in names], lang)
    return sentence(lang, "partner_leaders", len(names), names=quoted, top=top, total=total)


__all__ = ["APPROACHES", "PARTNER_KINDS", "PROVINCES", "STATUSES", "Bar", "Overview", "compute"]
