"""Stage 7: the `workbook` command: click options to one stage's function and an exit code."""
