"""Stage 4: renderers, one package per output (pdf, print, epub, site) and the figures they
share; they read only the model and the templates, never YAML."""
