"""What `workbook build` is asked to make: the formats, the print edition, drafts, which
editions; and the parsing of `--format`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from workbook.base.errors import UsageError

FORMATS = ("pdf", "epub", "html")


@dataclass(frozen=True)
class BuildOptions:
    project: Path
    output: Path | None = None
    formats: frozenset[str] = frozenset(FORMATS)
    print_pdf: bool = False
    drafts: bool = False
    strict: bool = False
    quiet: bool = False
    jobs: int | None = None  # processes for PDF layout; None: the cores this process may use
    use_cache: bool = True
    # `--uitgave`: only these editions (not the werkboek itself, nor its site); None: the
    # werkboek, its site and every edition.
    editions: frozenset[str] | None = None
    # `--sinds`: the previous edition (a manifest file or git:REF); None: the one that
    # workbook.yaml names (vorige_uitgave), if any.
    since: str | None = None

    def describe(self) -> str:
        """The options that change what a build writes (for the build stamp)."""
        chosen = sorted(self.editions) if self.editions is not None else None
        return json.dumps(
            [sorted(self.formats), self.print_pdf, self.drafts, self.strict, chosen, self.since],
            separators=(",", ":"),
        )


def parse_formats(text: str) -> frozenset[str]:
    chosen = {part.strip().lower() for part in text.split(",") if part.strip()}
    unknown = sorted(chosen - set(FORMATS))
    if unknown or not chosen:
        raise UsageError(
            f"onbekend formaat '{', '.join(unknown) or text}'; kies uit: " + ", ".join(FORMATS)
        )
    return frozenset(chosen)
