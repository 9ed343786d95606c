"""Writing import records: validation per field, duplicate handling, batches, undo.

An import is one undoable change for the user but is written in transactions of
:data:`BATCH_ROWS` rows, so progress can be shown, Cancel stops between batches and the
write lock is never held for long. Each batch is a ``db.operation``; their change sets are
joined into one :class:`ChangeSet` the UI pushes as a single undo step. Rows are inserted
with ids chosen inside the transaction (``MAX(id) + 1 …``) and read back once per batch,
which keeps the exact after-images undo needs without a read per row. An import large
beside the file's customers drops their indexes in its first batch and builds them once at
its end, after a Cancel or an error too (``core/index_rebuild.py``: marked in the file, so
a crash in between is completed on the next open).
"""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypedDict

from funneldesk.core import name_order
from funneldesk.core.changes import ChangeSet
from funneldesk.core.clock import now_timestamp
from funneldesk.core.customers import (
    CUSTOMER_FIELDS,
    DATE_FIELDS,
    clean_customer,
    clean_important_date,
)
from funneldesk.core.db import Database
from funneldesk.core.errors import FunnelDeskError, ValidationError
from funneldesk.core.importing.records import ImportRecord
from funneldesk.core.index_rebuild import build_deferred, defer_indexes
from funneldesk.core.jobs import CancelCheck, Progress
from funneldesk.core.recorder import Recorder
from funneldesk.core.sync.clock import IdSource, member
from funneldesk.core.validation import NON_DIGIT_RE

DEFERRED_TABLES = ("customers",)
"""Tables whose indexes a large import builds once at its end (its other tables get few
rows per customer)."""
DEFER_SHARE = 0.5
"""An import of at least this share of the customers already in the file builds their
indexes afterwards. Measured on 94k customers: 10k more rows cost 0.55 s of CPU with the
indexes kept and 0.9–1.2 s with them built again; 30k rows break even (1.4–2.1 s either
way); 94k cost 4.9–6.4 s kept and 2.6–2.8 s built afterwards. The whole import breaks
even at about a quarter (docs/importing.md); a half stays where the gain is clear."""
DUPLICATE_POLICIES = ("skip", "merge", "keep")
"""What to do with a row whose phone or e-mail is already known: skip it, fill in the
existing card, or import it anyway."""
BATCH_ROWS = 2000
IMPORT_LABEL = "Import contacts"
CUSTOMER_COLUMNS = ("id", *CUSTOMER_FIELDS, "created_at", "updated_at", "name_sort")
DATE_COLUMNS = ("id", "customer_id", *DATE_FIELDS)
PREFERENCE_COLUMNS = ("id", "customer_id", "category", "value")
_OWNER_POSITION = CUSTOMER_COLUMNS.index("owner")
FIELD_LABELS = {
    "email": "E-mail",
    "phone": "Phone",
    "satisfaction": "Satisfaction",
    "notes": "Notes",
}


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str


NAMED_SKIPS = 100
"""How many skipped duplicates the result names; the count covers every one (a re-import
of a large file may skip a million rows)."""


@dataclass(frozen=True)
class SkippedRow:
    """A row left out because its phone or e-mail belongs to a customer already known."""

    row: int
    name: str
    customer_id: int


@dataclass
class ImportResult:
    """What happened, for the CLI summary and the dialog's last page."""

    changeset: ChangeSet = field(default_factory=lambda: ChangeSet(IMPORT_LABEL))
    imported: int = 0
    skipped: int = 0
    skipped_rows: list[SkippedRow] = field(default_factory=list)
    """The first :data:`NAMED_SKIPS` skipped rows, so the summary can name them."""
    errors: list[RowProblem] = field(default_factory=list)
    cancelled: bool = False
    encoding: str | None = None
    """The text encoding the file was read in (``None`` for a workbook)."""

    def summary(self) -> dict[str, Any]:
        """The command line's JSON summary."""
        return {
            "imported": self.imported,
            "skipped": self.skipped,
            "errors": [{"row": p.row, "message": p.message} for p in self.errors],
            "encoding": self.encoding,
        }


