"""Say in one Dutch line which system package is missing, before pip or the tests fail."""

from __future__ import annotations

import ctypes.util
import shutil
import sys

NEEDS = [("pango-1.0", "libpango-1.0-0 libpangoft2-1.0-0")]


def main() -> int:
    missing = [pkg for lib, pkg in NEEDS if ctypes.util.find_library(lib) is None]
    if missing:
        print(
            f"Pango ontbreekt (nodig voor WeasyPrint): installeer het met "
            f"'apt-get install -y {' '.join(missing)}'",
            file=sys.stderr,
        )
        return 1
    if "--test" in sys.argv and shutil.which("java") is None:
        print(
            "Java ontbreekt (nodig voor EPUBCheck in de tests): installeer het met "
            "'apt-get install -y default-jre-headless'",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
