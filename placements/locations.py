"""Where homes and settings are, on the British National Grid (easting and northing in metres, as
GIAS publishes them), and straight-line distances between them.

A home's location is the centre of its postcode district, from a small table shipped with the
app (``data/postcode-district-centroids.csv``, for the demo area only). Nothing here calls an
outside service, and nothing pretends to know a route: distances are "as the crow flies".
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CENTROIDS_FILE = DATA_DIR / "postcode-district-centroids.csv"
KM_PER_MILE = 1.609344

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9][A-Z]{2})$")
_DISTRICT_ONLY = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


@dataclass(frozen=True)
class GridPoint:
    """A point on the British National Grid, in metres."""

    easting: int
    northing: int

    def km_to(self, other: GridPoint) -> float:
        return math.hypot(self.easting - other.easting, self.northing - other.northing) / 1000


def normalise_postcode(value: str) -> str:
    """``"db1 1aa"`` -> ``"DB1 1AA"``; anything that is not a full UK postcode -> ``""``."""
    match = _POSTCODE.match((value or "").strip().upper())
    return f"{match.group(1)} {match.group(2)}" if match else ""


def postcode_district(value: str) -> str:
    """The outward code (district) of a postcode, e.g. ``"DB1"`` for ``"DB1 1AA"``."""
    text = (value or "").strip().upper()
    match = _POSTCODE.match(text)
    if match:
        return match.group(1)
    return text if _DISTRICT_ONLY.match(text) else ""


@cache
def district_centroids() -> dict[str, GridPoint]:
    """The shipped table of postcode-district centres (read once per process)."""
    with CENTROIDS_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["district"].strip().upper(): GridPoint(int(row["easting"]), int(row["northing"]))
            for row in csv.DictReader(handle)
        }


def point_for_postcode(postcode: str) -> GridPoint | None:
    """The centre of the postcode's district, if the table knows it."""
    return district_centroids().get(postcode_district(postcode))


def miles(km: float) -> float:
    return km / KM_PER_MILE
