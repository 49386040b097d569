"""Settings for benchmark runs only: the product's settings plus the bench-only URLs.

The plain views the benchmarks compare against are mounted here and never in `liaison.urls`.
"""

from liaison.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
