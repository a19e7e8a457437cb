"""Plain values read from the YAML files: ids, periods, dates, and keys to sort and compare.

Pure functions of their arguments, shared by the checks (which refuse what does not parse)
and the model (which builds on what passed).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import Any

# An example id (its file name) or a theme id: lower-case words joined by single hyphens.
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# A looptijd value: a year (2020), a month (2020-10) or a day (2020-10-16).
PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
YEAR_MIN, YEAR_MAX = 1900, 2100


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "werkboek"


def period_bounds(value: Any) -> tuple[dt.date, dt.date] | None:
    """The first and last day a looptijd value (2020, '2020-10', a date) covers."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value, value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (dt.date(value, 1, 1), dt.date(value, 12, 31)) if 1 <= value <= 9999 else None
    match = PERIOD_RE.match(str(value))
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if day is not None and month is not None:
            day_ = dt.date(year, month, day)
            return day_, day_
        if month is not None:
            return dt.date(year, month, 1), dt.date(
                year, month, calendar.monthrange(year, month)[1]
            )
    except ValueError:
        return None
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None  # a moment in time, not a date: the schema reports it
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def title_key(title: str) -> str:
    """What makes two titles the same: case, accents and extra spaces do not count."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", plain).strip().casefold()


def sort_key(text: str) -> str:
    """Dutch-aware sort key: case- and accent-insensitive, leading punctuation ignored."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"^['‘’\"“”(\[]+", "", plain)
    plain = re.sub(r"^'s-", "s", plain)
    return re.sub(r"\s+", " ", plain).strip()
