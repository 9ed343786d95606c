"""Whether a database file holds what its schema version must have, and the repair.

FunnelDesk derives data from what the user entered — the funnel facts the statistics read
(``core/funnel_facts.py``) and the search index (``core/search.py``) — and triggers inside the
file keep it current. Another SQLite tool, a hand-made restore or an old script can drop a
trigger or an index; from then on every move leaves the derived tables further off and the
statistics go wrong without a word. This module compares a file with the schema of its
version, built in memory from the migration steps (never a hand-written list):

* every index and trigger, and the search table (``sqlite_master`` against the expected
  set: about a millisecond);
* the derived tables: row counts (cheap, at open), or in full against a fresh derivation;
* the search index: customers missing from it, rows of customers that are gone (in full);
* ``integrity_check`` (in full): damaged pages (restore a backup), index contents (rebuilt),
  rows breaking a CHECK or NOT NULL rule;
* ``foreign_key_check`` (in full): rows referring to a row that does not exist.

:func:`inspect` returns an :class:`IntegrityReport`. :func:`repair` puts back what can be put
back in one transaction (indexes, triggers, derived tables), with progress and Cancel; rows
that break a rule are listed — table, row id, what is wrong — and never deleted: only the
user knows what they should hold. :func:`require_fresh_facts` is the statistics' guard: they
refuse to compute from funnel facts known to be stale rather than show wrong numbers.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from funneldesk.core import funnel_facts, schema, search
from funneldesk.core.db import Database, open_read_only
from funneldesk.core.errors import StaleDataError
from funneldesk.core.file_checks import BROKEN_RULE, built_schema, expected_schema
from funneldesk.core.index_rebuild import deferred_indexes
from funneldesk.core.jobs import CancelCheck, Cancelled, Progress

MAX_LISTED = 100
"""Rows listed per kind of broken rule; the rest are counted in one more finding."""

# Kinds of finding (the ``kind`` member of a finding in ``funneldesk check --json``).
MISSING_INDEX = "missing_index"
MISSING_TRIGGER = "missing_trigger"
MISSING_TABLE = "missing_table"
STALE = "stale_derived_data"
INDEX_CONTENT = "index_content"
BROKEN_CHECK = "check_violation"
BROKEN_NOT_NULL = "not_null_violation"
FOREIGN_KEY = "foreign_key_violation"
DAMAGE = "damage"
MISSING_KINDS = {"index": MISSING_INDEX, "trigger": MISSING_TRIGGER, "table": MISSING_TABLE}


@dataclass(frozen=True)
class SchemaObject:
    type: str  # "index", "trigger" or "table" (a virtual table: the search index)
    name: str
    table: str
    sql: str


@dataclass(frozen=True)
class DerivedData:
    """Tables FunnelDesk derives from the user's data (and may rebuild at any time).

    ``comparable``: a full check compares every row with a fresh derivation, so a missing
    trigger alone does not make them stale; the search index can only be checked for rows
    missing or left over (a customer changed while its trigger was gone looks the same).
    """

    name: str
    tables: tuple[str, ...]
    comparable: bool

    def kept_by(self, obj: SchemaObject) -> bool:
        """Whether these tables go stale without ``obj``: one of them, or a trigger that
        writes (or queues rows for) one of them."""
        if obj.type == "table":
            return obj.name in self.tables
        return obj.type == "trigger" and any(
            re.search(rf"\b{table}\b", obj.sql) for table in self.tables
        )


FACTS = DerivedData("funnel facts", funnel_facts.DERIVED_TABLES, comparable=True)
SEARCH = DerivedData(
    "search index",
    (search.INDEX_TABLE, search.KEYS_TABLE, search.PENDING_TABLE),
    comparable=False,
)
DERIVED = (FACTS, SEARCH)

# Derived tables with exactly one row per base row: a cheap count tells they drifted.
# (Not stage_visits: a history row whose deal is gone, written with foreign keys off, has
# no visit, so its count may differ while the table equals a fresh derivation.)
COUNTED = {"deal_facts": "deals"}


@dataclass(frozen=True)
class Finding:
    """One thing a file lacks or holds wrong. ``repairable`` ones :func:`repair` puts right;
    the others are listed for the user (a row breaking a rule, a damaged page)."""

    kind: str
    message: str
    table: str | None = None
    name: str | None = None  # index, trigger or derived data
    row_id: int | None = None
    rows: int | None = None  # how many rows are off or left unlisted
    repairable: bool = False


@dataclass
class IntegrityReport:
    """What :func:`inspect` found; ``full`` False means the cheap check of the open path."""

    database: str
    schema_version: int
    full: bool
    findings: list[Finding]
    repaired: list[Finding] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return not self.findings

    @property
    def repairable(self) -> list[Finding]:
        return [f for f in self.findings if f.repairable]

    def stale(self) -> list[str]:
        """Names of the derived data known to be stale."""
        return list(dict.fromkeys(f.name for f in self.findings if f.kind == STALE and f.name))

    def as_json(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "schema_version": self.schema_version,
            "full": self.full,
            "sound": self.sound,
            "findings": [asdict(f) for f in self.findings],
            "repaired": [asdict(f) for f in self.repaired],
        }


# -- what the schema must have ---------------------------------------------------------------


@functools.cache
def expected_objects(version: int) -> dict[str, SchemaObject]:
    """Every index, trigger and virtual table a file of schema ``version`` has, by name,
    from the schema the migration steps build (:func:`~funneldesk.core.file_checks.built_schema`),
    so it can never disagree with them. SQLite's own automatic indexes are left out."""
    master, _tables = built_schema(version)
    return {
        name: SchemaObject(kind, name, table, sql)
        for kind, name, table, sql in master
        if sql and (kind in ("index", "trigger") or sql.startswith("CREATE VIRTUAL"))
    }


