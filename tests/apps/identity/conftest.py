import pytest


@pytest.fixture(autouse=True)
def _runs_inline(settings):
    settings.IDENTITY_RUN_IN_THREAD = False  # in-memory SQLite: no second connection for a thread
