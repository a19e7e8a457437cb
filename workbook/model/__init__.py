"""Stage 3: the frozen model renderers see (Book, Theme, Example), its overview counts and
registers. Built from checked data only; no renderer reads YAML."""
