"""How big each generated data set is. `province` is the issue's figure for one province a year."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    database: str
    cities: int
    counties_per_city: int
    townships_per_county: int
    # deputies per congress, by level (the national figure is the province's delegation)
    deputies: dict
    stations: int
    suggestions: int
    visits: int


SCALES = {
    "tiny": Scale(
        "tiny",
        "liaison_bench_tiny",
        cities=2,
        counties_per_city=2,
        townships_per_county=2,
        deputies={"national": 2, "provincial": 4, "municipal": 5, "county": 5, "township": 4},
        stations=10,
        suggestions=400,
        visits=1_000,
    ),
    # About 1/100 of a province: for everyday runs, loads in seconds.
    "quick": Scale(
        "quick",
        "liaison_bench_quick",
        cities=4,
        counties_per_city=3,
        townships_per_county=4,
        deputies={"national": 2, "provincial": 8, "municipal": 30, "county": 30, "township": 10},
        stations=100,
        suggestions=10_000,
        visits=100_000,
    ),
    # ~100,000 deputies of five levels, 10,000 stations, 1,000,000 suggestions, 10,000,000 visits.
    "province": Scale(
        "province",
        "liaison_bench",
        cities=16,
        counties_per_city=7,
        townships_per_county=12,
        deputies={"national": 110, "provincial": 730, "municipal": 550, "county": 200, "township": 52},
        stations=10_000,
        suggestions=1_000_000,
        visits=10_000_000,
    ),
}
