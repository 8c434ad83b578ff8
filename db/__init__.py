"""Database room: connection setup, schema migrations and default SOP data.

Imports go pages -> lib -> db, never back; nothing here imports streamlit.
"""
from db.connection import connect, immediate, migrate  # noqa: F401
