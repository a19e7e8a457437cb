"""Stage 2: every problem in every file as a Dutch diagnostic (schema, rules, images, across
files), and the model when all is well (`run.check_project`)."""
