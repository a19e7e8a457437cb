"""The figures of "De voorbeelden in beeld": map and charts as inline SVG, and the section."""