def phone_key(phone: str | None) -> str | None:
    """Digits that identify a number whatever its spacing or country prefix (last ten)."""
    digits = NON_DIGIT_RE.sub("", phone or "")
    return digits[-10:] if len(digits) >= 5 else None


def email_key(email: str | None) -> str | None:
    return email.strip().lower() if email else None


class DuplicateIndex:
    """Known phone numbers and e-mail addresses → customer id (existing and just imported).

    It is (re)read inside each batch's write transaction whenever someone else wrote since
    the last batch — another program or window (SQLite's ``data_version``) or another
    operation on this connection (its change counter) — so two imports of the same file
    at once cannot both decide a contact is new.
    """

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._seen: tuple[int, int] | None = None

    def refresh(self, tx: Recorder) -> None:
        """Bring the index up to date with every committed row; call inside the transaction."""
        if self._written_since_last_batch(tx):
            self._ids.clear()
            for row in tx.execute(
                "SELECT id, phone, email FROM customers "
                "WHERE phone IS NOT NULL OR email IS NOT NULL"
            ):
                self.add(row["id"], contact_keys(row["phone"], row["email"]))

    def mark_own_writes(self, tx: Recorder) -> None:
        """Remember the state at the end of our batch (still inside its transaction, so
        nobody else can have written since), whose rows the index already holds."""
        self._seen = self._write_marks(tx)

    def _written_since_last_batch(self, tx: Recorder) -> bool:
        return self._seen is None or self._write_marks(tx) != self._seen

    @staticmethod
    def _write_marks(tx: Recorder) -> tuple[int, int]:
        version = tx.execute("PRAGMA data_version").fetchone()[0]
        return version, tx.conn.total_changes

    def add(self, customer_id: int, keys: tuple[str | None, str | None]) -> None:
        """Remember a customer under the keys of :func:`contact_keys`."""
        for key in keys:
            if key:
                self._ids.setdefault(key, customer_id)

    def find(self, keys: tuple[str | None, str | None]) -> int | None:
        for key in keys:
            if key and key in self._ids:
                return self._ids[key]
        return None


def contact_keys(phone: str | None, email: str | None) -> tuple[str | None, str | None]:
    """What identifies a contact: its phone and e-mail keys (worked out once per row)."""
    return phone_key(phone), email_key(email)


class ImportOptions(TypedDict, total=False):
    """How an import runs, handed on unchanged from :func:`import_file` and
    ``import_table`` to :func:`import_records`, where each has its default."""

    duplicates: str
    progress: Progress | None
    building: Progress | None
    cancelled: CancelCheck | None
    record_undo: bool


def import_records(
    db: Database,
    records: Iterable[ImportRecord],
    *,
    total: int,
    duplicates: str = "skip",
    progress: Progress | None = None,
    building: Progress | None = None,
    cancelled: CancelCheck | None = None,
    record_undo: bool = True,
) -> ImportResult:
    """Write ``records`` in batches; a bad row is reported, never fatal.

    ``progress`` counts the rows; ``building`` the customers' indexes a large import builds
    after its last row, a phase of its own that the user is told about (seconds at a
    million rows): the rows' bar is full by then, the work is not.

    When ``cancelled()`` turns true the import stops between two batches: the rows already
    written stay, and ``result.changeset`` still removes them all when undone. Without
    ``record_undo`` (the command line, which has no undo) the change set stays empty, which
    saves keeping an image of every row in memory.
    """
    if duplicates not in DUPLICATE_POLICIES:
        raise ValidationError(f"Unknown duplicate policy “{duplicates}”.")
    result = ImportResult()
    index = DuplicateIndex() if duplicates != "keep" else None
    done = 0
    deferring = False
    try:
        for batch in _batches(records):
            if cancelled is not None and cancelled():
                result.cancelled = True
                break
            with db.operation(IMPORT_LABEL) as tx:
                if not done and _worth_deferring(tx, total):
                    deferring = bool(defer_indexes(tx.conn, DEFERRED_TABLES))
                if index is not None:
                    index.refresh(tx)
                _BatchWriter(tx, result, index, duplicates, record_undo).write(batch)
                if index is not None:
                    index.mark_own_writes(tx)
            result.changeset.rows.extend(tx.changeset.rows)
            done += len(batch)
            if progress is not None:
                progress(done, max(total, done))
            # What the import keeps (undo records, the duplicate index) only grows; without
            # this every collection of the garbage collector would walk all of it again
            # (about a sixth of a 100k-row import).
            gc.freeze()
    except BaseException:
        if deferring:  # the error is what the user must see; the next open builds them
            with suppress(FunnelDeskError, sqlite3.Error):
                _build_indexes(db, building)
        raise
    finally:
        gc.unfreeze()
    if progress is not None and done < total and not result.cancelled:
        progress(done, done)  # ``total`` counted lines: a quoted field may span several
    if deferring:
        _build_indexes(db, building)
    return result


