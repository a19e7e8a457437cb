"""The screen PDF: laid out in parts (in parallel, cached), merged into one PDF/A-2a + PDF/UA-1."""
