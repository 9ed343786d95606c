"""Type-ahead search over customers: Latin with folded diacritics, pinyin, CJK, phone digits.

Two derived structures, created by schema steps 3 and 5 and filled here in Python (SQLite's
tokenizers know neither pinyin nor CJK words):

``customer_search`` (FTS5, ``rowid`` = customer id) holds every searched field:

* Text is split into words here, exactly where a query is split; ``unicode61
  remove_diacritics 2`` folds them (``muller`` finds Müller). Words are matched by prefix
  (``"mul"*``), with prefix indexes of 1–4 characters.
* CJK runs become overlapping bigrams followed by single characters (张三丰 → 张三 三丰 张 三
  丰), as Lucene's CJK analyzer does: one- and two-character queries are exact token
  look-ups, longer ones phrases of bigrams — in every field, notes included.
* Chinese names also get their pinyin (syllables and joined tails: ``zhang san zhangsan
  sanfeng``, plus a surname's own reading: 曾 ``zeng``) and initials (``zs``).
* A phone number becomes every suffix (3+ digits) of its digit string, so a prefix query
  on digits is a substring match that ignores spaces, dashes and the country prefix.

``customer_name_keys`` (a B-tree) holds each whole name folded and joined (``jurgenmuller``,
``张三``, ``zhangsan``, ``zs``). It gives the first two ranks — name equals the query, name
starts with it — straight from an index range in key order, however many names match.

**Ranking** (:func:`search_customers`): exact name, then names starting with the query
(alphabetical), then FTS matches in the name columns, then in other fields, by bm25 with
column weights, shorter names first. bm25 reads every match to weigh the terms (and a column
filter scans them all), so after the name ranks a query with more than ``RANK_WINDOW`` FTS
matches takes the first ``RANK_WINDOW`` of them, shorter names first, then the rest in id
order. A one-letter query thus costs the same at 1M customers as at 1,000.

**Keeping it in sync.** The triggers on ``customers`` are plain SQL and cheap: a delete (or
the old version of an update) leaves the index at once; an insert or update queues the id in
``customer_search_pending``. A search only reads: the queue is indexed by writes of its
own. Every operation indexes a short queue before it commits (:func:`index_short_queue`, in
the same transaction, as name sort keys are written), so the app's own changes are in the
index when the operation ends; :func:`catch_up` does the same on opening a file, for what
another program queued. A long queue (an import, a bulk job) is indexed in committed
batches by :func:`update_search_index` with progress on the job runner (100,000 customers
take about 20 s). Until then a search also matches a short queue's customers through a
temporary index of its own connection (a read-only file: the whole queue), so it sees
every committed change without writing. :func:`rebuild_search_index` indexes everything
again (repair, or after edits by other tools).

Any query text is safe: the MATCH expression is built only from quoted alphanumeric
tokens, so quotes, ``*``, ``NEAR(``, ``OR``, SQL and emoji are searched for as text or
ignored, never parsed.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from funneldesk.core.errors import Cancelled
from funneldesk.core.jobs import CancelCheck, Progress
from funneldesk.core.name_words import SURNAME_READINGS, fold, normalise, runs
from funneldesk.core.schema import SEARCH_PREFIX_LENGTHS

if TYPE_CHECKING:
    from funneldesk.core.db import Database

INDEX_TABLE = "customer_search"
KEYS_TABLE = "customer_name_keys"
PENDING_TABLE = "customer_search_pending"
INSERT_TRIGGER = "customers_search_insert"
"""Queues each new customer (schema step 3); a bulk writer may drop it for its statement
and queue the rows with :func:`queue_customers` instead."""
INDEXED_FIELDS = ("name", "company", "phone", "email", "city", "notes")
# Column order of the FTS table (schema step 2) and the bm25 weight of each.
COLUMN_WEIGHTS = {
    "name": 10.0,
    "pinyin": 8.0,
    "initials": 6.0,
    "company": 4.0,
    "phone": 4.0,
    "email": 3.0,
    "city": 2.0,
    "notes": 1.0,
}
NAME_COLUMNS = ("name", "pinyin", "initials")
RESULT_COLUMNS = ("id", "name", "company", "title", "phone", "email", "city", "source", "owner")
MAX_QUERY_TOKENS = 12
MAX_TOKEN_CHARS = 48
MIN_PHONE_DIGITS = 3
BATCH = 2000
SHORT_QUEUE = 1000
"""A queue shorter than this is indexed inside a write (an operation, opening the file) and
matched by a search through a temporary index; a longer one waits for
:func:`update_search_index` on the job runner."""
RANK_WINDOW = 500

_PHONE_QUERY = re.compile(r"^\+?[\d\s\-().]+$")


# -- documents: what gets indexed for one customer -----------------------------------------


def cjk_grams(run: str) -> list[str]:
    """Overlapping bigrams in order (so a phrase of them matches), then every character."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + list(run)


