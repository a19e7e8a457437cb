"""The static site: pages, the contributor form, and the Pagefind search index."""
