"""Stage 0: what every stage shares and that imports nothing of ours: errors and diagnostics,
files written atomically, Ctrl-C, the project's files, the design, Markdown, words and values."""
