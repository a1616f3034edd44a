"""The points map, drawn on the server as SVG: no tile service, no JavaScript, no foreign host.

Coordinates are projected with Web Mercator into an SVG box fitted to the index page's bounds (or
to the outline and the points when no bounds are set). The outline is a GeoJSON file: the demo
city shipped in ``data/demo_city.geojson`` or a document the editor uploads. A tile layer is only
drawn when ``LAWBRIDGE_MAP_TILE_URL`` is set (default off), e.g. a domestic tile server
``https://tiles.example.cn/{z}/{x}/{y}.png``."""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

DEMO_OUTLINE = Path(__file__).resolve().parent / "data" / "demo_city.geojson"
SVG_WIDTH = 1000.0
MAX_TILES_ACROSS = 4


def mercator(lng: float, lat: float) -> tuple[float, float]:
    """Longitude/latitude to Web Mercator world coordinates in [0, 1] (y grows southwards)."""
    lat = max(min(lat, 85.0511), -85.0511)
    x = (lng + 180.0) / 360.0
    rad = math.radians(lat)
    y = (1.0 - math.log(math.tan(rad) + 1.0 / math.cos(rad)) / math.pi) / 2.0
    return x, y


@lru_cache(maxsize=4)
def _read_shipped(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def load_outline(index_page) -> dict:
    document = getattr(index_page, "map_outline", None)
    if document is not None:
        try:
            with document.file.open("rb") as handle:
                return json.loads(handle.read().decode("utf-8"))
        except (OSError, ValueError) as exc:
            logger.warning("map outline %s unreadable, using the demo city: %s", document, exc)
    return _read_shipped(str(DEMO_OUTLINE))


def _rings(geometry: dict) -> list[list[tuple[float, float]]]:
    kind = (geometry or {}).get("type")
    coordinates = (geometry or {}).get("coordinates") or []
    if kind == "Polygon":
        return [[(float(x), float(y)) for x, y, *_ in ring] for ring in coordinates]
    if kind == "MultiPolygon":
        return [
            [(float(x), float(y)) for x, y, *_ in ring] for poly in coordinates for ring in poly
        ]
    return []


@dataclass
class Area:
    name: str
    d: str
    label_x: float
    label_y: float


@dataclass
class Marker:
    number: int
    page: object
    x: float
    y: float
    value: int = 0  # what the marker stands for on a figures map (opinions collected)
    radius: float = 22.0


@dataclass
class Tile:
    href: str
    x: float
    y: float
    size: float


@dataclass
class SvgMap:
    width: float
    height: float
    areas: list[Area] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    tiles: list[Tile] = field(default_factory=list)
    attribution: str = ""

    @property
    def viewbox(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"


def _bounds(index_page, features, points) -> tuple[float, float, float, float]:
    """(west, south, east, north)."""
    explicit = [
        getattr(index_page, name, None)
        for name in ("map_west", "map_south", "map_east", "map_north")
    ]
    if all(value is not None for value in explicit):
        return tuple(explicit)
    lngs, lats = [], []
    for feature in features:
        for ring in _rings(feature.get("geometry")):
            lngs += [x for x, _ in ring]
            lats += [y for _, y in ring]
    for point in points:
        lngs.append(point.longitude)
        lats.append(point.latitude)
    if not lngs:
        return (117.2, 37.2, 118.5, 38.1)
    pad_x = max((max(lngs) - min(lngs)) * 0.05, 0.01)
    pad_y = max((max(lats) - min(lats)) * 0.05, 0.01)
    return (min(lngs) - pad_x, min(lats) - pad_y, max(lngs) + pad_x, max(lats) + pad_y)


def build_map(index_page, points) -> SvgMap | None:
    located = [p for p in points if p.latitude is not None and p.longitude is not None]
    outline = load_outline(index_page)
    features = outline.get("features", []) if isinstance(outline, dict) else []
    west, south, east, north = _bounds(index_page, features, located)
    x0, y0 = mercator(west, north)
    x1, y1 = mercator(east, south)
    if x1 <= x0 or y1 <= y0:
        return None
    scale = SVG_WIDTH / (x1 - x0)
    height = (y1 - y0) * scale

    def project(lng, lat):
        x, y = mercator(lng, lat)
        return (x - x0) * scale, (y - y0) * scale

    svg = SvgMap(width=SVG_WIDTH, height=height)
    for feature in features:
        rings = _rings(feature.get("geometry"))
        if not rings:
            continue
        parts = []
        for ring in rings:
            projected = [project(lng, lat) for lng, lat in ring]
            parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in projected) + " Z")
        outer = [project(lng, lat) for lng, lat in rings[0]]
        # Label near the top of the area, where markers (towns) are rarer than in the middle.
        label_x = sum(x for x, _ in outer) / len(outer)
        label_y = min(y for _, y in outer) + 0.22 * (
            max(y for _, y in outer) - min(y for _, y in outer)
        )
        name = str((feature.get("properties") or {}).get("name", ""))
        svg.areas.append(Area(name=name, d=" ".join(parts), label_x=label_x, label_y=label_y))
    for number, point in enumerate(points, start=1):
        if point in located:
            x, y = project(point.longitude, point.latitude)
            svg.markers.append(Marker(number=number, page=point, x=x, y=y))
    tile_url = getattr(settings, "LAWBRIDGE_MAP_TILE_URL", "")
    if tile_url:
        svg.tiles = _tiles(tile_url, x0, y0, x1, y1, scale)
        svg.attribution = getattr(settings, "LAWBRIDGE_MAP_TILE_ATTRIBUTION", "")
    return svg


def size_markers(svg: SvgMap, values: dict, smallest: float = 14.0, largest: float = 40.0):
    """Give each marker its point's value and a radius whose *area* grows with it (a point with
    four times the opinions looks four times as big, not sixteen)."""
    top = max((values.get(m.page.pk, 0) for m in svg.markers), default=0)
    for marker in svg.markers:
        marker.value = values.get(marker.page.pk, 0)
        share = math.sqrt(marker.value / top) if top else 0.0
        marker.radius = smallest + (largest - smallest) * share
    return svg


def _tiles(template: str, x0, y0, x1, y1, scale) -> list[Tile]:
    zoom = int(math.floor(math.log2(MAX_TILES_ACROSS / (x1 - x0))))
    zoom = max(1, min(zoom, 18))
    n = 2**zoom
    tiles = []
    for tx in range(int(x0 * n), int(x1 * n) + 1):
        for ty in range(int(y0 * n), int(y1 * n) + 1):
            tiles.append(
                Tile(
                    href=template.format(z=zoom, x=tx, y=ty),
                    x=(tx / n - x0) * scale,
                    y=(ty / n - y0) * scale,
                    size=scale / n,
                )
            )
    return tiles
