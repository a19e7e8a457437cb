"""Stage 6: `workbook serve`: build the site, serve it on 127.0.0.1, rebuild on change."""
