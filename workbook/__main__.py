from __future__ import annotations

from workbook.cli import main

main()
