#!/bin/sh
# Build the CMYK output profile of the print edition from free characterisation data.
#
#   scripts/make_icc_profile.sh [OUTPUT.icc]      (default: templates/color/werkboek-fogra39.icc)
#
# Input: FOGRA39L.ti3 from Debian's icc-profiles-free (zlib licence): Fogra's measurements
# of ISO 12647-2:2004/Amd 1 offset on coated paper (paper type 1/2), the condition of
# "ISO Coated v2". Tool: Argyll's colprof (Debian package argyll).
#
# Settings, and why:
#   -qm          medium quality: enough for a print condition that is itself an average,
#                and a profile of 228 KB (178 KB compressed), embedded once in every
#                print PDF.
#   -nc          leave the 126 KB of measurement data out of the profile.
#   -l 330 -L 100  total ink limit 330 % (what FOGRA39 / ISO Coated v2 prescribes) and no
#                separate black limit.
#   -k r         black generation as a ramp (Argyll's default, a medium GCR): greys and
#                dark colours get black ink, light colours stay CMY.
#   -S sRGB.icc  perceptual and saturation tables are gamut-mapped from sRGB, the space of
#                every screen colour and photo the book converts.
#   -D           the description; it becomes the Info of the PDF's output intent.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-"$ROOT/templates/color/werkboek-fogra39.icc"}
TI3=/usr/share/color/icc/FOGRA39L.ti3
SRGB=/usr/share/color/icc/sRGB.icc
DESCRIPTION="werkboek FOGRA39 (ISO 12647-2 coated)"

for needed in "$TI3" "$SRGB"; do
  if [ ! -f "$needed" ]; then
    echo "ontbreekt: $needed (sudo apt-get install icc-profiles-free)" >&2
    exit 1
  fi
done
if ! command -v colprof >/dev/null 2>&1; then
  echo "ontbreekt: colprof (sudo apt-get install argyll)" >&2
  exit 1
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$TI3" "$WORK/FOGRA39L.ti3"
(
  cd "$WORK"
  colprof -qm -nc -l 330 -L 100 -k r -S "$SRGB" \
    -A "werkboek" \
    -M "FOGRA39L, ISO 12647-2:2004/Amd 1, coated paper" \
    -D "$DESCRIPTION" \
    -C "Made with Argyll colprof from FOGRA39L.ti3 (icc-profiles-free, zlib licence)" \
    -O profile.icc FOGRA39L
)
# colprof writes the current date and time into the header (bytes 24-35: year, month, day,
# hour, minute, second, 16 bits each); everything else is the same on every run. A fixed
# date makes the file byte-reproducible. The header's profile ID stays zero (not computed),
# so no checksum needs updating.
printf '\007\352\000\013\000\036\000\000\000\000\000\000' |
  dd of="$WORK/profile.icc" bs=1 seek=24 count=12 conv=notrunc 2>/dev/null
mkdir -p "$(dirname "$OUT")"
mv "$WORK/profile.icc" "$OUT"
echo "geschreven: $OUT ($(wc -c <"$OUT") bytes)"
