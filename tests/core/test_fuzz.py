"""Garbage in, nothing lost: fuzzing the importers, date parsing and search.

``FUNNELDESK_FUZZ_EXAMPLES=2000`` runs a longer campaign. Whatever the file or query, the only exceptions that may escape are the user-facing
``FunnelDeskError`` ones (shown as one clear message), the database stays sound, and an
import adds exactly the rows it says it imported.
"""

from __future__ import annotations

import calendar
import csv
import io
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funneldesk.core import customers, search
from funneldesk.core.db import Database, open_database
from funneldesk.core.errors import FunnelDeskError, ValidationError
from funneldesk.core.importing import import_file
from funneldesk.core.importing.dates import parse_date

FUZZ = settings(
    max_examples=int(os.environ.get("FUNNELDESK_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

HEADERS = [
    "Name",
    "姓名",
    "First Name",
    "Last Name",
    "Phone",
    "手机",
    "E-mail Address",
    "Email",
    "Birthday",
    "生日",
    "Anniversary",
    "City",
    "城市",
    "Company",
    "Notes",
    "备注",
    "Satisfaction",
    "Source",
    "",
    "Name",
    "=SUM(A1)",
    "Ünïcødé ☃",
]
NASTY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60
) | st.sampled_from(
    [
        "'; DROP TABLE customers; --",
        '"quoted, with comma"',
        "line\nbreak",
        "=1+1",
        "مرحبا",
        "👩‍👩‍👧‍👦",
        "\x00nul",
        "0",
        "-1",
        "9",
        "1e309",
        "NaN",
        " ",
        "张三",
    ]
)
DATES = st.sampled_from(
    [
        "2026-02-31",
        "31/02/2026",
        "--02-30",
        "02-30",
        "13/13/2020",
        "2024-02-29",
        "2023-02-29",
        "--07-09",
        "07-09",
        "1990-7-9",
        "农历八月十五",
        "八月三十 (lunar)",
        "0/0/0000",
        "9999-99-99",
        "1900-01-01",
        "1.2.2020",
        "7月9日",
        "",
    ]
) | st.text(alphabet="0123456789-/.年月日 ", max_size=12)


def _sound(db: Database) -> None:
    assert db.scalar("PRAGMA quick_check") == "ok"
    assert db.query("PRAGMA foreign_key_check") == []
    for month, day, year, cal in db.query("SELECT month, day, year, calendar FROM important_dates"):
        limit = 30 if cal == "lunar" else calendar.monthrange(year or 2000, month)[1]
        assert 1 <= month <= 12 and 1 <= day <= limit, (month, day, year, cal)


def _import_checked(db: Database, path: Path) -> None:
    before = db.scalar("SELECT COUNT(*) FROM customers")
    try:
        result = import_file(db, path)
    except FunnelDeskError:
        assert db.scalar("SELECT COUNT(*) FROM customers") == before
    else:
        assert db.scalar("SELECT COUNT(*) FROM customers") - before == result.imported
        assert all(problem.row >= 1 and problem.message for problem in result.errors)
    _sound(db)


def test_random_bytes_never_crash_an_import(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fuzz.sqlite")

    @FUZZ
    @given(
        data=st.binary(max_size=3000),
        suffix=st.sampled_from([".csv", ".vcf", ".xlsx", ".txt"]),
        prefix=st.sampled_from([b"", b"PK\x03\x04", b"BEGIN:VCARD\r\n", b"\xef\xbb\xbfName,\n"]),
    )
    def check(data: bytes, suffix: str, prefix: bytes) -> None:
        path = tmp_path / f"random{suffix}"
        path.write_bytes(prefix + data)
        _import_checked(db, path)

    try:
        check()
    finally:
        db.close()


def test_random_csv_structure_and_dates_import_what_is_valid(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fuzz.sqlite")
    rows = st.lists(st.one_of(NASTY_TEXT, DATES), max_size=8)

    @FUZZ
    @given(
        headers=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
        body=st.lists(rows, max_size=15),
        delimiter=st.sampled_from([",", ";", "\t"]),
    )
    def check(headers: list[str], body: list[list[str]], delimiter: str) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(body)
        path = tmp_path / "random.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        _import_checked(db, path)

    try:
        check()
    finally:
        db.close()


def _vcard(fields: list[tuple[str, str]], closed: bool) -> str:
    lines = ["BEGIN:VCARD", "VERSION:3.0", *(f"{k}:{v}" for k, v in fields)]
    if closed:
        lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def test_random_vcards_import_what_is_valid(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fuzz.sqlite")
    field = st.tuples(
        st.sampled_from(
            [
                "FN",
                "N",
                "TEL",
                "TEL;TYPE=CELL",
                "EMAIL",
                "BDAY",
                "ANNIVERSARY",
                "ORG",
                "NOTE",
                "X-APPLE-OMIT-YEAR",
                "ADR",
                "item1.X-ABDATE",
                "PHOTO;ENCODING=b",
                "X-WEIRD",
            ]
        ),
        st.one_of(NASTY_TEXT, DATES).map(lambda t: t.replace("\n", " ").replace("\r", " ")),
    )
    cards = st.lists(st.tuples(st.lists(field, max_size=8), st.booleans()), min_size=1, max_size=6)

    @FUZZ
    @given(cards=cards)
    def check(cards: list[tuple[list[tuple[str, str]], bool]]) -> None:
        path = tmp_path / "random.vcf"
        path.write_text("".join(_vcard(f, closed) for f, closed in cards), encoding="utf-8")
        _import_checked(db, path)

    try:
        check()
    finally:
        db.close()


@FUZZ
@given(text=st.one_of(DATES, NASTY_TEXT))
def test_date_parsing_gives_a_real_date_or_a_clear_refusal(text: str) -> None:
    try:
        parsed = parse_date(text)
    except ValidationError as exc:
        assert str(exc)
        return
    if parsed is not None:
        limit = (
            30
            if parsed.calendar == "lunar"
            else calendar.monthrange(parsed.year or 2000, parsed.month)[1]
        )
        assert 1 <= parsed.month <= 12 and 1 <= parsed.day <= limit


def test_any_search_query_returns_a_list_and_leaves_the_database_sound(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fuzz.sqlite")
    for name in ["张三", "Zoë Smith", "O'Brien", "مرحبا", "李四 🎉"]:
        customers.create_customer(db, {"name": name, "notes": "note " + name})
    fts_syntax = st.text(alphabet="\"*():^-+ NEARANDORNOT{}[]\\/'%_张三zs", max_size=20)

    @FUZZ
    @given(query=st.one_of(NASTY_TEXT, fts_syntax))
    def check(query: str) -> None:
        found = search.search_customers(db, query)
        assert isinstance(found, list)
        assert search.count_matches(db, query) >= 0

    try:
        check()
        assert [c["name"] for c in search.search_customers(db, "张三")] == ["张三"]
        _sound(db)
    finally:
        db.close()
