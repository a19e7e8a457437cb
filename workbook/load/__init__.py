"""Stage 1: YAML text to plain data with the position of every key and value."""
