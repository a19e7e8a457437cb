"""Renderers: they read only the model and the templates, never YAML."""