def text_document(text: str | None) -> str:
    """The indexed form of a free-text field: its words split exactly where a query splits
    them (:func:`runs`), Latin words as they are, CJK runs as n-grams. FTS5's own tokenizer
    would keep some characters inside a word (emoji newer than its Unicode 6.1 tables,
    unassigned code points) that a query drops, and ``Lily🌸Chen`` could not be typed."""
    return " ".join(" ".join(cjk_grams(run)) if cjk else run for cjk, run in runs(text or ""))


def phone_document(phone: str | None) -> str:
    """Every suffix of the digit string, so any run of digits is the prefix of one of them."""
    digits = re.sub(r"\D", "", normalise(phone))
    return " ".join(digits[i:] for i in range(len(digits) - MIN_PHONE_DIGITS + 1))


@lru_cache(maxsize=65536)
def _syllables(han: str) -> tuple[tuple[str, ...], ...]:
    """Pinyin readings of a run of Chinese characters: the everyday one, and the surname
    reading of the first character when it differs."""
    from pypinyin import Style, lazy_pinyin

    words = tuple(lazy_pinyin(han, style=Style.NORMAL, errors="ignore"))
    surname = SURNAME_READINGS.get(han[0])
    if words and surname and surname != words[0]:
        return (words, (surname, *words[1:]))
    return (words,)


def _with_u(word: str) -> list[str]:
    """ü is written ``v`` by pypinyin and IMEs and ``u`` by many people: index both."""
    return [word, word.replace("v", "u")] if "v" in word else [word]


def compact_key(text: str | None) -> str:
    """The letters and digits of ``text``, folded and joined: how a whole name is compared."""
    return fold("".join(run for _, run in runs(text or "")))


def name_pinyin(name: str | None) -> tuple[str, str, list[str]]:
    """``(pinyin tokens, initials tokens, whole-name keys)`` for the Chinese part of a name.

    The keys (``zhangsan``, ``zs``, also with a surname's own reading) let a query equal to
    the whole name in pinyin or initials rank as an exact match. Kana, hangul and characters
    pypinyin does not know add nothing here (they are still indexed as characters).
    """
    han = "".join(run for is_cjk, run in runs(name or "") if is_cjk)
    tokens: list[str] = []
    initials: list[str] = []
    keys: list[str] = []
    for reading in _syllables(han) if han else ():
        words = [word for word in reading if word]
        if not words:
            continue
        tails = [words[start:] for start in range(len(words))]
        tokens += [joined for tail in tails for joined in _with_u("".join(tail))]
        tokens += [spelling for word in words for spelling in _with_u(word)]
        initials += ["".join(word[0] for word in tail) for tail in tails]
        keys += [*_with_u("".join(words)), initials[-len(words)]]
    return " ".join(dict.fromkeys(tokens)), " ".join(dict.fromkeys(initials)), keys


def name_keys(name: str | None) -> list[str]:
    """Whole-name keys: the folded name joined, and its pinyin and initials when Chinese."""
    keys = [compact_key(name), *name_pinyin(name)[2]]
    return [key for key in dict.fromkeys(keys) if key]


def search_document(customer: dict[str, Any]) -> dict[str, str]:
    """The FTS row for one customer (column name → indexed text).

    The pinyin column also holds the name's words joined (``JürgenMüller``), so a query typed
    without spaces matches in FTS exactly the names its whole-name key range finds.
    """
    name = customer.get("name")
    pinyin_tokens, initials, _keys = name_pinyin(name)
    words = [run for _, run in runs(name or "")]
    joined = "".join(words) if len(words) > 1 else ""
    return {
        "name": text_document(name),
        "pinyin": f"{pinyin_tokens} {joined}".strip(),
        "initials": initials,
        "company": text_document(customer.get("company")),
        "phone": phone_document(customer.get("phone")),
        "email": text_document(customer.get("email")),
        "city": text_document(customer.get("city")),
        "notes": text_document(customer.get("notes")),
    }


