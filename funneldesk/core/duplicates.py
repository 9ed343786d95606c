"""Likely duplicate customers: the same phone, the same e-mail, or the same name at the same company.

Three rules, each a key two cards of the same person share:

* **phone** — the number in international form (``+8613800138000``) by ``phonenumbers``, so
  ``+86 138 0013 8000``, ``0086 13800138000``, ``138-0013-8000`` and ``(010) 1234 5678`` /
  ``+86 10 12345678`` match. Numbers written without a country code are read as numbers of
  the file's country (from its currency: CNY → China, USD → United States …).
* **email** — case-insensitive, surrounding spaces ignored.
* **name** — the name as it is said (:func:`person_key`: ``王芳``, ``王 芳``, ``Wang Fang``
  and ``wang-fang`` are all ``wangfang``), together with the company without case, spaces
  and punctuation. Equal-sounding names are common, so the company must match too; two
  cards without a company must be in the same city (or both have none).

**Fast at 100k customers.** One pass over the customers writes each card's three keys into
a temporary table (the name key read in SQL from the stored sort key, the phone's last seven
digits by a small registered SQL function), and each rule is then a ``GROUP BY`` over that
table. Any two spellings of one number share their last seven digits, so only the few cards
sharing those go through ``phonenumbers`` (~50 µs a number) for the exact key. No pair of
customers is ever compared in a loop over all customers. A key shared by more than :data:`MAX_GROUP` cards (a
switchboard number, a team mailbox) says nothing about one person and is left out.

Pairs the user marked as "not the same person" are remembered in the file (setting
``not_duplicates``) and never proposed again.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

from funneldesk.core import name_order, search
from funneldesk.core.changes import ChangeSet
from funneldesk.core.db import Database
from funneldesk.core.settings_ops import write_setting

REASONS = ("phone", "email", "name")
MAX_GROUP = 20
DISMISSED_KEY = "not_duplicates"
PHONE_TAIL = 7  # digits every spelling of one number ends with

_NON_DIGIT = re.compile(r"\D")
REGION_BY_CURRENCY = {
    "CNY": "CN", "HKD": "HK", "MOP": "MO", "TWD": "TW", "USD": "US", "CAD": "CA",
    "GBP": "GB", "JPY": "JP", "KRW": "KR", "SGD": "SG", "AUD": "AU", "NZD": "NZ",
    "MYR": "MY", "THB": "TH", "INR": "IN", "CHF": "CH", "SEK": "SE", "NOK": "NO",
}  # fmt: skip
"""The country a number without a country code most likely belongs to, by the file's
currency; the euro names no one country, so a euro file (or any other) reads them as China's."""


