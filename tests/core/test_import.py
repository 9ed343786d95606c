"""Importing contacts: formats, encodings, headers, dates, row-level errors, duplicates, undo.

Imported text is never shortened or mis-decoded: phone and Outlook vCards, CSV encodings.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

from funneldesk.core import customers as ops
from funneldesk.core.db import Database, open_database
from funneldesk.core.errors import ValidationError
from funneldesk.core.exporting import export_customers_csv
from funneldesk.core.importing import ImportFileError, guess_mapping, import_file, preview, writer
from funneldesk.core.importing.dates import parse_date
from funneldesk.core.importing.encodings import decode_bytes, detect_encoding
from funneldesk.core.recorder import revert

GOOGLE_HEADER = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Birthday,Notes,Group Membership,"
    "E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,"
    "Phone 2 - Value,Address 1 - Type,Address 1 - Formatted,Address 1 - City,"
    "Organization 1 - Name,Organization 1 - Title,Event 1 - Type,Event 1 - Value,"
    "Event 2 - Type,Event 2 - Value"
)
OUTLOOK_HEADER = (
    "First Name,Middle Name,Last Name,Title,Company,Department,Job Title,Business Street,"
    "Business City,Business Phone,Home Phone,Mobile Phone,E-mail Address,E-mail 2 Address,"
    "Birthday,Anniversary,Notes"
)
FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"
"""Files in the shapes real exports have: Android's vCard 2.1 (UTF-8 quoted-printable, soft
line breaks inside a character, contact events), Outlook 2003's (Windows-1252 without a
CHARSET, unescaped commas), a vCard 4.0 card, an Outlook CSV from a Western-European Windows."""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def customers(db: Database) -> list[dict]:
    return [dict(r) for r in db.query("SELECT * FROM customers ORDER BY id")]


def dates(db: Database) -> list[tuple]:
    return [
        tuple(r)
        for r in db.query(
            "SELECT c.name, d.kind, d.label, d.month, d.day, d.year, d.calendar, d.is_leap_month "
            "FROM important_dates d JOIN customers c ON c.id = d.customer_id ORDER BY d.id"
        )
    ]


# -- round trip ----------------------------------------------------------------------------

PAYLOADS = ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "\tTab", "=1+1;DROP TABLE x"]


def test_export_then_import_keeps_every_field(db: Database, tmp_path: Path) -> None:
    long_note = "备注 " * 3333 + "🎉"
    people = [
        {
            "name": "张三🙂",
            "company": PAYLOADS[0],
            "title": "经理",
            "phone": "+86 138 0013 8000",
            "email": "zs@example.cn",
            "address": "浦东新区世纪大道1号, 3楼",
            "city": "上海",
            "source": "referral",
            "spending_level": "high",
            "purchase_frequency": "monthly",
            "satisfaction": 4,
            "notes": long_note,
            "owner": "Li Wei",
        },
        {
            "name": PAYLOADS[1],
            "company": PAYLOADS[2],
            "title": PAYLOADS[3],
            "city": PAYLOADS[4],
            "notes": 'line one\nline two, "quoted"; semi',
            "source": PAYLOADS[5],
            "owner": "O'Brien",
            "email": "ob@example.com",
        },
    ]
    for person in people:
        ops.create_customer(db, person)
    first, second = (r["id"] for r in customers(db))
    ops.add_important_date(db, first, {"kind": "birthday", "month": 7, "day": 9, "year": 1985})
    ops.add_important_date(db, first, {"kind": "anniversary", "month": 2, "day": 29})
    ops.add_important_date(
        db,
        first,
        {"kind": "custom", "label": "公司成立", "month": 8, "day": 15, "calendar": "lunar"},
    )
    ops.add_important_date(
        db,
        second,
        {
            "kind": "birthday",
            "month": 4,
            "day": 30,
            "calendar": "lunar",
            "is_leap_month": 1,
            "year": 1990,
        },
    )
    ops.add_important_date(
        db,
        second,
        {"kind": "child_birthday", "label": "Tom", "month": 3, "day": 4, "remind_days_before": 3},
    )
    ops.add_preference(db, first, "drink", "绿茶")
    ops.add_preference(db, first, "gift", "books")
    csv_path = tmp_path / "customers.csv"
    export_customers_csv(db, csv_path)

    target = open_database(tmp_path / "other.sqlite")
    result = import_file(target, csv_path)
    assert result.summary() == {
        "imported": 2,
        "skipped": 0,
        "errors": [],
        "encoding": "utf-8",
    }
    fields = [f for f in ops.CUSTOMER_FIELDS]
    exported = [{k: r[k] for k in fields} for r in customers(db)]
    imported = [{k: r[k] for k in fields} for r in customers(target)]
    assert sorted(imported, key=str) == sorted(exported, key=str)  # the file is in name order
    assert sorted(dates(target), key=str) == sorted(dates(db), key=str)
    reminders = "SELECT remind_days_before FROM important_dates ORDER BY id"
    assert sorted(r[0] for r in target.query(reminders)) == [3, 7, 7, 7, 7]
    prefs = "SELECT category, value FROM preferences ORDER BY id"
    assert sorted(tuple(r) for r in target.query(prefs)) == sorted(
        tuple(r) for r in db.query(prefs)
    )
    target.close()


# -- headers -------------------------------------------------------------------------------


def test_chinese_headers_are_recognised(db: Database, tmp_path: Path) -> None:
    path = write(
        tmp_path / "客户.csv",
        "姓名,手机,公司,邮箱,城市,生日,来源,备注,职位,地址,负责人\n"
        "王小明,13800138000,华为,wxm@example.cn,深圳,1990-05-06,展会,老客户,经理,南山区,李伟\n",
    )
    result = import_file(db, path)
    assert result.imported == 1
    row = customers(db)[0]
    assert (row["name"], row["phone"], row["company"], row["email"], row["city"]) == (
        "王小明",
        "13800138000",
        "华为",
        "wxm@example.cn",
        "深圳",
    )
    assert (row["source"], row["notes"], row["title"], row["address"], row["owner"]) == (
        "展会",
        "老客户",
        "经理",
        "南山区",
        "李伟",
    )
    assert dates(db) == [("王小明", "birthday", None, 5, 6, 1990, "solar", 0)]


def test_google_contacts_export_is_recognised(db: Database, tmp_path: Path) -> None:
    row = (
        "Ada Lovelace,Ada,,Lovelace,,--12-10,Met at PyCon,* myContacts,* Work,ada@example.com,"
        "Mobile,+44 20 7946 0000 ::: +44 20 7946 0001,Work,+44 20 7946 0999,Home,"
        '"12 St James\'s Sq, London",London,Analytical Engines Ltd,Countess,'
        "Anniversary,1835-07-08,Royal Society,--11-30"
    )
    path = write(tmp_path / "contacts.csv", f"{GOOGLE_HEADER}\n{row}\n")
    assert import_file(db, path).errors == []
    found = customers(db)[0]
    assert found["name"] == "Ada Lovelace"
    assert found["phone"] == "+44 20 7946 0000"
    assert found["email"] == "ada@example.com"
    assert (found["company"], found["title"], found["city"]) == (
        "Analytical Engines Ltd",
        "Countess",
        "London",
    )
    assert "+44 20 7946 0001" in found["notes"] and "+44 20 7946 0999" in found["notes"]
    assert dates(db) == [
        ("Ada Lovelace", "birthday", None, 12, 10, None, "solar", 0),
        ("Ada Lovelace", "anniversary", None, 7, 8, 1835, "solar", 0),
        ("Ada Lovelace", "custom", "Royal Society", 11, 30, None, "solar", 0),
    ]


def test_outlook_export_takes_mobile_first_and_joins_names(db: Database, tmp_path: Path) -> None:
    row = (
        "John,Q,Smith,Mr.,Contoso,Sales,Buyer,1 Main St,Seattle,+1 206 555 0100,"
        "+1 206 555 0101,+1 206 555 0102,john@contoso.com,,7/9/1975,0/0/00,VIP"
    )
    path = write(tmp_path / "outlook.csv", f"{OUTLOOK_HEADER}\n{row}\n")
    assert import_file(db, path).errors == []
    found = customers(db)[0]
    assert found["name"] == "John Q Smith"
    assert found["phone"] == "+1 206 555 0102"
    assert (found["company"], found["title"], found["city"], found["address"]) == (
        "Contoso",
        "Buyer",
        "Seattle",
        "1 Main St",
    )
    assert dates(db) == [("John Q Smith", "birthday", None, 7, 9, 1975, "solar", 0)]


def test_unknown_columns_are_ignored_and_a_file_without_names_is_refused(
    tmp_path: Path, db: Database
) -> None:
    assert guess_mapping(["Colour", "Phone"]) == [None, "phone"]
    path = write(tmp_path / "x.csv", "Colour,Phone\nred,13800138000\n")
    with pytest.raises(ImportFileError, match="No column holds names"):
        import_file(db, path)


# -- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985-07-09", (7, 9, 1985, "solar", False)),
        ("1985/7/9", (7, 9, 1985, "solar", False)),
        ("1985.07.09", (7, 9, 1985, "solar", False)),
        ("19850709", (7, 9, 1985, "solar", False)),
        ("1985-07-09 00:00:00", (7, 9, 1985, "solar", False)),
        ("--07-09", (7, 9, None, "solar", False)),
        ("--0709", (7, 9, None, "solar", False)),
        ("07-09", (7, 9, None, "solar", False)),
        ("7月9日", (7, 9, None, "solar", False)),
        ("1985年7月9日", (7, 9, 1985, "solar", False)),
        ("7/9/1985", (7, 9, 1985, "solar", False)),
        ("09.07.1985", (7, 9, 1985, "solar", False)),
        ("1604-07-09", (7, 9, None, "solar", False)),
        ("农历 1985-08-15", (8, 15, 1985, "lunar", False)),
        ("--04-30 (lunar, leap)", (4, 30, None, "lunar", True)),
        (datetime(1985, 7, 9), (7, 9, 1985, "solar", False)),
        (31237, (7, 9, 1985, "solar", False)),
    ],
)
def test_date_formats(text: object, expected: tuple) -> None:
    parsed = parse_date(text)
    assert (
        parsed.month,
        parsed.day,
        parsed.year,
        parsed.calendar,
        parsed.is_leap_month,
    ) == expected


@pytest.mark.parametrize(
    "text", ["1985-02-30", "2023-02-29", "13/45/1990", "tomorrow", "--04-31", "农历 1985-01-31"]
)
def test_impossible_dates_are_refused_with_the_value_named(text: str) -> None:
    with pytest.raises(ValidationError, match="“"):
        parse_date(text)


@pytest.mark.parametrize("text", ["", "0/0/00", None])
def test_empty_date_spellings_mean_no_date(text: object) -> None:
    assert parse_date(text) is None


# -- encodings and delimiters ----------------------------------------------------------------

CHINESE_CSV = "姓名,电话,城市\n张三,13800138000,北京\n李四,13900139000,上海\n"


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le"]
)
def test_encodings_are_detected(db: Database, tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "c.csv", CHINESE_CSV, encoding)
    assert import_file(db, path).imported == 2
    assert [(r["name"], r["city"]) for r in customers(db)] == [("张三", "北京"), ("李四", "上海")]


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_delimiter_is_sniffed(db: Database, tmp_path: Path, delimiter: str) -> None:
    path = write(tmp_path / "c.csv", CHINESE_CSV.replace(",", delimiter))
    assert import_file(db, path).imported == 2
    assert customers(db)[1]["phone"] == "13900139000"


def test_latin1_file_is_read_without_loss(db: Database, tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", "Name,City\nJosé Müller,Zürich\n", "cp1252")
    import_file(db, path)
    assert (customers(db)[0]["name"], customers(db)[0]["city"]) == ("José Müller", "Zürich")


def test_outlook_csv_from_a_western_european_windows_is_windows_1252(db: Database) -> None:
    result = import_file(db, FIXTURES / "outlook-western.csv")
    assert (result.errors, result.encoding) == ([], "windows-1252")
    assert [(r["name"], r["company"], r["city"]) for r in customers(db)] == [
        ("Jürgen Müller", "Bäckerei Größe", "München"),
        ("Ann Smith", "Acme", "London"),
        ("François Lefèvre", "Noël Süßwaren", "Zürich"),
    ]


def test_a_chinese_name_among_english_rows_is_still_gbk(db: Database, tmp_path: Path) -> None:
    rows = [f"Ann {i},555{i:04d},{i} High Street" for i in range(300)] + ["王五,13800138000,北京"]
    path = tmp_path / "mostly-english.csv"
    path.write_bytes(("Name,Phone,Address\n" + "\n".join(rows) + "\n").encode("gbk"))
    result = import_file(db, path)
    assert result.encoding == "gb18030"
    assert customers(db)[-1]["name"] == "王五"


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("Name\nMüller Jürgen\n", "cp1252", "windows-1252"),
        ("Name\nStraße\n", "cp1252", "windows-1252"),
        ("姓名\n张三\n", "gbk", "gb18030"),
        ("Name\n陈\n", "gb18030", "gb18030"),
        ("Name\nMüller\n", "utf-8", "utf-8"),
        ("Name\nMüller\n", "utf-8-sig", "utf-8"),
        ("Name\nMüller\n", "utf-16", "utf-16"),
        ("Name\n张三\n", "utf-16-le", "utf-16-le"),
        ("Name\n张三\n", "utf-16-be", "utf-16-be"),
    ],
)
def test_encoding_is_chosen_by_evidence(text: str, encoding: str, expected: str) -> None:
    data = text.encode(encoding)
    assert detect_encoding(data) == expected
    assert decode_bytes(data).text.lstrip("\ufeff") == text


def test_an_undecodable_value_is_reported_by_row_not_dropped(db: Database, tmp_path: Path) -> None:
    """A UTF-8 file with one stray byte stays UTF-8; the row holding it says so."""
    path = tmp_path / "stray.csv"
    path.write_bytes(
        "Name,City\n张三,北京\nLi ? Wei,上海\n王五,广州\n".encode().replace(b"?", b"\xff")
    )
    result = import_file(db, path)
    assert (result.imported, result.encoding) == (3, "utf-8")
    assert [p.row for p in result.errors] == [3]
    assert "Name" in result.errors[0].message and "utf-8" in result.errors[0].message
    assert [r["name"] for r in customers(db)] == ["张三", "Li \ufffd Wei", "王五"]


def test_the_chosen_encoding_overrides_the_detected_one(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_bytes("Name\nМосква\n".encode("cp1251"))
    table, rows = preview(path, encoding="windows-1251")
    assert (table.encoding, rows[0].cells[0]) == ("windows-1251", "Москва")
    result = import_file(db, path, encoding="cp1251")
    assert (result.encoding, customers(db)[0]["name"]) == ("windows-1251", "Москва")


def test_a_nul_byte_anywhere_means_not_text(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"Name\n" + b"Ann\n" * 2000 + b"\x00\x01\x02")
    with pytest.raises(ImportFileError, match="not a text file"):
        import_file(db, path)


# -- row-level errors ----------------------------------------------------------------------


def test_bad_rows_are_reported_by_the_row_number_the_user_sees(
    db: Database, tmp_path: Path
) -> None:
    text = (
        "Name,Email,Birthday,Satisfaction,Notes\n"  # row 1
        'Ann,ann@example.com,1980-01-02,5,"two\nlines"\n'  # row 2 (one record, two lines)
        ",,,,no name here\n"  # row 3: rejected
        ",,,,\n"  # row 4: blank, ignored
        "Bob,not-an-email,1980-02-30,9,ok\n"  # row 5: three values dropped
        "Cy,cy@example.com,--07-09,3,\n"  # row 6: fine
    )
    result = import_file(db, write(tmp_path / "rows.csv", text))
    assert result.imported == 3
    assert [p.row for p in result.errors] == [3, 5]
    assert "no name" in result.errors[0].message
    message = result.errors[1].message
    assert "not-an-email" in message and "1980-02-30" in message and "Satisfaction" in message
    bob = next(r for r in customers(db) if r["name"] == "Bob")
    assert (bob["email"], bob["satisfaction"], bob["notes"]) == (None, None, "ok")


def test_ten_thousand_character_note_and_emoji_survive(db: Database, tmp_path: Path) -> None:
    note = ("🎂 生日快乐 " * 1250)[:10_000]
    path = write(tmp_path / "n.csv", f'Name,Notes\n"Zoë 👩‍💼","{note}"\n')
    assert import_file(db, path).errors == []
    assert customers(db)[0]["name"] == "Zoë 👩‍💼"
    assert customers(db)[0]["notes"] == note.strip()


# -- Excel -----------------------------------------------------------------------------------


def test_xlsx_date_cells_and_numeric_phones(db: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "手机", "生日", "满意度"])
    sheet.append(["赵六", 13800138000, datetime(1979, 11, 3), 4])
    sheet.append(["钱七", None, "--02-29", "x"])
    book.save(tmp_path / "c.xlsx")
    result = import_file(db, tmp_path / "c.xlsx")
    assert result.imported == 2
    assert [p.row for p in result.errors] == [3]
    assert customers(db)[0]["phone"] == "13800138000"
    assert dates(db) == [
        ("赵六", "birthday", None, 11, 3, 1979, "solar", 0),
        ("钱七", "birthday", None, 2, 29, None, "solar", 0),
    ]


def test_corrupt_workbook_is_refused_in_one_line(db: Database, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Name"])
    book.save(tmp_path / "ok.xlsx")
    data = (tmp_path / "ok.xlsx").read_bytes()
    (tmp_path / "broken.xlsx").write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFileError, match="broken.xlsx"):
        import_file(db, tmp_path / "broken.xlsx")
    (tmp_path / "fake.xlsx").write_text("Name\nAnn\n")
    with pytest.raises(ImportFileError, match="not an Excel workbook"):
        import_file(db, tmp_path / "fake.xlsx")


# -- vCard -----------------------------------------------------------------------------------

VCARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Doe;John;;;\r\nFN:John Doe\r\n"
    "BDAY;X-APPLE-OMIT-YEAR=1604:1604-07-09\r\n"
    "item1.X-ABDATE:2010-05-01\r\nitem1.X-ABLabel:_$!<Anniversary>!$_\r\n"
    "TEL;TYPE=WORK:+1 415 555 0100\r\nTEL;TYPE=CELL:+1 415 555 0199\r\n"
    "ADR;TYPE=HOME:;;1 Main St;Springfield;IL;62701;USA\r\nORG:Acme;Sales\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nN:王;小明;;;\r\nBDAY:--0305\r\nANNIVERSARY:20120808\r\n"
    "EMAIL:xm@example.cn\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E4=B8=89;;;\r\n"
    "TEL;CELL:13800138000\r\nBDAY:19850709\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:123456789\r\nEND:VCARD\r\n"
)


def test_vcards_of_every_version(db: Database, tmp_path: Path) -> None:
    result = import_file(db, write(tmp_path / "phone.vcf", VCARDS))
    assert result.imported == 3
    assert [(p.row, "no name" in p.message) for p in result.errors] == [(4, True)]
    rows = customers(db)
    assert [r["name"] for r in rows] == ["John Doe", "王小明", "张三"]
    assert rows[0]["phone"] == "+1 415 555 0199"
    assert (rows[0]["company"], rows[0]["city"]) == ("Acme", "Springfield")
    assert dates(db) == [
        ("John Doe", "birthday", None, 7, 9, None, "solar", 0),
        ("John Doe", "anniversary", None, 5, 1, 2010, "solar", 0),
        ("王小明", "birthday", None, 3, 5, None, "solar", 0),
        ("王小明", "anniversary", None, 8, 8, 2012, "solar", 0),
        ("张三", "birthday", None, 7, 9, 1985, "solar", 0),
    ]


def test_file_claiming_vcard_without_cards_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="no vCard"):
        import_file(db, write(tmp_path / "x.vcf", "Name\nAnn\n"))


def test_android_quoted_printable_names_and_notes_are_whole(
    db: Database, capfd: pytest.CaptureFixture
) -> None:
    result = import_file(db, FIXTURES / "android-2.1.vcf")
    assert result.imported == 2
    zhang, ann = customers(db)
    assert zhang["name"] == "张三"  # the soft line break falls inside 张
    assert zhang["notes"] == "老客户，喜欢喝茶\n生日送花"
    assert zhang["phone"] == "138-0013-8000"
    assert ann["notes"] == "likes tea, coffee; and cake\nprefers calls, not e-mail"
    assert result.encoding == "utf-8"
    # The line vobject would have logged as "Skipped line" is reported with its card.
    assert [(p.row, "this line lost its property name" in p.message) for p in result.errors] == [
        (2, True)
    ]
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


def test_android_contact_events_become_important_dates(db: Database) -> None:
    import_file(db, FIXTURES / "android-2.1.vcf")
    assert dates(db) == [
        ("张三", "anniversary", None, 4, 15, None, "solar", 0),
        ("张三", "birthday", None, 10, 2, 1988, "solar", 0),
        ("张三", "custom", "Other", 12, 24, None, "solar", 0),
        ("张三", "custom", "开业纪念日", 6, 1, None, "solar", 0),
    ]


def test_outlook_2003_card_in_windows_1252_is_read(db: Database) -> None:
    result = import_file(db, FIXTURES / "outlook-2003.vcf")
    assert (result.imported, result.errors, result.encoding) == (1, [], "windows-1252")
    card = customers(db)[0]
    assert (card["name"], card["company"], card["title"]) == (
        "Jürgen Müller",
        "Müller, Schmidt & Co.",
        "Geschäftsführer",
    )
    assert (card["phone"], card["city"]) == ("0171 1234567", "Berlin")
    assert card["address"] == "Hauptstraße 1, Hinterhaus, 10115, Deutschland"
    assert card["notes"] == (
        "Kunde seit 2004\nBevorzugt Grünen Tee\n"
        "Address: Gartenweg 5, 14467, Deutschland, Potsdam\nPhone: (030) 1234567"
    )


def test_vcard_4_tel_uri_and_anniversary_with_a_time(db: Database) -> None:
    result = import_file(db, FIXTURES / "vcard-4.0.vcf")
    assert result.errors == []
    card = customers(db)[0]
    assert card["phone"] == "+86-138-0013-8000"
    assert "+86-10-6552-9988 ext. 102" in card["notes"]
    assert dates(db) == [
        ("王小明", "birthday", None, 4, 15, None, "solar", 0),
        ("王小明", "anniversary", None, 4, 15, 1996, "solar", 0),
    ]


def test_a_value_in_an_undecodable_charset_is_reported_by_card(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "bad.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ann\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Bo=FF\r\n"
        b"END:VCARD\r\n"
    )
    result = import_file(db, path)
    assert result.imported == 2
    assert [p.row for p in result.errors] == [2]
    assert result.errors[0].message.startswith("Name: some characters could not be read as utf-8")


# -- duplicates, undo, cancel ----------------------------------------------------------------


def test_duplicates_are_skipped_merged_or_kept(db: Database, tmp_path: Path) -> None:
    ops.create_customer(db, {"name": "Ann", "phone": "+86 138 0013 8000"})
    text = "Name,Phone,Email,City\nAnn Lee,13800138000,ann@example.com,Beijing\nAnn L,,ANN@example.com,\n"
    path = write(tmp_path / "d.csv", text)
    skipped = import_file(db, path)
    assert skipped.summary()["skipped"] == 2
    ann_id = customers(db)[0]["id"]
    assert [(s.row, s.name, s.customer_id) for s in skipped.skipped_rows] == [
        (2, "Ann Lee", ann_id),
        (3, "Ann L", ann_id),
    ], "the summary can name each skipped row and the card it matched"
    merged = import_file(db, path, duplicates="merge")
    assert (merged.imported, merged.skipped) == (2, 0)
    ann = customers(db)[0]
    assert (ann["name"], ann["email"], ann["city"], len(customers(db))) == (
        "Ann",
        "ann@example.com",
        "Beijing",
        1,
    )
    assert import_file(db, path, duplicates="keep").imported == 2
    assert len(customers(db)) == 3


def test_two_imports_of_the_same_file_at_once_create_no_duplicates(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two windows (or the app and the command line) import the same export together: every
    batch checks for duplicates inside its own write transaction, against what the other
    import committed, so the file's people are there once."""
    monkeypatch.setattr(writer, "BATCH_ROWS", 100)
    lines = ["Name,Mobile,Email"] + [f"P{i},138{i:08d},p{i}@example.com" for i in range(2000)]
    path = write(tmp_path / "same.csv", "\n".join(lines))
    in_step = threading.Barrier(2, timeout=30)  # the two imports write batch by batch in turn
    results: list = []

    def run() -> None:
        other = open_database(db.path)
        try:
            results.append(import_file(other, path, progress=lambda done, total: in_step.wait()))
        finally:
            other.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == 2
    assert db.query_one("SELECT COUNT(*) AS n FROM customers")["n"] == 2000
    assert sorted((r.imported + r.skipped, r.skipped > 0) for r in results)[1] == (2000, True)
    assert sum(r.imported for r in results) == 2000


