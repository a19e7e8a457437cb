from __future__ import annotations

from workbook.cli.main import entry

# Guarded: worker processes (spawned for parallel layout) import this module again.
if __name__ == "__main__":
    entry()
