"""The screen PDF: laid out in parts (in parallel, cached), merged into one PDF/UA-1."""
