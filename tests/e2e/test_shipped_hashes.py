"""The accounts the browser tests log in with carry the shipped bcrypt cost: the
browser sees what users get (the unit tests hash at cost 4 for speed)."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_browser_accounts_are_hashed_at_the_shipped_cost(app):
    db = app.db()
    try:
        hashes = [r["password_hash"] for r in db.query("SELECT password_hash FROM users")]
    finally:
        db.conn.close()
    assert len(hashes) == 11
    assert all(re.fullmatch(r"\$2[aby]\$12\$[./A-Za-z0-9]{53}", h) for h in hashes), hashes
