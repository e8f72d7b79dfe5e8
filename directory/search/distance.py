"""Great-circle distances in miles, and finding the nearest services without measuring every one."""
from __future__ import annotations

import heapq
from math import asin, cos, degrees, floor, radians, sin, sqrt

EARTH_RADIUS_MILES = 3958.8

# A service's located places as flat (lat radians, lng radians, cos lat) triples, or None.
Points = tuple[float, ...] | None


def prepare(points: list[tuple[float, float]] | None) -> Points:
    """Precompute what haversine needs for each of a service's (lat, lng) points."""
    flat: list[float] = []
    for lat, lng in points or ():
        if lat is None or lng is None:
            continue
        flat += (radians(lat), radians(lng), cos(radians(lat)))
    return tuple(flat) or None


def nearest_miles(origin: tuple[float, float], all_points: list[Points], docnums) -> dict[int, float]:
    """Miles from origin to the nearest point of each of docnums that has points."""
    lat0, lng0 = radians(origin[0]), radians(origin[1])
    cos0 = cos(lat0)
    out = {}
    for d in docnums:
        pts = all_points[d]
        if pts is None:
            continue
        best = 2.0
        for i in range(0, len(pts), 3):
            # The haversine "h" grows with distance, so compare it and take the arcsine once.
            h = sin((pts[i] - lat0) / 2) ** 2 + cos0 * pts[i + 2] * sin((pts[i + 1] - lng0) / 2) ** 2
            if h < best:
                best = h
        out[d] = 2 * EARTH_RADIUS_MILES * asin(sqrt(min(best, 1.0)))
    return out


DOCS_PER_CELL = 16  # cells are sized so an average occupied one holds about this many services


class Grid:
    """Located documents bucketed into lat/lng cells, so the nearest few are found without measuring all."""

    def __init__(self, all_points: list[Points]):
        located = [(d, degrees(pts[i]), degrees(pts[i + 1]))
                   for d, pts in enumerate(all_points) if pts is not None for i in range(0, len(pts), 3)]
        lats = [lat for _, lat, _ in located] or [0.0]
        lngs = [lng for _, _, lng in located] or [0.0]
        area = max(1e-6, (max(lats) - min(lats)) * (max(lngs) - min(lngs)))
        self.cell = min(1.0, max(0.002, sqrt(area * DOCS_PER_CELL / max(1, len(located)))))
        self.max_lat = max(abs(min(lats)), abs(max(lats)))
        cells: dict[tuple[int, int], list[int]] = {}
        for d, lat, lng in located:
            bucket = cells.setdefault((floor(lat / self.cell), floor(lng / self.cell)), [])
            if not bucket or bucket[-1] != d:
                bucket.append(d)
        self.cells = cells
        rows = [i for i, _ in cells] or [0]
        cols = [j for _, j in cells] or [0]
        self.rows, self.cols = (min(rows), max(rows)), (min(cols), max(cols))

    def nearest(self, origin: tuple[float, float], all_points: list[Points], member: bytes,
                want: int) -> dict[int, float]:
        """Miles to at least the `want` nearest member documents (to all located members if fewer)."""
        cell = self.cell
        ci, cj = floor(origin[0] / cell), floor(origin[1] / cell)
        (top, bottom), (left, right) = self.rows, self.cols
        first = max(0, top - ci, ci - bottom, left - cj, cj - right)  # rings before this hold no cells
        last = max(abs(ci - top), abs(ci - bottom), abs(cj - left), abs(cj - right))
        # A degree of longitude is shortest at the highest latitude in play.
        cos_max = cos(radians(min(89.0, max(self.max_lat, abs(origin[0])))))
        cell_rad = radians(cell)
        cells = self.cells
        found: dict[int, float] = {}
        for r in range(first, last + 1):
            ring = []
            for i in range(max(ci - r, top), min(ci + r, bottom) + 1):
                if i in (ci - r, ci + r):
                    columns = range(max(cj - r, left), min(cj + r, right) + 1)
                else:
                    columns = [j for j in (cj - r, cj + r) if left <= j <= right]
                for j in columns:
                    for d in cells.get((i, j), ()):
                        if d not in found and member[d >> 3] >> (d & 7) & 1:
                            ring.append(d)
            found.update(nearest_miles(origin, all_points, ring))
            if len(found) >= want:
                # Anything unseen lies outside this square of cells: at least r cells north, south, east or west.
                bound = min(EARTH_RADIUS_MILES * r * cell_rad,
                            2 * EARTH_RADIUS_MILES * asin(min(1.0, cos_max * sin(r * cell_rad / 2))))
                if heapq.nsmallest(want, found.values())[-1] <= bound:
                    break
        return found