# -- keeping the index in sync -------------------------------------------------------------

_INSERT_SQL = (
    f"INSERT INTO {INDEX_TABLE} (rowid, {', '.join(COLUMN_WEIGHTS)}) "
    f"VALUES (?, {', '.join('?' for _ in COLUMN_WEIGHTS)})"
)


def _index_rows(conn: Any, ids: list[int]) -> None:
    """Replace the index rows of ``ids`` (a vanished customer just loses its row)."""
    marks = ", ".join("?" for _ in ids)
    conn.execute(f"DELETE FROM {INDEX_TABLE} WHERE rowid IN ({marks})", ids)
    rows = conn.execute(
        f"SELECT id, {', '.join(INDEXED_FIELDS)} FROM customers WHERE id IN ({marks})", ids
    ).fetchall()
    conn.execute(f"DELETE FROM {KEYS_TABLE} WHERE customer_id IN ({marks})", ids)
    conn.executemany(
        _INSERT_SQL,
        [(row[0], *search_document(dict(row)).values()) for row in rows],
    )
    conn.executemany(
        f"INSERT OR IGNORE INTO {KEYS_TABLE} (key, customer_id) VALUES (?, ?)",
        [(key, row[0]) for row in rows for key in name_keys(row[1])],
    )
    conn.execute(f"DELETE FROM {PENDING_TABLE} WHERE customer_id IN ({marks})", ids)


def queue_customers(conn: sqlite3.Connection, ids: str) -> None:
    """Queue the customers ``ids`` (a JSON list) to be indexed, as :data:`INSERT_TRIGGER`
    does one row at a time."""
    conn.execute(
        f"INSERT OR IGNORE INTO {PENDING_TABLE} (customer_id) SELECT value FROM json_each(?)",
        (ids,),
    )


def pending_count(db: Database) -> int:
    """How many customers wait to be (re)indexed; large after a bulk insert."""
    return db.scalar(f"SELECT COUNT(*) FROM {PENDING_TABLE}") or 0


