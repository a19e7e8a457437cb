"""Shared settings and helpers of the security suite (tests/security).

Hypothesis profiles, chosen with the environment variable HYPOTHESIS_PROFILE:

- ``default``: a few hundred examples per property; the whole security suite stays under
  a minute on two cores (what `make test` and CI run);
- ``fuzz``: enough examples that the properties of test_fuzz.py together generate more
  than 20,000 inputs (what `make fuzz` runs).

Why not tests/security/conftest.py: tests/ is not a package, so every conftest.py there is
imported under the one module name ``conftest``; a second one would replace
tests/conftest.py in ``sys.modules`` and break ``from conftest import ...`` in the other
test modules. The fixtures of tests/conftest.py (make_project, run_cli) are available here
all the same.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Per-property example counts; test_fuzz.py weighs them per property (cheap properties,
# such as the YAML loader alone, run more examples than a whole project check on disk).
PROFILE_EXAMPLES = {"default": 150, "fuzz": 3000}

_COMMON = {
    "deadline": None,  # the tests assert their own time bound per input
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    "print_blob": True,
}

settings.register_profile("default", max_examples=PROFILE_EXAMPLES["default"], **_COMMON)
settings.register_profile("fuzz", max_examples=PROFILE_EXAMPLES["fuzz"], database=None, **_COMMON)

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
if PROFILE not in PROFILE_EXAMPLES:  # pragma: no cover - a typo in the environment
    raise RuntimeError(f"unknown HYPOTHESIS_PROFILE {PROFILE!r}; use 'default' or 'fuzz'")


def weighted(weight: float) -> settings:
    """The chosen profile, with `weight` times its number of examples."""
    return settings(
        settings.get_profile(PROFILE),
        max_examples=max(10, int(PROFILE_EXAMPLES[PROFILE] * weight)),
    )
