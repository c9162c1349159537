from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _trouble_taxonomy(request):
    """The 困りごと terms come from a data migration; a transactional test elsewhere in the
    session flushes them, so make sure they exist for every database test here."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    from tsunagu.directory.services import ensure_trouble_taxonomy

    ensure_trouble_taxonomy()
