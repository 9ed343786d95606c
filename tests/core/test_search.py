"""Type-ahead search: pinyin, initials, diacritics, phone digits, CJK grams, safety, ranking."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from funneldesk.cli import main
from funneldesk.core import customer_list, customers, search
from funneldesk.core.db import Database
from funneldesk.core.recorder import revert
from funneldesk.core.search import (
    MAX_QUERY_TOKENS,
    count_matches,
    matching_ids_sql,
    parse_query,
    pending_count,
    rebuild_search_index,
    search_customers,
    update_search_index,
)


def add(db: Database, **values: object) -> int:
    return customers.create_customer(db, values).inserted_ids("customers")[0]


def names(db: Database, query: str, limit: int = 50) -> list[str]:
    return [row["name"] for row in search_customers(db, query, limit=limit)]


@pytest.fixture
def people(db: Database) -> Database:
    add(db, name="张三", phone="+86 138 0013 8000", city="北京")
    add(db, name="张三丰", notes="客户很喜欢茶叶，下次带龙井")
    add(db, name="Jürgen Müller", company="Acme GmbH", email="jm@acme.example")
    add(db, name="曾小单", company="上海贸易公司")
    add(db, name="Zhang Wei", phone="020 7946 0958", notes="met at the Canton fair")
    add(db, name="李四", city="深圳")
    return db


@pytest.mark.parametrize("query", ["zhangsan", "zhang san", "Zhang San", "zs", "张", "张三"])
def test_pinyin_initials_and_characters_find_the_chinese_name_first(
    people: Database, query: str
) -> None:
    assert names(people, query)[0] == "张三"


@pytest.mark.parametrize("name", ["0", "さくら", "김민준", "〇〇", "𠮷田", "Ωmega 张"])
def test_names_without_pinyin_are_indexed_and_found(db: Database, name: str) -> None:
    customer_id = add(db, name=name)
    assert customer_id in [row["id"] for row in search_customers(db, name)]


def test_rare_readings_of_a_surname_do_not_match(db: Database) -> None:
    add(db, name="董思远")  # 董 has a rare reading "zhong"
    assert names(db, "zs") == []
    assert names(db, "dsy") == ["董思远"]


def test_surname_heteronym_and_initials_of_longer_names(people: Database) -> None:
    assert names(people, "zeng") == ["曾小单"]  # 曾 read as a surname
    assert names(people, "cengxiaodan") == ["曾小单"]  # and as pypinyin reads it
    assert names(people, "zxd") == ["曾小单"]
    assert names(people, "sanfeng") == ["张三丰"]


@pytest.mark.parametrize("query", ["muller", "MULLER", "Müll", "jurgen", "jürgen müller"])
def test_diacritics_are_folded_both_ways(people: Database, query: str) -> None:
    assert names(people, query) == ["Jürgen Müller"]


@pytest.mark.parametrize(
    "query",
    ["1380013", "138-0013-8000", "138 0013 8000", "+86 13800138000", "0013 8000", "8613800"],
)
def test_phone_digits_match_regardless_of_spaces_dashes_and_country_prefix(
    people: Database, query: str
) -> None:
    assert names(people, query) == ["张三"]


def test_international_query_finds_a_number_stored_nationally(people: Database) -> None:
    assert names(people, "+44 20 7946 0958") == ["Zhang Wei"]
    assert names(people, "1390013") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("茶", ["张三丰"]),  # one character, in notes
        ("茶叶", ["张三丰"]),  # two characters, in notes
        ("很喜欢", ["张三丰"]),  # three characters: a phrase of bigrams
        ("贸易", ["曾小单"]),  # company
        ("深圳", ["李四"]),  # city
        ("丰", ["张三丰"]),  # last character of a name
        ("喜很", []),  # characters present but not in this order
        ("咖啡", []),
    ],
)
def test_one_two_and_three_character_cjk_queries_in_every_field(
    people: Database, query: str, expected: list[str]
) -> None:
    assert names(people, query) == expected


NASTY = [
    '"',
    '""',
    "'",
    "*",
    "zhang*",
    "NEAR(a b)",
    "a OR b",
    "a AND",
    "NOT",
    "-",
    "- zhang",
    "^",
    ":",
    "{name}: x",
    "'; DROP TABLE customers;--",
    "😀",
    "张😀三",
    "\x00",
    "\u0301",
    "ｚｈａｎｇ",
    "x" * 5000,
    "张" * 5000,
    "1" * 5000,
]


@pytest.mark.parametrize("query", NASTY)
def test_query_metacharacters_never_raise(people: Database, query: str) -> None:
    assert isinstance(search_customers(people, query), list)
    assert isinstance(count_matches(people, query), int)
    assert people.scalar("SELECT COUNT(*) FROM customers") == 6


def test_fullwidth_letters_and_operators_are_searched_as_text(people: Database) -> None:
    assert names(people, "ｚｈａｎｇｓａｎ")[0] == "张三"
    assert names(people, "zhang*")[0] == "张三"
    assert names(people, "- müller") == ["Jürgen Müller"]


def test_a_five_thousand_character_query_is_cut_to_a_few_terms(people: Database) -> None:
    """A pasted page of text costs what a dozen words cost: the query keeps a bounded number
    of terms, each of bounded length, and still finds the customer it names."""
    parsed = parse_query("张三 " * 1000)
    assert parsed.match.count(" AND ") + 1 <= MAX_QUERY_TOKENS
    assert len(parsed.match) < 40 * MAX_QUERY_TOKENS
    assert names(people, "张三 " * 1000)[0] == "张三"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=80))
def test_any_text_returns_results_or_none(people: Database, query: str) -> None:
    results = search_customers(people, query)
    assert isinstance(results, list)
    found = matching_ids_sql(query)
    if found is not None:
        sql, params = found
        ids = {row[0] for row in people.query(sql, params)}
        assert {row["id"] for row in results} <= ids


def test_ranking_exact_name_then_prefix_then_name_word_then_other_fields(db: Database) -> None:
    add(db, name="Wang Fang", notes="introduced by li")
    add(db, name="Anna Li")
    add(db, name="Lily Chen")
    add(db, name="Li")
    assert names(db, "li") == ["Li", "Lily Chen", "Anna Li", "Wang Fang"]


def test_exact_chinese_name_ranks_before_longer_names_that_start_with_it(db: Database) -> None:
    add(db, name="张三丰")
    add(db, name="张三", notes="张三丰的朋友")
    assert names(db, "张三") == ["张三", "张三丰"]


def test_pages_concatenate_to_the_full_ranking(db: Database) -> None:
    for i in range(30):
        add(db, name=f"Chen {i:02d}", notes="chen" if i % 2 else None)
    full = [row["id"] for row in search_customers(db, "chen", limit=100)]
    paged = [
        row["id"] for offset in (0, 10, 20) for row in search_customers(db, "chen", 10, offset)
    ]
    assert paged == full
    assert len(full) == 30


def test_broad_queries_rank_names_first_and_still_page_through_every_match(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "RANK_WINDOW", 3)  # more matches than bm25 is asked to weigh
    for i in range(12):
        add(db, name=f"Client {i:02d}", company="Shanghai Trading Co")
    add(db, name="Shanghai", notes="the city")
    add(db, name="Shanghai Wang")
    assert names(db, "shanghai")[:2] == ["Shanghai", "Shanghai Wang"]
    paged = [
        r["id"] for offset in range(0, 14, 4) for r in search_customers(db, "shanghai", 4, offset)
    ]
    assert len(paged) == len(set(paged)) == 14


def test_names_typed_without_spaces_match_as_a_whole(db: Database) -> None:
    add(db, name="Anna Zhang")
    add(db, name="Annabel Lee")
    assert names(db, "annazh") == ["Anna Zhang"]
    assert count_matches(db, "annazh") == 1


def test_index_follows_update_delete_and_undo(db: Database) -> None:
    customer_id = add(db, name="王伟", phone="139 1111 2222")
    edit = customers.update_customer(db, customer_id, {"name": "Olga Petrova"})
    assert names(db, "wangwei") == []
    assert names(db, "olga") == ["Olga Petrova"]
    assert names(db, "13911112222") == ["Olga Petrova"]
    revert(db, edit)
    assert names(db, "wangwei") == ["王伟"]
    assert names(db, "olga") == []
    removal = customers.delete_customer(db, customer_id)
    assert names(db, "王伟") == []
    assert names(db, "1391111") == []
    revert(db, removal)
    assert names(db, "王伟") == ["王伟"]
    assert count_matches(db, "139") == 1


def test_changes_made_outside_operations_are_found_and_indexed_by_a_write_of_its_own(
    db: Database,
) -> None:
    with db.bulk() as conn:
        conn.executemany(
            "INSERT INTO customers (name, created_at, updated_at) VALUES (?, 'x', 'x')",
            [(f"客户{i}",) for i in range(50)] + [("Élodie Durand",)],
        )
    assert pending_count(db) == 51
    assert names(db, "elodie") == ["Élodie Durand"]
    assert pending_count(db) == 51  # the search wrote nothing
    assert search.catch_up(db) == 51  # as on opening the file
    assert pending_count(db) == 0
    with db.bulk() as conn:
        conn.execute("UPDATE customers SET name = 'Elodie Martin' WHERE name = 'Élodie Durand'")
    assert names(db, "durand") == []
    assert names(db, "martin") == ["Elodie Martin"]


def test_a_search_never_writes_the_file(db: Database) -> None:
    """Reads only read: searching with customers queued for the index changes nothing,
    neither through the writer nor by indexing the queue."""
    add(db, name="Olga Petrova")
    with db.bulk() as conn:
        conn.execute(
            "INSERT INTO customers (name, phone, created_at, updated_at) "
            "VALUES ('Élodie Durand', '+33 6 12 34 56 78', 'x', 'x')"
        )
    writes = db.conn.total_changes
    assert names(db, "elodie") == ["Élodie Durand"]
    assert names(db, "olga") == ["Olga Petrova"]
    count_matches(db, "elodie")
    customer_list.count_customers(db, customer_list.ListQuery(search="olga"))
    assert db.conn.total_changes == writes and pending_count(db) == 1


def test_an_operation_indexes_its_customers_before_it_commits(db: Database) -> None:
    customer_id = add(db, name="王伟", phone="139 1111 2222")
    assert pending_count(db) == 0  # no search needed to index it
    assert count_matches(db, "wangwei") == 1 and count_matches(db, "1391111") == 1
    customers.update_customer(db, customer_id, {"name": "Olga"})
    assert pending_count(db) == 0 and count_matches(db, "olga") == 1


def test_a_long_queue_is_left_to_the_indexing_job(db: Database) -> None:
    with db.bulk() as conn:
        conn.executemany(
            "INSERT INTO customers (name, created_at, updated_at) VALUES (?, 'x', 'x')",
            [(f"Kunde {i}",) for i in range(search.SHORT_QUEUE)],
        )
    assert search.catch_up(db) == 0 and names(db, "kunde") == []
    assert update_search_index(db) == search.SHORT_QUEUE and len(names(db, "kunde")) == 50


def test_bulk_jobs_index_with_progress_and_rebuild_restores_a_damaged_index(
    db: Database,
) -> None:
    with db.bulk() as conn:
        conn.executemany(
            "INSERT INTO customers (name, city, created_at, updated_at) VALUES (?, ?, 'x', 'x')",
            [(f"Kunde {i}", "Köln") for i in range(2500)],
        )
    reports: list[tuple[int, int]] = []
    assert update_search_index(db, lambda done, total: reports.append((done, total))) == 2500
    assert reports[-1] == (2500, 2500) and len(reports) == 2
    with db.bulk() as conn:
        conn.execute("DELETE FROM customer_search")
    assert count_matches(db, "koln") == 0
    assert rebuild_search_index(db) == 2500
    assert count_matches(db, "koln") == 2500
    assert count_matches(db, "koln", cap=100) == 100


def test_search_command_prints_customers_best_first_as_json(
    people: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "zs", "--db", str(people.path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [row["name"] for row in result] == ["张三", "张三丰"]
    assert result[0]["phone"] == "+86 138 0013 8000" and result[0]["city"] == "北京"


def test_search_command_prints_a_table_and_refuses_a_missing_file(
    people: Database, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "müller", "--db", str(people.path)]) == 0
    assert "Acme GmbH" in capsys.readouterr().out
    assert main(["search", "x", "--db", str(tmp_path / "missing.sqlite")]) == 2
    assert "no such database" in capsys.readouterr().err


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=40).filter(lambda s: s.strip() and "\x00" not in s))
def test_any_name_is_found_by_typing_it(db: Database, name: str) -> None:
    customer_id = add(db, name=name)
    if search.parse_query(name).match:  # something searchable in it
        assert customer_id in search.ranked_ids(db, name, limit=1000)


def test_words_typed_apart_only_find_names_whose_words_they_start(people: Database) -> None:
    # "c e" joined is "ce", which starts 曾小单's pinyin key "cengxiaodan"; but no word of
    # that name starts with "e", so it is no match — and the count agrees with the list.
    assert "曾小单" not in names(people, "c e")
    assert names(people, "ceng x") == ["曾小单"]
    assert search.count_matches(people, "c e") == len(names(people, "c e"))


def test_a_name_with_a_newer_emoji_between_its_words_is_found_by_each_word(db: Database) -> None:
    # 🦄 (Unicode 8) is a letter to FTS5's Unicode 6.1 tables, a separator to a query.
    add(db, name="Lily🦄Chen", notes="喜欢🥤绿茶")
    assert names(db, "lily chen") == ["Lily🦄Chen"]
    assert names(db, "chen") == ["Lily🦄Chen"]
    assert names(db, "绿茶") == ["Lily🦄Chen"]
    assert search.count_matches(db, "chen") == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [("zhang", 2), ("zhangs", 1), ("zhan", 3), ("zhang wei", 1), ("zhang w", 1)],
)
def test_a_long_prefix_counts_every_word_it_starts(db: Database, query: str, expected: int) -> None:
    # The whole word "zhang" (one customer) and the indexed prefix "zhan" (three) bound the
    # count of "zhang" (two); the count is the exact one, with or without a cap.
    for name in ("Zhang Wei", "Zhangsan Li", "Zhanna Ivanova"):
        add(db, name=name)
    assert count_matches(db, query) == expected
    assert count_matches(db, query, cap=10) == expected
    assert count_matches(db, query, cap=1) == 1


def test_a_long_prefix_settled_by_its_bounds_is_not_merged(db: Database) -> None:
    # Every customer matching "zhang*" has the word "zhang" and "zhan*" finds no one else:
    # the count needs neither FTS5's merge of every word starting with "zhang" nor more.
    add(db, name="Zhang Wei")
    add(db, name="Zhang Min")
    statements: list[str] = []
    db.reader.set_trace_callback(statements.append)
    try:
        assert count_matches(db, "zhang", cap=100) == 2
    finally:
        db.reader.set_trace_callback(None)
    assert not any("'\"zhang\"*'" in sql for sql in statements)