def test_a_whole_import_is_undone_and_redone(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "BATCH_ROWS", 3)
    lines = ["Name,Birthday,Preferences"] + [f"P{i},--01-{i + 1:02d},drink: tea" for i in range(10)]
    result = import_file(db, write(tmp_path / "u.csv", "\n".join(lines)))
    assert result.imported == 10
    # The change set's images (made from the values written) are the rows as stored.
    for change in result.changeset.rows:
        stored = db.query_one(f"SELECT * FROM {change.table} WHERE id = ?", (change.row_id,))
        assert change.after == dict(stored)
    undo = revert(db, result.changeset)
    assert customers(db) == [] and dates(db) == []
    revert(db, undo)
    assert [r["name"] for r in customers(db)] == [f"P{i}" for i in range(10)]
    assert len(dates(db)) == 10


def test_cancel_stops_between_batches_and_keeps_an_undoable_result(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "BATCH_ROWS", 4)
    path = write(tmp_path / "c.csv", "Name\n" + "\n".join(f"P{i}" for i in range(10)))
    seen: list[int] = []
    result = import_file(
        db, path, progress=lambda done, total: seen.append(done), cancelled=lambda: bool(seen)
    )
    assert result.cancelled and result.imported == 4 and len(customers(db)) == 4
    revert(db, result.changeset)
    assert customers(db) == []