def update_search_index(
    db: Database,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Index every queued customer, in committed batches; returns how many were indexed.

    Safe to cancel between batches (raises :class:`Cancelled`): what was done stays done and
    the rest stays queued.
    """
    total = pending_count(db)
    done = 0
    while True:
        if cancelled is not None and cancelled():
            raise Cancelled("Search indexing was cancelled.")
        with db.bulk() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    f"SELECT customer_id FROM {PENDING_TABLE} LIMIT {BATCH}"
                ).fetchall()
            ]
            if ids:
                _index_rows(conn, ids)
        if not ids:
            return done
        done += len(ids)
        if progress is not None:
            progress(min(done, total), max(total, done))


def rebuild_search_index(
    db: Database,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Queue every customer and index them all again (repair, or after raw bulk edits)."""
    with db.bulk() as conn:
        conn.execute(f"DELETE FROM {INDEX_TABLE}")
        conn.execute(f"DELETE FROM {KEYS_TABLE}")
        conn.execute(
            f"INSERT OR IGNORE INTO {PENDING_TABLE} (customer_id) SELECT id FROM customers"
        )
    return update_search_index(db, progress, cancelled)


def index_short_queue(conn: sqlite3.Connection) -> int:
    """Index the queued customers inside the caller's write transaction when there are
    fewer than :data:`SHORT_QUEUE` of them (a few recent changes); returns how many.

    :meth:`~funneldesk.core.db.Database.operation` calls it before every commit, so an
    operation's customers are searchable the moment it ends. A longer queue is left to
    :func:`update_search_index`, which shows progress and can be cancelled.
    """
    ids = [
        row[0]
        for row in conn.execute(f"SELECT customer_id FROM {PENDING_TABLE} LIMIT {SHORT_QUEUE}")
    ]
    if not ids or len(ids) >= SHORT_QUEUE:
        return 0
    _index_rows(conn, ids)
    return len(ids)


def catch_up(db: Database) -> int:
    """Index a short queue another program left (on opening a file), as a write of its own.

    Never waits: when another thread of this program is writing (an import on a worker) or
    another program holds the file's write lock, the queue stays for the next operation;
    searches match queued customers meanwhile. Returns how many were indexed.
    """
    if db.read_only or not db.scalar(f"SELECT EXISTS (SELECT 1 FROM {PENDING_TABLE})"):
        return 0
    with db.writer_if_free() as free, contextlib.suppress(sqlite3.OperationalError):
        if free:  # OperationalError: another program, past the busy timeout
            with db.bulk() as conn:
                return index_short_queue(conn)
    return 0


# -- queries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query reduced to a safe FTS5 expression.

    ``match`` is ``""`` when the text holds nothing searchable (emoji, punctuation); ``key``
    is the folded, joined query compared with whole-name keys for ranking.
    """

    match: str
    key: str


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _term(is_cjk: bool, run: str) -> str:
    """One query word: Latin/digits by prefix, CJK as an exact gram or a phrase of bigrams."""
    run = run[:MAX_TOKEN_CHARS]
    if not is_cjk:
        return _quote(run) + "*"
    if len(run) <= 2:
        return _quote(run)
    return _quote(" ".join(run[i : i + 2] for i in range(len(run) - 1)))


def _phone_terms(text: str) -> list[str]:
    """A query that looks like a phone number is one digit string (and without its ``+CC``)."""
    digits = re.sub(r"\D", "", text)
    variants = [digits]
    if text.lstrip().startswith("+"):
        variants.extend(digits[n:] for n in (1, 2, 3) if len(digits) - n >= MIN_PHONE_DIGITS)
    return [_quote(d) + "*" for d in dict.fromkeys(variants)]


def parse_query(text: str) -> ParsedQuery:
    """Build the MATCH expression from escaped tokens only (never from the raw text)."""
    normal = normalise(text)[: MAX_QUERY_TOKENS * (MAX_TOKEN_CHARS + 1)]
    if _PHONE_QUERY.match(normal) and len(re.sub(r"\D", "", normal)) >= MIN_PHONE_DIGITS:
        return ParsedQuery("(" + " OR ".join(_phone_terms(normal)) + ")", "")
    terms = [_term(is_cjk, run) for is_cjk, run in runs(normal)][:MAX_QUERY_TOKENS]
    return ParsedQuery(" AND ".join(terms), compact_key(normal) if terms else "")


def _key_range(key: str) -> tuple[str, str]:
    """Bounds of the keys starting with ``key`` (U+10FFFF sorts after every real character)."""
    return key, key + "\U0010ffff"


def matching_ids_sql(query: str, cap: int | None = None) -> tuple[str, list[str]] | None:
    """SQL selecting the ids of the customers matching ``query``; ``None`` when blank.

    For filters such as ``customers.id IN (<sql>)`` in the paged list; the same customers as
    :func:`ranked_ids` finds, or with ``cap`` the first ``cap`` of them by id (a bounded set
    that can be sorted by any column at once). Nothing searchable in it selects no id.
    """
    if not query.strip():
        return None
    parsed = parse_query(query)
    if not parsed.match:
        return "SELECT NULL WHERE 0", []
    sql = f"SELECT rowid FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH ?"
    return (sql if cap is None else f"{sql} LIMIT {int(cap)}"), [parsed.match]


def _name_key_ids(
    db: Database, parsed: ParsedQuery, count: int, where: str, params: list
) -> list[int]:
    """Ranks 0 and 1: ids whose whole name equals or starts with the query's key, in key order.

    A query of several words is joined into one key, which can start a name whose words do
    not start with the query's words (``c e`` and Ceng Xiaodan, key ``ce``): such names are
    not matches, so the hits are checked against the full-text query — for one chunk of
    them only, since a check reads the query's matches once; further names come in the
    full-text order that follows.
    """
    key = parsed.key
    if not key:
        return []
    several_words = " AND " in parsed.match
    found: dict[int, None] = {}
    chunk = count * 2 + 8
    start = 0
    # Keys leave with their customer (triggers), so only filters need the customers rows:
    # without them the range is read from the keys' own B-tree.
    joined = "JOIN customers AS c ON c.id = k.customer_id " if where else ""
    while len(found) < count:
        rows = db.query(
            f"SELECT k.customer_id FROM {KEYS_TABLE} AS k {joined}"
            f"WHERE k.key >= ? AND k.key < ? {where} "
            "ORDER BY k.key, k.customer_id LIMIT ? OFFSET ?",
            [*_key_range(key), *params, chunk, start],
        )
        ids = [row[0] for row in rows]
        if several_words:
            matched = _matching_among(db, parsed.match, ids)
            found.update((i, None) for i in ids if i in matched)
            break
        found.update((i, None) for i in ids)
        if len(rows) < chunk:
            break
        start += chunk
    return list(found)[:count]


def _matching_among(db: Database, match: str, ids: list[int]) -> set[int]:
    """Those of ``ids`` that the full-text query ``match`` finds."""
    if not ids:
        return set()
    marks = ", ".join("?" for _ in ids)
    rows = db.query(
        f"SELECT rowid FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH ? AND rowid IN ({marks})",
        [match, *ids],
    )
    return {row[0] for row in rows}


def _broad_window(db: Database, match: str, where: str, params: list) -> list[int] | None:
    """When there are more than ``RANK_WINDOW`` matches (bm25 would read all of them to weigh
    the terms), the first ``RANK_WINDOW`` of them that pass ``where``, shorter names first;
    else ``None``. One statement reads the index once and the window's customers with it:
    each hit comes with its name's length and whether it passes the filters."""
    passes = f"(1 {where})" if where else "1"
    rows = db.query(
        f"SELECT hit.id, length(c.name), {passes} FROM "
        f"(SELECT rowid AS id FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH ? LIMIT ?) AS hit "
        "LEFT JOIN customers AS c ON c.id = hit.id",
        [*params, match, RANK_WINDOW + 1] if where else [match, RANK_WINDOW + 1],
    )
    if len(rows) <= RANK_WINDOW:
        return None
    first = sorted(row[0] for row in rows)[:RANK_WINDOW]  # FTS5's order: ascending rowid
    window = set(first)
    kept = [(row[1], row[0]) for row in rows if row[0] in window and row[2]]
    return [customer_id for _length, customer_id in sorted(kept)]


def _bm25_ids(db: Database, match: str, where: str, params: list) -> list[int]:
    """Ranks 2 and 3 of a narrow query: name columns first, then bm25 with column weights."""
    weights = ", ".join(str(w) for w in COLUMN_WEIGHTS.values())
    name_weights = ", ".join(
        str(w if column in NAME_COLUMNS else 0.0) for column, w in COLUMN_WEIGHTS.items()
    )
    rows = db.query(
        f"""
        SELECT hit.id FROM (
            SELECT rowid AS id,
                   bm25({INDEX_TABLE}, {name_weights}) < 0 AS in_name,
                   bm25({INDEX_TABLE}, {weights}) AS score
            FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH ?
        ) AS hit JOIN customers AS c ON c.id = hit.id
        WHERE 1 {where}
        ORDER BY hit.in_name DESC, hit.score, length(c.name), c.id
        """,
        [match, *params],
    )
    return [row[0] for row in rows]


def _remaining_ids(db: Database, match: str, count: int, where: str, params: list) -> list[int]:
    """Every match in id order, for pages beyond the ranked ones (so no match is left out)."""
    rows = db.query(
        f"SELECT c.id FROM customers AS c WHERE c.id IN "
        f"(SELECT rowid FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH ?) {where} "
        "ORDER BY c.id LIMIT ?",
        [match, *params, count],
    )
    return [row[0] for row in rows]


def ranked_ids(
    db: Database,
    query: str,
    limit: int = 50,
    offset: int = 0,
    where: str = "",
    params: list | None = None,
) -> list[int]:
    """Ids of the customers matching ``query``, best first (see the module docstring).

    ``where`` is an extra SQL condition on ``c`` (the customers row) for callers that also
    filter, e.g. ``"AND c.city = ?"`` with ``params``. Pages concatenate to every match.
    """
    parsed = parse_query(query)
    if not parsed.match or limit <= 0:
        return []
    params = params or []
    wanted = max(offset, 0) + limit
    found = dict.fromkeys(_name_key_ids(db, parsed, wanted, where, params))
    if len(found) < wanted:
        window = _broad_window(db, parsed.match, where, params)
        if window is None:
            found.update(dict.fromkeys(_bm25_ids(db, parsed.match, where, params)))
        else:
            found.update(dict.fromkeys(window))
            if len(found) < wanted:
                more = _remaining_ids(db, parsed.match, wanted + len(found), where, params)
                found.update(dict.fromkeys(more))
    if len(found) < wanted:
        found.update(dict.fromkeys(_unindexed_matches(db, parsed.match, where, params)))
    return list(found)[max(offset, 0) : wanted]


def _unindexed_matches(db: Database, match: str, where: str, params: list) -> list[int]:
    """Matches among the customers still queued for the index: their documents go into a
    temporary index of this connection alone (the file is not written), and rank after the
    indexed matches. A writable file's long queue is being indexed on the job runner and is
    not matched meanwhile; a read-only file's queue can only be matched here, all of it."""
    limit = "" if db.read_only else f"LIMIT {SHORT_QUEUE}"
    queued = db.query(
        f"SELECT c.id, {', '.join(f'c.{f}' for f in INDEXED_FIELDS)} FROM {PENDING_TABLE} p "
        f"JOIN customers c ON c.id = p.customer_id WHERE 1 {where} {limit}",
        params,
    )
    if not queued or len(queued) >= SHORT_QUEUE and not db.read_only:
        return []
    conn = db.reader
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.unindexed USING fts5({', '.join(COLUMN_WEIGHTS)}, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.execute("DELETE FROM temp.unindexed")
    conn.executemany(
        _INSERT_SQL.replace(f"INTO {INDEX_TABLE}", "INTO temp.unindexed"),
        [(row[0], *search_document(dict(row)).values()) for row in queued],
    )
    rows = conn.execute(
        "SELECT rowid FROM temp.unindexed WHERE unindexed MATCH ? ORDER BY rank", (match,)
    )
    return [row[0] for row in rows]


def search_customers(db: Database, query: str, limit: int = 50, offset: int = 0) -> list[dict]:
    """Customers matching ``query``, best first; blank or unsearchable text gives ``[]``."""
    ids = ranked_ids(db, query, limit, offset)
    if not ids:
        return []
    columns = ", ".join(RESULT_COLUMNS)
    marks = ", ".join("?" for _ in ids)
    rows = {
        row["id"]: {column: row[column] for column in RESULT_COLUMNS}
        for row in db.query(f"SELECT {columns} FROM customers WHERE id IN ({marks})", ids)
    }
    return [rows[i] for i in ids if i in rows]


_PREFIX_TERM = re.compile(r'"((?:[^"]|"")*)"\*')


def _count_bounds(match: str, indexed: int) -> tuple[str, str] | None:
    """Two queries around ``match`` when one of its prefix terms is longer than the index's
    prefix lengths (``None`` otherwise): every prefix term a whole word (a subset of its
    matches), and the long terms cut to the longest indexed prefix (a superset). FTS5 reads
    a whole word's list, or an indexed prefix's, directly, but merges the lists of every word
    starting with an unindexed prefix before returning its first row (``zhang*``: 7 ms at 1M
    customers, ``zhang``: 0.6, ``zhan*``: 0.6). The terms are ANDed or ORed, never negated,
    so the exact count lies between the two."""
    terms = _PREFIX_TERM.findall(match)
    if not any(len(term.replace('""', '"')) > indexed for term in terms):
        return None
    subset = _PREFIX_TERM.sub(lambda term: f'"{term.group(1)}"', match)
    superset = _PREFIX_TERM.sub(
        lambda term: _quote(term.group(1).replace('""', '"')[:indexed]) + "*", match
    )
    return subset, superset


def count_matches(db: Database, query: str, cap: int | None = None) -> int:
    """How many customers match ``query``, counting at most ``cap`` (cheap for huge matches).

    A long prefix is counted from its bounds when they settle it: the subset alone reaching
    ``cap``, or both bounds counting the same (``zhang``: every ``zhang*`` is a ``zhang``).
    """
    found = matching_ids_sql(query)
    if found is None:
        return 0
    sql, params = found
    if cap is not None:
        sql = f"SELECT * FROM ({sql}) LIMIT {int(cap)}"
    bounds = _count_bounds(params[0], max(SEARCH_PREFIX_LENGTHS)) if params else None
    if bounds is not None:
        subset, superset = bounds
        fewest = db.scalar(f"SELECT COUNT(*) FROM ({sql})", [subset])
        if cap is not None and fewest >= cap:
            return int(cap)
        if db.scalar(f"SELECT COUNT(*) FROM ({sql})", [superset]) == fewest:
            return fewest
    return db.scalar(f"SELECT COUNT(*) FROM ({sql})", params)
