"""Stage 5: `workbook build`: check, render every asked-for output, write each atomically."""