# -- command line ----------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "funneldesk", *args], capture_output=True, text=True, timeout=120
    )


def test_cli_prints_the_summary_and_refuses_unreadable_files(db: Database, tmp_path: Path) -> None:
    db_path = str(db.path)
    db.close()
    good = write(tmp_path / "c.csv", "姓名,邮箱\n张三,bad\n,\n李四,ls@example.cn\n")
    done = run_cli("import", str(good), "--db", db_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "imported": 2,
        "skipped": 0,
        "errors": [
            {
                "row": 2,
                "message": "E-mail: “bad” is not an e-mail address. The value was not imported.",
            }
        ],
        "encoding": "utf-8",
    }
    (tmp_path / "empty.csv").write_bytes(b"")
    for args in (
        [str(tmp_path / "missing.csv")],
        [str(tmp_path / "empty.csv")],
        [str(good), "--format", "xlsx"],
        [str(good), "--format", "vcf"],
    ):
        failed = run_cli("import", *args, "--db", db_path)
        assert failed.returncode == 2
        assert failed.stdout == "" and len(failed.stderr.strip().splitlines()) == 1


def test_without_undo_recording_the_import_is_the_same_but_keeps_no_images(
    db: Database, tmp_path: Path
) -> None:
    path = write(tmp_path / "c.csv", "Name,Birthday\nAnn,--01-02\nBo,1990-02-30\n")
    result = import_file(db, path, record_undo=False)
    assert (result.imported, [p.row for p in result.errors]) == (2, [3])
    assert not result.changeset and len(customers(db)) == 2 and len(dates(db)) == 1


