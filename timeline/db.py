"""Opening a database: engine, SQLite pragmas, migrations on first use, sessions."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Session, sessionmaker

from timeline.config import MIGRATIONS_DIR, database_url
from timeline.errors import DatabaseError


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so that DDL
    # is transactional and writers can take the lock up front (BEGIN IMMEDIATE).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    url = database_url(url)
    kwargs: dict[str, Any] = {}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"timeout": 30}
    try:
        engine = create_engine(url, **kwargs)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise DatabaseError(f"cannot open database {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _pg_settings)
        event.listen(engine, "begin", _pg_begin)
    return engine


def _pg_settings(dbapi_conn: Any, _record: Any) -> None:
    # Exports stream through server-side cursors, which PostgreSQL plans for the first 10% of
    # the rows by default: for a country pair it then walks the whole date index instead of
    # sorting the pair's events (4 s instead of 0.7 s for 56,000 events). Every cursor here
    # is read to its end, so plan for all the rows.
    cur = dbapi_conn.cursor()
    cur.execute("SET cursor_tuple_fraction = 1.0")
    cur.close()
    dbapi_conn.commit()


def _sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "")
    if mode == "IMMEDIATE":
        # Writers switch the file to WAL (readers then never block writers); reading
        # commands leave the file as it is, so a query never changes the shipped timeline.db.
        try:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        except SQLAlchemyError:  # in-memory databases have no WAL
            pass
    conn.exec_driver_sql(f"BEGIN {mode}".strip())


# Key of the PostgreSQL advisory lock that writers hold for the length of their transaction
# (advisory locks are scoped to the current database): any 64-bit number nobody else uses.
PG_WRITER_LOCK = 0x74696D656C696E65  # b"timeline"


def _pg_begin(conn: Any) -> None:
    if conn.get_execution_options().get("timeline_writer"):
        # The DBAPI opens the transaction with this statement; the lock lasts until COMMIT
        # or ROLLBACK, so concurrent writers take turns like SQLite's BEGIN IMMEDIATE.
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITER_LOCK})")


def write_connection_options(engine: Engine) -> dict[str, Any]:
    """Execution options for a writing transaction: one writer at a time per database.

    SQLite takes its write lock at BEGIN (BEGIN IMMEDIATE, waiting up to busy_timeout);
    PostgreSQL takes a transaction-scoped advisory lock as the transaction's first statement.
    Either way a writer sees every row committed before it began, so two processes cannot
    both decide that a document or an event is new, and migrations are not run twice.
    """
    if engine.dialect.name == "sqlite":
        return {"sqlite_begin": "IMMEDIATE"}
    if engine.dialect.name == "postgresql":
        return {"timeline_writer": True}
    return {}


def alembic_config(engine: Engine | None = None, connection: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


_REVISION = re.compile(r"^revision(?::\s*str)?\s*=\s*['\"](\w+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision[^=]*=\s*['\"](\w+)['\"]", re.M)


@functools.lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest migration, read from the revision files (importing alembic costs a
    quarter of a second, too much for every query); alembic decides when files disagree."""
    revisions, downs = set(), set()
    for path in MIGRATIONS_DIR.glob("versions/*.py"):
        source = path.read_text(encoding="utf-8")
        revisions.update(_REVISION.findall(source))
        downs.update(_DOWN.findall(source))
    heads = revisions - downs
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return current_revision_conn(conn)


def current_revision_conn(conn: Any) -> str | None:
    if conn.dialect.name == "sqlite":  # cheaper than an Inspector, which every command pays
        exists = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first()
    elif conn.dialect.name == "postgresql":
        exists = conn.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar()
    else:
        exists = inspect(conn).has_table("alembic_version")
    if not exists:
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    # On SQLite, BEGIN IMMEDIATE serialises concurrent first-use migrations of one file.
    with engine.connect().execution_options(**write_connection_options(engine)) as conn:
        with conn.begin():
            if current_revision_conn(conn) != head_revision() or revision != "head":
                command.upgrade(alembic_config(connection=conn), revision)
                if current_revision_conn(conn) == head_revision():
                    _fill_derived(conn)


def _fill_derived(conn: Any) -> None:
    """Data that a migration leaves to the application: digests of events stored before the
    event_digest table existed (computed by the code of the head schema, which is now the
    schema of the database)."""
    from timeline.digest import refresh_missing

    refresh_missing(conn)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.connect().execution_options(**write_connection_options(engine)) as conn:
        with conn.begin():
            command.downgrade(alembic_config(connection=conn), revision)


class Database:
    """An engine plus, made on first use, a session factory: the object the CLI hands to
    every command. Reading commands use ``connect()`` (Core only: the ORM is never imported
    on the query path); writers use ``session()``."""

    def __init__(self, engine: Engine, sessions: sessionmaker[Session] | None = None) -> None:
        self.engine = engine
        self._sessions = sessions

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def sessions(self) -> sessionmaker[Session]:
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        return self._sessions

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A Core connection for reading."""
        with self.engine.connect() as conn:
            yield conn

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str | None = None, *, migrate: bool = True, seed: bool = True) -> Database:
    """Open (and on first use create, migrate and seed) the database at ``url``."""
    db = Database(make_engine(url))
    if migrate:
        ensure_current(db, seed=seed)
    return db


def _has_reference_data(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(text("SELECT 1 FROM country LIMIT 1")).first() is not None


def ensure_current(db: Database, *, seed: bool = True) -> None:
    """Upgrade to the newest schema if needed and load the reference data if it is missing.

    Safe when several processes open a new database at once: the upgrade runs under the
    writer lock (see write_connection_options) and re-checks the revision inside it, so one
    process migrates and the others find the work done; loading the reference data is
    idempotent and also runs under the lock. Transient lock errors are retried.
    """
    head = head_revision()
    attempts = 6
    for attempt in range(attempts):
        try:
            if current_revision(db.engine) != head:
                upgrade(db.engine, "head")
            if seed and not _has_reference_data(db.engine):
                from timeline.seeds import load_reference_data

                load_reference_data(db)
            return
        except OperationalError as exc:
            # Another process may be creating the same database right now.
            if attempt == attempts - 1:
                raise DatabaseError(f"cannot migrate {db.url}: {exc.orig}") from exc
            time.sleep(0.2 * (attempt + 1))
        except SQLAlchemyError as exc:
            raise DatabaseError(f"cannot open database {db.url}: {exc}") from exc
        except Exception as exc:
            from alembic.util import CommandError

            if isinstance(exc, CommandError):  # e.g. a database migrated by a newer timeline
                raise DatabaseError(f"cannot migrate {db.url}: {exc}") from exc
            raise
