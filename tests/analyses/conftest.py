"""Fixtures for the chapter-1 analysis tests; the factory itself lives in _factory_ch1 so test modules can import
it by name (`from _factory_ch1 import make_case`) without relying on how pytest names conftest modules."""

import pytest

from _factory_ch1 import codes_frame, make_case, people_frame, random_org  # noqa: F401  (re-exported)


@pytest.fixture
def case_factory():
    """make_case(spec=None, **tables) -> Case."""
    return make_case