def _present(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM main.sqlite_master")}


def _derived_of(version: int) -> list[DerivedData]:
    """The derived data a file of ``version`` holds (search from step 3, facts from 4)."""
    tables = set(expected_schema(version)) | set(expected_objects(version))
    return [data for data in DERIVED if data.tables[0] in tables]


# -- inspecting ------------------------------------------------------------------------------


def inspect(
    conn: sqlite3.Connection,
    version: int,
    *,
    full: bool,
    database: str = "",
    progress: Progress | None = None,
) -> IntegrityReport:
    """Compare the file behind ``conn`` with schema ``version``.

    Never writes the file (temporary tables only), so a read-only connection will do.
    ``full`` False is the cheap check of the open path: missing objects and row counts,
    about a millisecond. ``full`` reads every page and derives everything again: seconds at
    100k customers (``funneldesk check``, with ``progress`` after each part); a file with
    damaged pages is reported as such without reading its rows further.
    """
    tick = progress or (lambda _done, _total: None)
    present = _present(conn) | deferred_indexes(conn).keys()  # built at an import's end
    findings = _missing_objects(present, version)
    derived = _derived_of(version)
    steps = 3 + len(derived)
    if full:
        pages = _integrity_findings(conn)
        if any(finding.kind == DAMAGE for finding in pages):  # reading rows would meet it
            return IntegrityReport(database, version, full, findings + pages)
        findings += pages
        tick(1, steps)
    for done, data in enumerate(derived, start=2):
        findings += _stale(conn, data, present, version, full=full)
        tick(done, steps)
    if full:
        findings += _broken_rule_findings(conn, version)
        tick(steps - 1, steps)
        findings += _foreign_key_findings(conn)
        tick(steps, steps)
    return IntegrityReport(database, version, full, findings)


def open_check(db: Database) -> IntegrityReport:
    """The cheap check of an open, current file (the app at open): about a millisecond."""
    return inspect(db.reader, schema.SCHEMA_VERSION, full=False, database=str(db.path))


def check_file(path: Path, progress: Progress | None = None) -> IntegrityReport:
    """The full check of the file at ``path``, opened only to read (nothing is changed).

    A file that is not a current FunnelDesk database raises a
    :class:`~funneldesk.core.errors.DatabaseOpenError` (see :func:`db.open_read_only`).
    """
    with open_read_only(path, check_pages=False) as db:  # the full check reads every page
        try:
            return inspect(
                db.conn, schema.SCHEMA_VERSION, full=True, database=str(path), progress=progress
            )
        except sqlite3.DatabaseError as exc:
            db.raise_if_damaged(exc)
            raise


def _missing_objects(present: set[str], version: int) -> list[Finding]:
    return [
        Finding(
            MISSING_KINDS[obj.type],
            f"The {obj.type} {obj.name} on {obj.table} is missing.",
            table=obj.table,
            name=obj.name,
            repairable=True,
        )
        for obj in expected_objects(version).values()
        if obj.name not in present
    ]


def _stale(
    conn: sqlite3.Connection, data: DerivedData, present: set[str], version: int, *, full: bool
) -> list[Finding]:
    """Why ``data`` cannot be trusted: a trigger keeping it is gone, or its rows are off."""
    missing = [
        obj.name
        for obj in expected_objects(version).values()
        if obj.name not in present and data.kept_by(obj)
    ]
    if missing and not (full and data.comparable):
        return [
            Finding(
                STALE,
                f"The {data.name} cannot be trusted: {', '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} missing.",
                name=data.name,
                repairable=True,
            )
        ]
    off = _rows_off(conn, data) if full else _counts_off(conn, data)
    return [
        Finding(
            STALE,
            f"{rows:,} rows of {table} ({data.name}) differ from a fresh derivation.",
            table=table,
            name=data.name,
            rows=rows,
            repairable=True,
        )
        for table, rows in off.items()
    ]


def _counts_off(conn: sqlite3.Connection, data: DerivedData) -> dict[str, int]:
    """Tables whose row count differs from their base table's (a few ms at 100k customers)."""
    off = {}
    for derived, base in COUNTED.items():
        if derived in data.tables:
            count = conn.execute(
                f"SELECT (SELECT COUNT(*) FROM {base}) - (SELECT COUNT(*) FROM {derived})"
            ).fetchone()[0]
            if count:
                off[derived] = abs(count)
    return off


def _rows_off(conn: sqlite3.Connection, data: DerivedData) -> dict[str, int]:
    if data is FACTS:
        return funnel_facts.differences(conn)
    unindexed = conn.execute(
        f"SELECT COUNT(*) FROM customers WHERE id NOT IN (SELECT rowid FROM {search.INDEX_TABLE})"
        f" AND id NOT IN (SELECT customer_id FROM {search.PENDING_TABLE})"
    ).fetchone()[0]
    orphans = conn.execute(
        f"SELECT (SELECT COUNT(*) FROM {search.INDEX_TABLE} WHERE rowid NOT IN "
        f"(SELECT id FROM customers)) + (SELECT COUNT(*) FROM {search.KEYS_TABLE} "
        "WHERE customer_id NOT IN (SELECT id FROM customers))"
    ).fetchone()[0]
    return {search.INDEX_TABLE: unindexed + orphans} if unindexed + orphans else {}


def _integrity_findings(conn: sqlite3.Connection) -> list[Finding]:
    """``integrity_check`` sorted out: damage, and index contents to rebuild. (Its lines on
    broken rules are left to :func:`_broken_rule_findings`: SQLite skips those checks on a
    read-only connection.)"""
    damage: list[str] = []
    indexes: dict[str, str] = {}
    for (text,) in conn.execute("PRAGMA integrity_check"):
        for line in text.splitlines():  # one row may hold several lines
            index = re.search(r"\bindex (\w+)$", line)
            if line in ("ok", "") or line.startswith("***") or BROKEN_RULE.match(line):
                continue
            if index and not line.startswith("non-unique"):
                indexes.setdefault(index[1], line)
            else:
                damage.append(line)
    if damage:  # an index over a damaged page is damage too: rebuilding it restores nothing
        problems = len(damage) + len(indexes)
        more = f" (and {problems - 1:,} more problems)" if problems > 1 else ""
        return [
            Finding(
                DAMAGE,
                f"The file is damaged: {damage[0]}{more}. Restore a backup.",
                rows=problems,
            )
        ]
    return [
        Finding(
            INDEX_CONTENT,
            f"The index {name} does not match its table ({line}).",
            name=name,
            repairable=True,
        )
        for name, line in indexes.items()
    ]


def _broken_rule_findings(conn: sqlite3.Connection, version: int) -> list[Finding]:
    """Rows breaking a CHECK or NOT NULL rule of their table, in one pass per table."""
    findings: list[Finding] = []
    for table in sorted(expected_schema(version)):
        findings += _listed(_broken_rows(conn, table), f"rows of {table} break a rule")
    return findings


def _broken_rows(conn: sqlite3.Connection, table: str) -> Iterator[Finding]:
    sql = conn.execute(
        "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()[0]
    rules = [
        (BROKEN_CHECK, None, f"NOT ({rule})", f"breaks the rule CHECK ({rule})")
        for rule in check_rules(sql)
    ]
    rules += [
        # typeof(): SQLite would read "col IS NULL" of a NOT NULL column as plain false
        (BROKEN_NOT_NULL, row[1], f"typeof(\"{row[1]}\") = 'null'", f"has no {row[1]} (NOT NULL)")
        for row in conn.execute(f'PRAGMA table_info("{table}")')
        if row[3] and not row[5]  # NOT NULL, and not the primary key
    ]
    if not rules or re.search(r"WITHOUT\s+ROWID", sql, re.IGNORECASE):
        return  # only derived tables go without a rowid
    tests = ", ".join(test for _kind, _column, test, _what in rules)
    where = " OR ".join(f"({test})" for _kind, _column, test, _what in rules)
    for row_id, *failed in conn.execute(f'SELECT rowid, {tests} FROM "{table}" WHERE {where}'):
        for (kind, column, _test, what), broken in zip(rules, failed, strict=True):
            if broken:
                yield Finding(
                    kind, f"{table} #{row_id} {what}.", table=table, name=column, row_id=row_id
                )


def check_rules(table_sql: str) -> list[str]:
    """The expressions of every ``CHECK (...)`` in a ``CREATE TABLE`` statement."""
    rules = []
    for match in re.finditer(r"\bCHECK\s*\(", table_sql, re.IGNORECASE):
        depth, quote, start = 1, "", match.end()
        for position in range(start, len(table_sql)):
            char = table_sql[position]
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    rules.append(table_sql[start:position].strip())
                    break
    return rules


def _foreign_key_findings(conn: sqlite3.Connection) -> list[Finding]:
    columns: dict[tuple[str, int], str] = {}
    findings = []
    for table, row_id, parent, key in conn.execute("PRAGMA foreign_key_check"):
        if (table, key) not in columns:
            for row in conn.execute(f'PRAGMA foreign_key_list("{table}")'):
                columns[(table, row[0])] = row[3]
        column = columns[(table, key)]
        value = conn.execute(f'SELECT "{column}" FROM "{table}" WHERE rowid = ?', (row_id,))
        findings.append(
            Finding(
                FOREIGN_KEY,
                f"{table} #{row_id}: {column} is {value.fetchone()[0]}, but {parent} has no "
                "such row.",
                table=table,
                name=column,
                row_id=row_id,
            )
        )
    return _listed(iter(findings), "rows refer to rows that do not exist")


def _listed(found: Iterator[Finding], what: str) -> list[Finding]:
    """The first :data:`MAX_LISTED` findings, and one that counts the rest."""
    listed: list[Finding] = []
    rest = 0
    for finding in found:
        if len(listed) < MAX_LISTED:
            listed.append(finding)
        else:
            rest += 1
    if rest:
        last = listed[-1]
        listed.append(Finding(last.kind, f"{rest:,} more {what}.", table=last.table, rows=rest))
    return listed


# -- the statistics' guard -------------------------------------------------------------------


def require_fresh_facts(conn: sqlite3.Connection) -> None:
    """Refuse to go on when the funnel facts are known to be stale (the cheap check).

    Raises :class:`StaleDataError`; the statistics call it inside their read transaction.
    """
    version = schema.SCHEMA_VERSION
    if _stale(conn, FACTS, _present(conn), version, full=False):
        raise StaleDataError(
            "The funnel data FunnelDesk derives from your deals is out of date (the file was "
            "changed by another program), so the figures would be wrong. Repair it in the app "
            "or with “funneldesk check --repair”."
        )


# -- repairing -------------------------------------------------------------------------------


def repair(
    db: Database,
    report: IntegrityReport,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> list[Finding]:
    """Put right every repairable finding of ``report``, in one transaction; returns them.

    Missing indexes, triggers and the search table are created as the schema creates them,
    index contents rebuilt, stale funnel facts derived again; a stale search index is queued
    in the same transaction and indexed after it in committed batches (as after an import),
    so a Cancel there leaves it queued, never wrong. A Cancel before the commit
    (:class:`Cancelled`) leaves the file as it was. Rows breaking a rule are left as they are.
    """
    fixes = _fixes(report)
    if not fixes:
        return []
    conn = db.conn
    stop = cancelled or (lambda: False)
    with db.bulk():
        conn.set_progress_handler(lambda: 1 if stop() else 0, 10_000)
        try:
            for done, fix in enumerate(fixes):
                if stop():
                    raise Cancelled("The repair was cancelled; the file was not changed.")
                fix(conn)
                if progress is not None:
                    progress(done + 1, len(fixes))
        except sqlite3.OperationalError as exc:
            if not stop():
                raise
            raise Cancelled("The repair was cancelled; the file was not changed.") from exc
        finally:
            conn.set_progress_handler(None, 0)
    if SEARCH.name in report.stale():
        with contextlib.suppress(Cancelled):  # the rest stays queued: searches index it
            search.update_search_index(db, progress, cancelled)
    return report.repairable


Fix = Callable[[sqlite3.Connection], object]


def _fixes(report: IntegrityReport) -> list[Fix]:
    """What puts ``report`` right, in order: tables and indexes first, then the derived
    rows, triggers last (so the rebuild runs without them, as a bulk job's does)."""
    objects = expected_objects(report.schema_version)
    repairable = report.repairable
    missing = [objects[f.name] for f in repairable if f.kind in MISSING_KINDS.values()]
    steps: list[tuple[int, Fix]] = [
        (3 if obj.type == "trigger" else 1, _statement(obj.sql)) for obj in missing
    ]
    steps += [(1, _statement(f'REINDEX "{f.name}"')) for f in repairable if f.kind == INDEX_CONTENT]
    stale = report.stale()
    if FACTS.name in stale:
        steps.append((2, funnel_facts.rebuild))
    if SEARCH.name in stale:
        steps.append((2, _queue_search))
    return [fix for _phase, fix in sorted(steps, key=lambda step: step[0])]


def _statement(sql: str) -> Fix:
    return lambda conn: conn.execute(sql)


def _queue_search(conn: sqlite3.Connection) -> None:
    """Drop index rows of customers that are gone and queue every customer to be indexed
    again (rows of a customer changed while the triggers were missing cannot be told)."""
    conn.execute(f"DELETE FROM {search.INDEX_TABLE} WHERE rowid NOT IN (SELECT id FROM customers)")
    conn.execute(
        f"DELETE FROM {search.KEYS_TABLE} WHERE customer_id NOT IN (SELECT id FROM customers)"
    )
    conn.execute(
        f"INSERT OR IGNORE INTO {search.PENDING_TABLE} (customer_id) SELECT id FROM customers"
    )


def check_and_repair(
    db: Database,
    *,
    full: bool,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> IntegrityReport:
    """Inspect an open file, repair what can be repaired, and report what remains."""
    version = schema.SCHEMA_VERSION
    before = inspect(db.conn, version, full=full, database=str(db.path))
    repaired = repair(db, before, progress, cancelled)
    if not repaired:
        return before
    after = inspect(db.conn, version, full=full, database=str(db.path))
    after.repaired = repaired
    return after