def _worth_deferring(tx: Recorder, total: int) -> bool:
    """Whether the import is large enough beside the customers already there for
    :data:`DEFERRED_TABLES`' indexes to be built once at its end rather than kept current
    row by row (see :data:`DEFER_SHARE`)."""
    if total <= BATCH_ROWS:  # one transaction: nothing to gain worth a marker
        return False
    existing = tx.execute("SELECT COUNT(*) FROM customers").fetchone()[0]
    return total >= existing * DEFER_SHARE


def _build_indexes(db: Database, progress: Progress | None) -> None:
    """The indexes the import deferred, built in one transaction of their own. Cancel is
    not asked: the rows are written, and indexes left unbuilt would only move the same
    seconds to the next open of the file (without a bar) and slow every list until then."""
    with db.bulk() as conn:
        build_deferred(conn, progress)


def _batches(records: Iterable[ImportRecord]) -> Iterator[list[ImportRecord]]:
    iterator = iter(records)
    while batch := list(islice(iterator, BATCH_ROWS)):
        yield batch


class _BatchWriter:
    """Writes one batch inside one transaction and orders its change set for undo."""

    def __init__(
        self,
        tx: Recorder,
        result: ImportResult,
        index: DuplicateIndex | None,
        policy: str,
        record_undo: bool,
    ) -> None:
        self.tx = tx
        self.record_undo = record_undo
        self.pending: list[list[Any]] = []
        self.result = result
        self.index = index
        self.policy = policy
        self.stamp = now_timestamp()
        self.customer_ids = IdSource(tx.conn, "customers")
        self.owner = member(tx.conn)
        self.dates: list[tuple[Any, ...]] = []
        self.preferences: list[tuple[Any, ...]] = []

    def write(self, batch: list[ImportRecord]) -> None:
        for record in batch:
            problems = list(record.problems)
            clean = None
            if record.rejected:
                problems.append(f"{record.rejected} The row was not imported.")
            else:
                clean = self._clean(record, problems)
            if clean is None:
                self._report(record.row, problems)
                continue
            keys = contact_keys(clean.get("phone"), clean.get("email"))
            existing = self.index.find(keys) if self.index is not None else None
            if existing is not None:
                # The row is that person: their other number or address identifies them too.
                self.index.add(existing, keys)
            if existing is not None and self.policy == "skip":
                self._skip(record.row, clean, existing)
                continue
            if existing is not None:
                self._flush_customers()  # the card merged into may be one of this batch
                self._merge(existing, clean, record)
            else:
                customer_id = self.customer_ids.take()
                self.pending.append(self._customer_row(customer_id, clean))
                self._queue_children(customer_id, record, problems, set(), set())
                if self.index is not None:
                    self.index.add(customer_id, keys)
            self.result.imported += 1
            self._report(record.row, problems)
        self._finish()

    def _customer_row(self, customer_id: int, clean: dict[str, Any]) -> list[Any]:
        """The values of ``CUSTOMER_COLUMNS`` for a new card: a field not given is empty, the
        owner defaults to the file's team member, the name comes with its sort key."""
        row = [customer_id, *map(clean.get, CUSTOMER_FIELDS), self.stamp, self.stamp]
        if not row[_OWNER_POSITION]:
            row[_OWNER_POSITION] = self.owner
        row.append(name_order.sort_key(clean["name"]))
        return row

    def _clean(self, record: ImportRecord, problems: list[str]) -> dict[str, Any] | None:
        """Validated customer fields; a bad optional value is dropped and reported."""
        values = dict(record.customer)
        while True:
            try:
                return clean_customer(values)
            except ValidationError as exc:
                if exc.field in (None, "name") or exc.field not in values:
                    problems.append(f"{exc} The row was not imported.")
                    return None
                label = FIELD_LABELS.get(exc.field, exc.field.replace("_", " ").capitalize())
                problems.append(f"{label}: {exc} The value was not imported.")
                values.pop(exc.field)

    def _queue_children(
        self,
        customer_id: int,
        record: ImportRecord,
        problems: list[str],
        known_dates: set[tuple[Any, ...]],
        known_preferences: set[tuple[str, str]],
    ) -> None:
        for entry in record.dates:
            try:
                clean = clean_important_date(
                    {
                        "kind": entry.kind,
                        "label": entry.label,
                        **entry.date.as_row(),
                        **(
                            {"remind_days_before": entry.remind_days_before}
                            if entry.remind_days_before is not None
                            else {}
                        ),
                    }
                )
            except ValidationError as exc:
                problems.append(f"{entry.kind.capitalize()}: {exc} The date was not imported.")
                continue
            key = (clean["kind"], clean["month"], clean["day"], clean["calendar"])
            if key not in known_dates:
                known_dates.add(key)
                self.dates.append((customer_id, *(clean[c] for c in DATE_COLUMNS[2:])))
        for category, value in record.preferences:
            if (category, value) not in known_preferences:
                known_preferences.add((category, value))
                self.preferences.append((customer_id, category, value))

    def _merge(self, customer_id: int, clean: dict[str, Any], record: ImportRecord) -> None:
        """Fill the fields the existing card lacks; add notes, dates and preferences it lacks."""
        existing = self.tx.require("customers", customer_id)
        updates = {k: v for k, v in clean.items() if v not in (None, "") and not existing.get(k)}
        new_notes, old_notes = clean.get("notes"), existing.get("notes")
        if new_notes and old_notes and new_notes not in old_notes:
            updates["notes"] = f"{old_notes}\n\n{new_notes}"
        if updates:
            self.tx.update("customers", customer_id, {**updates, "updated_at": self.stamp})
        dates = {
            tuple(r)
            for r in self.tx.execute(
                "SELECT kind, month, day, calendar FROM important_dates WHERE customer_id = ?",
                (customer_id,),
            )
        }
        preferences = {
            tuple(r)
            for r in self.tx.execute(
                "SELECT category, value FROM preferences WHERE customer_id = ?", (customer_id,)
            )
        }
        self._queue_children(customer_id, record, [], dates, preferences)

    def _skip(self, row: int, clean: dict[str, Any], customer_id: int) -> None:
        self.result.skipped += 1
        if len(self.result.skipped_rows) < NAMED_SKIPS:
            name = clean.get("name") or clean.get("company") or ""
            self.result.skipped_rows.append(SkippedRow(row, name, customer_id))

    def _report(self, row: int, problems: list[str]) -> None:
        if problems:
            self.result.errors.append(RowProblem(row, " ".join(problems)))

    def _flush_customers(self) -> None:
        if self.pending:
            self.tx.insert_many(
                "customers", CUSTOMER_COLUMNS, self.pending, record=self.record_undo
            )
            self.pending = []

    def _finish(self) -> None:
        """Insert what is queued; undo records follow the order of the writes (customers
        before the merges that may touch them, children last)."""
        self._flush_customers()
        for table, columns, rows in (
            ("important_dates", DATE_COLUMNS, self.dates),
            ("preferences", PREFERENCE_COLUMNS, self.preferences),
        ):
            if not rows:
                continue
            ids = IdSource(self.tx.conn, table)
            numbered = [(ids.take(), *row) for row in rows]
            self.tx.insert_many(table, columns, numbered, record=self.record_undo)
