"""Shared fixtures: Sphinx's testing app, with test roots under ``tests/roots``."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

# Test roots are small Sphinx projects, not test modules.
collect_ignore = ["roots"]

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Point ``@pytest.mark.sphinx(testroot=...)`` at ``tests/roots/test-<name>``."""
    return ROOTS