def test_format_is_recognised_by_content_when_the_name_misleads(
    db: Database, tmp_path: Path
) -> None:
    path = write(tmp_path / "contacts.txt", VCARDS, "utf-16")
    assert import_file(db, path).imported == 3


def test_cli_reports_the_encoding_and_accepts_another(db: Database, tmp_path: Path) -> None:
    db_path = str(db.path)
    db.close()
    run = [sys.executable, "-m", "funneldesk", "import", "--db", db_path]
    done = subprocess.run(
        [*run, str(FIXTURES / "outlook-western.csv")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stderr == ""
    assert json.loads(done.stdout)["encoding"] == "windows-1252"
    bad = subprocess.run(
        [*run, str(FIXTURES / "outlook-western.csv"), "--encoding", "klingon"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "klingon" in bad.stderr


def test_a_refused_import_into_a_new_file_leaves_no_file_behind(tmp_path: Path) -> None:
    not_text = tmp_path / "photo.csv"
    not_text.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)))
    target = tmp_path / "new.sqlite"
    done = run_cli("import", str(not_text), "--db", str(target))
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photo.csv"]


def test_an_import_into_a_new_file_on_a_chinese_system_makes_a_chinese_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from funneldesk.cli import main as cli_main

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    target = tmp_path / "new.sqlite"
    assert cli_main(["import", str(FIXTURES / "outlook-western.csv"), "--db", str(target)]) == 0
    capsys.readouterr()
    with open_database(target) as database:
        assert database.scalar("SELECT name FROM stages ORDER BY position LIMIT 1") == "潜在客户"
        assert database.setting("currency") == "CNY"


def test_one_column_per_field_reads_rows_as_the_general_way_does() -> None:
    """A file with one column per field (most files) takes a short way through the row;
    it must build the very records the general way builds, ``:::`` lists and notes included."""
    from funneldesk.core.importing.records import RecordBuilder, SourceRow

    headers = ["Name", "Phone", "E-mail", "Company", "Notes", "Birthday", "City"]
    rows = [
        ["Ada", "+44 20 7946 0000 ::: +44 20 7946 0001 ::: +44 20 7946 0000", "a@x.org"],
        ["  ", " 123456 ", "b@x.org ::: c@x.org", "Acme", "first", "1990-05-06", " Paris "],
        ["", "", "", "Acme ::: Ltd", "", "", ""],
        ["'=1+1", ":::", "", "", "", "not a date", "Köln"],
        ["王小明", None, 13800138000.0, "", "老客户", "", ""],
    ]
    mapping = guess_mapping(headers)
    short = RecordBuilder(headers, mapping)
    general = RecordBuilder(headers, mapping)
    general.direct = False
    assert short.direct
    for number, cells in enumerate(rows, start=2):
        source = SourceRow(number, cells)
        assert short.build(source) == general.build(source), cells
