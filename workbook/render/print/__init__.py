"""The print edition: CMYK colour, PDF/X-4 finishing, and its checks and preflight."""