@dataclass(frozen=True)
class DuplicatePair:
    """Two cards that look like one person, and why (``phone``, ``email``, ``name``)."""

    first_id: int
    second_id: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class DuplicateGroup:
    """Cards connected by duplicate pairs (usually two), lowest id first."""

    customer_ids: tuple[int, ...]
    pairs: tuple[DuplicatePair, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        found = {reason for pair in self.pairs for reason in pair.reasons}
        return tuple(reason for reason in REASONS if reason in found)


# -- keys ----------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def phone_key(text: str | None, region: str = "CN") -> str | None:
    """The number in E.164 form (``+8613800138000``); its digits when it cannot be parsed;
    ``None`` for fewer than five digits."""
    import phonenumbers

    clean = unicodedata.normalize("NFKC", text or "").strip()
    digits = _NON_DIGIT.sub("", clean)
    if len(digits) < 5:
        return None
    if clean.startswith("00"):  # the international prefix of most countries, wherever the file is
        clean = "+" + clean[2:]
    try:
        number = phonenumbers.parse(clean, region)
    except phonenumbers.NumberParseException:
        return digits
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email_key(text: str | None) -> str | None:
    """The address folded to lower case, or ``None`` when empty."""
    folded = (text or "").strip().lower()
    return folded or None


def person_key(name: str | None) -> str | None:
    """The name as it is said, without spaces: 王芳, 王 芳 and Wang Fang are all ``wangfang``.

    The words of the name's sort key (:func:`funneldesk.core.name_order.sort_key`: Latin
    folded, Chinese in pinyin, a surname in its surname reading), which every customer row
    stores in ``name_sort``, so SQL reads it instead of Python computing it again.
    """
    words = name_order.sort_key(name).split(name_order.TIE_BREAK)[0]
    return words.replace(" ", "") or None


_PERSON_SQL = (
    "COALESCE(NULLIF(replace(substr(name_sort, 1, instr(name_sort, char(9)) - 1), ' ', ''), ''),"
    " funneldesk_person_key(name))"
)
""":func:`person_key` from the stored sort key (computed only for a row without one)."""


def _folded_sql(column: str) -> str:
    """SQL for ``column`` without case, spaces and punctuation (``ACME, Inc.`` = ``Acme Inc``)."""
    sql = f"lower(COALESCE({column}, ''))"
    for ignored in (" ", ".", ",", "-", "(", ")", "（", "）"):
        sql = f"replace({sql}, '{ignored}', '')"
    return sql


_PLACE_SQL = (
    f"CASE WHEN {_folded_sql('company')} <> '' THEN {_folded_sql('company')} "
    f"ELSE '@' || {_folded_sql('city')} END"
)
"""Where the name must match: the company, or for a card without one its city."""


def file_region(db: Database) -> str:
    """Where numbers without a country code are from, by the file's currency."""
    return REGION_BY_CURRENCY.get((db.setting("currency") or "").upper(), "CN")


# -- finding -------------------------------------------------------------------------------


def phone_tail(text: str | None) -> str | None:
    """The last digits of a number: equal for every spelling of one number (a candidate key)."""
    if not text:
        return None
    digits = _NON_DIGIT.sub("", text if text.isascii() else unicodedata.normalize("NFKC", text))
    return digits[-PHONE_TAIL:] if len(digits) >= 5 else None


_KEYS_TABLE = "temp.funneldesk_duplicate_keys"


def _fill_keys(conn: sqlite3.Connection) -> None:
    """One pass over the customers into a temporary table of their three keys (the temp
    database is private to this connection, so read-only connections can use it too)."""
    conn.create_function("funneldesk_phone_tail", 1, phone_tail, deterministic=True)
    conn.create_function("funneldesk_person_key", 1, person_key, deterministic=True)
    conn.execute(f"DROP TABLE IF EXISTS {_KEYS_TABLE}")
    conn.execute(
        f"""CREATE TABLE {_KEYS_TABLE} AS
            SELECT id, funneldesk_phone_tail(phone) AS phone, lower(trim(email)) AS email,
                   {_PERSON_SQL} || '|' || {_PLACE_SQL} AS name
            FROM customers"""
    )


def _buckets(conn: sqlite3.Connection, column: str) -> list[list[int]]:
    """Ids sharing a key, in groups small enough to be about one person."""
    found = []
    for (ids,) in conn.execute(
        f"SELECT group_concat(id) FROM {_KEYS_TABLE} WHERE {column} IS NOT NULL "
        f"AND {column} <> '' GROUP BY {column} HAVING COUNT(*) BETWEEN 2 AND {MAX_GROUP}"
    ):
        found.append(sorted(int(i) for i in str(ids).split(",")))
    return found


def _phone_buckets(conn: sqlite3.Connection, region: str) -> list[list[int]]:
    """Cards sharing their number's last digits, split by the exact number."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for ids in _buckets(conn, "phone"):
        marks = ", ".join("?" for _ in ids)
        for customer_id, phone in conn.execute(
            f"SELECT id, phone FROM customers WHERE id IN ({marks})", ids
        ):
            by_key[phone_key(phone, region)].append(customer_id)
    return [sorted(ids) for key, ids in by_key.items() if key and len(ids) > 1]


def dismissed_pairs(db: Database) -> set[tuple[int, int]]:
    """Pairs the user said are different people (a damaged setting counts as none)."""
    try:
        stored = json.loads(db.setting(DISMISSED_KEY) or "[]")
        return {(min(a, b), max(a, b)) for a, b in stored}
    except (TypeError, ValueError):
        return set()


def find_pairs(db: Database) -> list[DuplicatePair]:
    """Every likely duplicate pair, by lower id, without the pairs the user dismissed."""
    conn = db.reader
    reasons: dict[tuple[int, int], set[str]] = defaultdict(set)
    _fill_keys(conn)
    try:
        buckets = {
            "phone": _phone_buckets(conn, file_region(db)),
            "email": _buckets(conn, "email"),
            "name": _buckets(conn, "name"),
        }
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {_KEYS_TABLE}")
    for reason, groups in buckets.items():
        for ids in groups:
            for pair in combinations(ids, 2):
                reasons[pair].add(reason)
    dismissed = dismissed_pairs(db)
    return [
        DuplicatePair(a, b, tuple(r for r in REASONS if r in found))
        for (a, b), found in sorted(reasons.items())
        if (a, b) not in dismissed
    ]


def find_groups(db: Database) -> list[DuplicateGroup]:
    """Pairs joined into groups of cards that all look like one person."""
    pairs = find_pairs(db)
    parent: dict[int, int] = {}

    def root(item: int) -> int:
        while parent.setdefault(item, item) != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for pair in pairs:
        parent[root(pair.second_id)] = root(pair.first_id)
    members: dict[int, list[int]] = defaultdict(list)
    for item in sorted(parent):
        members[root(item)].append(item)
    by_root: dict[int, list[DuplicatePair]] = defaultdict(list)
    for pair in pairs:
        by_root[root(pair.first_id)].append(pair)
    return [
        DuplicateGroup(tuple(ids), tuple(by_root[key]))
        for key, ids in sorted(members.items(), key=lambda item: item[1][0])
    ]


@dataclass(frozen=True)
class KnownCustomer:
    """An existing card with the phone number or e-mail address being typed."""

    customer_id: int
    name: str
    company: str | None
    matched: str  # "phone" or "email"


def known_customers(
    db: Database, phone: str | None, email: str | None, exclude_id: int | None = None
) -> list[KnownCustomer]:
    """Cards that already have this phone number or e-mail address (for a new card's check)."""
    found: dict[int, KnownCustomer] = {}
    wanted_email = email_key(email)
    if wanted_email:
        for row in db.query(
            "SELECT id, name, company FROM customers WHERE lower(trim(email)) = ? ORDER BY id",
            (wanted_email,),
        ):
            found[row["id"]] = KnownCustomer(row["id"], row["name"], row["company"], "email")
    region = file_region(db)
    wanted_phone = phone_key(phone, region)
    if wanted_phone:
        for row in _with_phone_tail(db, phone_tail(phone) or ""):
            if row["id"] not in found and phone_key(row["phone"], region) == wanted_phone:
                found[row["id"]] = KnownCustomer(row["id"], row["name"], row["company"], "phone")
    return [item for key, item in sorted(found.items()) if key != exclude_id]


def _with_phone_tail(db: Database, tail: str) -> list[sqlite3.Row]:
    """Cards whose number ends with ``tail``: one look-up in the search index (which holds
    every digit suffix of a number as a word), plus the cards still waiting to be indexed."""
    if not tail.isdigit():
        return []
    return db.query(
        f"""SELECT id, name, company, phone FROM customers WHERE id IN (
                SELECT rowid FROM {search.INDEX_TABLE} WHERE {search.INDEX_TABLE} MATCH ?
                UNION SELECT customer_id FROM {search.PENDING_TABLE})
            ORDER BY id""",
        (f'phone : "{tail}"',),
    )


# -- "not the same person" -----------------------------------------------------------------


def dismiss_pairs(db: Database, pairs: Iterable[tuple[int, int]]) -> ChangeSet:
    """Remember that these pairs are different people (one undoable operation)."""
    merged = dismissed_pairs(db) | {(min(a, b), max(a, b)) for a, b in pairs}
    value = json.dumps(sorted([a, b] for a, b in merged))
    with db.operation("Not duplicates") as tx:
        write_setting(tx, DISMISSED_KEY, value)
    return tx.changeset


def cards_by_id(db: Database, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The fields a duplicate list shows, for each of ``ids`` still present."""
    wanted = sorted(set(ids))
    cards: dict[int, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in db.query(
            f"SELECT id, name, company, phone, email, city, owner, created_at FROM customers "
            f"WHERE id IN ({marks})",
            chunk,
        ):
            cards[row["id"]] = dict(row)
    return cards


def groups_as_json(db: Database, groups: list[DuplicateGroup]) -> list[dict[str, Any]]:
    """The ``duplicates --json`` document: each group with its cards and pairs."""
    cards = cards_by_id(db, (i for group in groups for i in group.customer_ids))
    return [
        {
            "customers": [cards[i] for i in group.customer_ids if i in cards],
            "reasons": list(group.reasons),
            "pairs": [
                {"ids": [pair.first_id, pair.second_id], "reasons": list(pair.reasons)}
                for pair in group.pairs
            ],
        }
        for group in groups
    ]
