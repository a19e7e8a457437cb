"""Beside build: `workbook init` (a new project) and `workbook new` (a new example)."""
