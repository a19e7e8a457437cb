"""Full-text search for the static site: the Pagefind index, written into `site/pagefind/`.

The pages mark what is indexed (templates/site/example.html): each example page is one
record (`data-pagefind-body`), with its filters (theme, approach, status, province) and its
title; `lang` on every page picks the stemmer. Pagefind's own binary, shipped in the
`pagefind-bin` wheel, does the indexing: nothing is downloaded, it reads only the site
folder. Pagefind's filter files come out in a random order; `search_stable` puts them in a
fixed one, so the same pages give the same index bytes (also from another folder).

The search field itself is `assets/search.js` (our own small UI on Pagefind's JS API).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from workbook.base.errors import BuildError
from workbook.render.site.pagefind_order import stabilise

BUNDLE = "pagefind"
# Indexed: the title, the summary and the body of an example. Left out: the facts beside
# it (their labels stand on every page, and their lists make poor excerpts; theme, approach,
# status and province are filters instead), the theme above the title, the "In het kort"
# heading and the date below.
EXCLUDE_SELECTORS = (".example-facts", ".kicker", ".summary-title", ".updated")
# Pagefind's ready-made UIs; our own assets/search.js talks to pagefind.js directly, so
# these would only be dead weight in the published site.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
TIMEOUT_SECONDS = 300


def pagefind_executable() -> Path:
    """The Pagefind binary of the installed `pagefind-bin` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise BuildError(
            "Pagefind ontbreekt, daarom kan de zoekindex van de website niet worden gemaakt; "
            "installeer werkboek opnieuw met \"pip install -e .\" (of 'make')"
        ) from None
    try:
        return Path(get_executable())
    except FileNotFoundError:
        raise BuildError(
            "het programma van Pagefind ontbreekt in het pakket pagefind-bin; installeer "
            'het opnieuw met "pip install --force-reinstall pagefind-bin"'
        ) from None


def _environment() -> dict[str, str]:
    """The current environment without PAGEFIND_* settings, which would change the index."""
    return {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND_")}


def index_site(
    site: Path, *, started: Callable[[subprocess.Popen[str]], None] | None = None
) -> Path:
    """Index the written site in `site` into `site/pagefind/`; returns that folder.

    Runs in `site` itself, so that no pagefind.yml/.toml/.json from elsewhere is read.
    Pagefind runs in a process group of its own, so that a Ctrl-C in the terminal reaches
    this process only: Pagefind never dies of it half-way (which would read as a failed
    index); this process stops it. `started` is given the running process (serve stops it
    when serve stops).
    """
    site = site.resolve()
    command = [
        str(pagefind_executable()),
        "--site",
        ".",
        "--output-subdir",
        BUNDLE,
        "--exclude-selectors",
        ", ".join(EXCLUDE_SELECTORS),
        "--silent",
    ]
    try:
        process = subprocess.Popen(
            command,
            cwd=site,
            env=_environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            process_group=0,
        )
    except OSError as exc:
        raise BuildError(
            f"Pagefind kon niet worden gestart voor de zoekindex ({exc.strerror})"
        ) from exc
    with process:
        try:
            if started is not None:
                started(process)
            stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise BuildError(
                f"de zoekindex van de website was na {TIMEOUT_SECONDS} seconden niet klaar"
            ) from None
        except BaseException:  # Ctrl-C, or the caller stopped: Pagefind stops too
            process.kill()
            raise
    bundle = site / BUNDLE
    if process.returncode != 0 or not (bundle / "pagefind.js").is_file():
        detail = (stderr.strip() or stdout.strip()).splitlines()
        reason = detail[-1] if detail else f"exitcode {process.returncode}"
        raise BuildError(f"de zoekindex van de website kon niet worden gemaakt: {reason}")
    for name in UNUSED_FILES:
        (bundle / name).unlink(missing_ok=True)
    stabilise(bundle)
    _normalise_modes(bundle)
    return bundle


def _normalise_modes(folder: Path) -> None:
    """World-readable files and folders, whatever the umask, like the rest of the site."""
    os.chmod(folder, 0o755)
    for path in folder.rglob("*"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


__all__ = ["BUNDLE", "index_site", "pagefind_executable"]
