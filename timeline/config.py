"""Settings: where the database is."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB_URL = "sqlite:///timeline.db"
DB_ENV = "TIMELINE_DB"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def normalize_url(url: str) -> str:
    """Accept a bare file path as a SQLite database; map postgres URLs to psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def database_url(explicit: str | None = None) -> str:
    return normalize_url(explicit or os.environ.get(DB_ENV) or DEFAULT_DB_URL)
