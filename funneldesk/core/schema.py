"""The database schema and its upgrade steps.

``PRAGMA user_version`` holds the schema version. ``MIGRATIONS[i]`` upgrades a file from
version ``i`` to ``i + 1``; :func:`funneldesk.core.db.open_database` applies the missing
steps in one ``BEGIN IMMEDIATE`` transaction after backing the file up. Never edit a step
that has shipped: append a new one. Column names are a documented interface (docs/data-model.md).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from funneldesk.core import funnel_facts, name_order
from funneldesk.core.defaults import TEAM_SETTINGS

APPLICATION_ID = 0x46444B31  # "FDK1": marks the file as FunnelDesk's (PRAGMA application_id)

V1_TABLES = """
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    company TEXT,
    title TEXT,
    phone TEXT,
    email TEXT,
    address TEXT,
    city TEXT,
    source TEXT,
    spending_level TEXT,
    purchase_frequency TEXT,
    satisfaction INTEGER CHECK (satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5),
    notes TEXT,
    owner TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX idx_customers_name ON customers(name COLLATE NOCASE);
CREATE INDEX idx_customers_company ON customers(company COLLATE NOCASE);
CREATE INDEX idx_customers_city ON customers(city);
CREATE INDEX idx_customers_source ON customers(source);
CREATE INDEX idx_customers_owner ON customers(owner);
CREATE INDEX idx_customers_created_at ON customers(created_at);

CREATE TABLE important_dates (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'custom',
    label TEXT,
    month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    day INTEGER NOT NULL CHECK (day BETWEEN 1 AND 31),
    year INTEGER,
    calendar TEXT NOT NULL DEFAULT 'solar' CHECK (calendar IN ('solar', 'lunar')),
    is_leap_month INTEGER NOT NULL DEFAULT 0,
    remind_days_before INTEGER NOT NULL DEFAULT 7
);
CREATE INDEX idx_important_dates_customer ON important_dates(customer_id);
CREATE INDEX idx_important_dates_month_day ON important_dates(month, day);

CREATE TABLE preferences (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    category TEXT NOT NULL DEFAULT 'other',
    value TEXT NOT NULL
);
CREATE INDEX idx_preferences_customer ON preferences(customer_id);

CREATE TABLE pipelines (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE stages (
    id INTEGER PRIMARY KEY,
    pipeline_id INTEGER NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    probability REAL NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 100),
    rot_days INTEGER,
    archived INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX idx_stages_pipeline ON stages(pipeline_id, position);

CREATE TABLE deals (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
    pipeline_id INTEGER NOT NULL REFERENCES pipelines(id),
    stage_id INTEGER NOT NULL REFERENCES stages(id),
    title TEXT NOT NULL,
    value REAL NOT NULL DEFAULT 0 CHECK (value >= 0),
    currency TEXT,
    probability REAL CHECK (probability IS NULL OR probability BETWEEN 0 AND 100),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
    lost_reason TEXT,
    expected_close TEXT,
    created_at TEXT NOT NULL,
    closed_at TEXT,
    owner TEXT,
    updated_at TEXT NOT NULL,
    board_position REAL
);
CREATE INDEX idx_deals_customer ON deals(customer_id);
CREATE INDEX idx_deals_pipeline_status_stage ON deals(pipeline_id, status, stage_id);
CREATE INDEX idx_deals_stage ON deals(stage_id);
CREATE INDEX idx_deals_created_at ON deals(created_at);
CREATE INDEX idx_deals_closed_at ON deals(closed_at);
CREATE INDEX idx_deals_expected_close ON deals(expected_close);
CREATE INDEX idx_deals_owner ON deals(owner);

CREATE TABLE interactions (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    deal_id INTEGER REFERENCES deals(id) ON DELETE SET NULL,
    kind TEXT NOT NULL DEFAULT 'note',
    occurred_at TEXT NOT NULL,
    duration_min REAL,
    summary TEXT,
    outcome TEXT CHECK (outcome IS NULL OR outcome IN ('positive', 'neutral', 'negative')),
    next_follow_up TEXT
);
CREATE INDEX idx_interactions_customer ON interactions(customer_id, occurred_at);
CREATE INDEX idx_interactions_deal ON interactions(deal_id);
CREATE INDEX idx_interactions_follow_up ON interactions(next_follow_up)
    WHERE next_follow_up IS NOT NULL;

CREATE TABLE stage_changes (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
    from_stage_id INTEGER REFERENCES stages(id),
    to_stage_id INTEGER NOT NULL REFERENCES stages(id),
    changed_at TEXT NOT NULL
);
CREATE INDEX idx_stage_changes_deal ON stage_changes(deal_id, changed_at);
CREATE INDEX idx_stage_changes_to_stage ON stage_changes(to_stage_id);
CREATE INDEX idx_stage_changes_from_stage ON stage_changes(from_stage_id);

CREATE TABLE source_costs (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    month TEXT NOT NULL,
    cost REAL NOT NULL DEFAULT 0,
    UNIQUE (source, month)
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT
);
"""


def _v1_initial_schema(conn: sqlite3.Connection) -> None:
    """Every table of docs/data-model.md, with indexes on foreign keys and on sorted/filtered columns."""
    for statement in V1_TABLES.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v2_board_indexes(conn: sqlite3.Connection) -> None:
    """Indexes for the pipeline board: a column's cards in board order and its totals straight
    from one covering index, and a deal's latest interaction in one seek (idle rule)."""
    conn.execute(
        "CREATE INDEX idx_deals_board ON deals(stage_id, status, board_position, value, probability)"
    )
    conn.execute("CREATE INDEX idx_interactions_deal_time ON interactions(deal_id, occurred_at)")


V3_CUSTOMER_SEARCH = (
    """CREATE VIRTUAL TABLE customer_search USING fts5(
        name, pinyin, initials, company, phone, email, city, notes,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')""",
    """CREATE TABLE customer_name_keys (
        key TEXT NOT NULL,
        customer_id INTEGER NOT NULL,
        PRIMARY KEY (key, customer_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX idx_customer_name_keys_customer ON customer_name_keys(customer_id)",
    "CREATE TABLE customer_search_pending (customer_id INTEGER PRIMARY KEY)",
    """CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN
        INSERT OR IGNORE INTO customer_search_pending (customer_id) VALUES (new.id);
    END""",
    """CREATE TRIGGER customers_search_update
        AFTER UPDATE OF id, name, company, phone, email, city, notes ON customers BEGIN
        DELETE FROM customer_search WHERE rowid = old.id;
        DELETE FROM customer_name_keys WHERE customer_id = old.id;
        INSERT OR IGNORE INTO customer_search_pending (customer_id) VALUES (new.id);
    END""",
    """CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
        DELETE FROM customer_search WHERE rowid = old.id;
        DELETE FROM customer_name_keys WHERE customer_id = old.id;
        DELETE FROM customer_search_pending WHERE customer_id = old.id;
    END""",
    "INSERT INTO customer_search_pending (customer_id) SELECT id FROM customers",
)


def _v3_customer_search(conn: sqlite3.Connection) -> None:
    """Full-text index and whole-name keys of customers (``core/search.py`` fills both from
    the pending queue).

    The triggers are plain SQL, so a file edited in any SQLite tool stays consistent: rows
    leave the index at once, new and changed ones wait in the queue until FunnelDesk indexes them.
    """
    for statement in V3_CUSTOMER_SEARCH:
        conn.execute(statement)


def _v4_funnel_facts(conn: sqlite3.Connection) -> None:
    """Derived tables the funnel statistics read (``core/funnel_facts.py``), with the
    triggers that keep them current, filled from the deals, history and contacts present.
    The filling and the triggers now come with step 7, which derives every row again."""
    funnel_facts.create_tables(conn)


SEARCH_PREFIX_LENGTHS = (1, 2, 3, 4)  # as step 5 creates the index: change only in a new step
V5_CUSTOMER_SEARCH = (
    "DROP TABLE customer_search",
    f"""CREATE VIRTUAL TABLE customer_search USING fts5(
        name, pinyin, initials, company, phone, email, city, notes,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '{" ".join(map(str, SEARCH_PREFIX_LENGTHS))}')""",
    "DELETE FROM customer_name_keys",
    "INSERT OR IGNORE INTO customer_search_pending (customer_id) SELECT id FROM customers",
)


def _v5_search_words_and_prefixes(conn: sqlite3.Connection) -> None:
    """The search index again, with 4-letter prefixes indexed (a 4-letter type-ahead word no
    longer merges every term it starts: 2.5 -> 0.5 ms at 1M customers) and with text split
    into words exactly where a query splits it (``core/search.py``), so typing any name finds
    it. Every customer is queued; FunnelDesk indexes the queue with progress."""
    for statement in V5_CUSTOMER_SEARCH:
        conn.execute(statement)


V6_RATES_AND_ACTIVITIES = (
    """CREATE TABLE exchange_rates (
        id INTEGER PRIMARY KEY,
        currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
        rate REAL NOT NULL CHECK (rate > 0),
        valid_from TEXT NOT NULL,
        UNIQUE (currency, valid_from)
    )""",
    """CREATE TABLE activities (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        deal_id INTEGER REFERENCES deals(id) ON DELETE SET NULL,
        kind TEXT NOT NULL DEFAULT 'task'
            CHECK (kind IN ('call', 'meeting', 'visit', 'email', 'message', 'task')),
        title TEXT NOT NULL DEFAULT '',
        due_date TEXT NOT NULL,
        due_time TEXT CHECK (due_time IS NULL OR due_time GLOB '[0-2][0-9]:[0-5][0-9]'),
        duration_min INTEGER CHECK (duration_min IS NULL OR duration_min >= 0),
        remind_min_before INTEGER CHECK (remind_min_before IS NULL OR remind_min_before >= 0),
        done_at TEXT,
        notes TEXT,
        owner TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX idx_activities_customer ON activities(customer_id, due_date)",
    "CREATE INDEX idx_activities_deal ON activities(deal_id, due_date)",
    "CREATE INDEX idx_activities_open_due ON activities(due_date, due_time) WHERE done_at IS NULL",
    "CREATE INDEX idx_activities_owner ON activities(owner, due_date)",
    "ALTER TABLE customers ADD COLUMN contact_every_days INTEGER"
    " CHECK (contact_every_days IS NULL OR contact_every_days > 0)",
)


def _v6_rates_and_activities(conn: sqlite3.Connection) -> None:
    """Exchange rates (every money total converts into the reporting currency, by the rate
    valid on the day that matters), planned activities (calls, meetings, tasks with a time
    and a reminder) and each customer's keep-in-touch interval. Tables only: the data those
    features move in arrive with their own steps."""
    for statement in V6_RATES_AND_ACTIVITIES:
        conn.execute(statement)


def _v7_money_in_funnel_facts(conn: sqlite3.Connection) -> None:
    """Each deal's currency and each stage visit's start in the funnel facts, so totals are
    converted into the reporting currency where SQLite sums them and the forecast can be
    checked against the pipeline of past months; the facts are derived again (a few seconds
    at 100k customers) and their triggers re-created. The board's covering index gains the
    currency, so a column's converted total still reads the index alone."""
    funnel_facts.add_money_columns(conn)
    conn.execute("DROP INDEX idx_deals_board")
    conn.execute(
        "CREATE INDEX idx_deals_board "
        "ON deals(stage_id, status, board_position, value, probability, currency)"
    )


V8_NAME_ORDER = (
    "ALTER TABLE customers ADD COLUMN name_sort TEXT",
    "CREATE TABLE customer_sort_pending (customer_id INTEGER PRIMARY KEY)",
    """CREATE TRIGGER customers_sort_insert AFTER INSERT ON customers
        WHEN new.name_sort IS NULL BEGIN
        INSERT OR IGNORE INTO customer_sort_pending (customer_id) VALUES (new.id);
    END""",
    """CREATE TRIGGER customers_sort_update AFTER UPDATE OF id, name ON customers
        WHEN new.name_sort IS old.name_sort BEGIN
        INSERT OR IGNORE INTO customer_sort_pending (customer_id) VALUES (new.id);
    END""",
)


def _v8_name_order(conn: sqlite3.Connection) -> None:
    """A stored sort key per customer (``core/name_order.py``) so names sort as people look
    them up, Chinese by pinyin among the Latin names, from an index. Existing customers are
    keyed before the index is built (one sort instead of a million random inserts: about
    25 s per million customers); triggers queue new and renamed ones."""
    for statement in V8_NAME_ORDER:
        conn.execute(statement)
    name_order.key_every_customer(conn)
    conn.execute("CREATE INDEX idx_customers_name_sort ON customers(name_sort)")


V9_TEAM_SYNC = (
    """CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        hub TEXT NOT NULL,
        member TEXT NOT NULL,
        device INTEGER NOT NULL CHECK (device BETWEEN 1 AND 1023),
        hlc INTEGER NOT NULL DEFAULT 0,
        last_id INTEGER NOT NULL DEFAULT 0,
        capturing INTEGER NOT NULL DEFAULT 1,
        cursor INTEGER NOT NULL DEFAULT 0,
        pushed_counter INTEGER NOT NULL DEFAULT 0,
        last_sync TEXT
    )""",
    """CREATE TABLE sync_outbox (
        counter INTEGER PRIMARY KEY AUTOINCREMENT,
        tbl TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
        cols TEXT NOT NULL,
        hlc INTEGER NOT NULL
    )""",
    "CREATE INDEX idx_sync_outbox_row ON sync_outbox(tbl, row_id)",
    """CREATE TABLE sync_conflicts (
        id INTEGER PRIMARY KEY,
        tbl TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        col TEXT NOT NULL,
        lost_value TEXT,
        lost_member TEXT,
        lost_at TEXT NOT NULL,
        kept_value TEXT,
        kept_member TEXT,
        kept_at TEXT,
        detected_at TEXT NOT NULL,
        restored_at TEXT
    )""",
)


def _v9_team_sync(conn: sqlite3.Connection) -> None:
    """Local state of team sync (``core/sync``): the team the file belongs to and its clock
    (one row, absent in a single-user file), the outbox of captured changes waiting for the
    hub, and the values that lost a conflict. Tables only: the capture triggers are created
    when the file joins a team, so a single-user file pays nothing."""
    for statement in V9_TEAM_SYNC:
        conn.execute(statement)


V10_FOLLOW_UPS_TO_ACTIVITIES = (
    """INSERT INTO activities (customer_id, deal_id, kind, title, due_date, notes, owner,
                               created_at, updated_at)
    SELECT i.customer_id, i.deal_id,
           CASE WHEN i.kind IN ('call', 'meeting', 'visit', 'email', 'message')
                THEN i.kind ELSE 'call' END,
           '', substr(i.next_follow_up, 1, 10), i.summary, c.owner,
           i.occurred_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    FROM interactions i JOIN customers c ON c.id = i.customer_id
    WHERE i.next_follow_up IS NOT NULL
      AND date(substr(i.next_follow_up, 1, 10)) IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM interactions n
          WHERE n.customer_id = i.customer_id
            AND (n.occurred_at > i.occurred_at
                 OR (n.occurred_at = i.occurred_at AND n.id > i.id)))
    ORDER BY substr(i.next_follow_up, 1, 10), i.id""",
    "UPDATE interactions SET next_follow_up = NULL WHERE next_follow_up IS NOT NULL",
)


def _v10_follow_ups_to_activities(conn: sqlite3.Connection) -> None:
    """One concept of planned work: each customer's pending follow-up date (the one on their
    latest contact, as the old Today counted it) becomes a planned activity of that day, with
    the contact's deal, its kind (a call for notes and greetings), its summary as notes and
    the customer's owner; every old follow-up date is then cleared. The column stays for files
    and tools that know it, but FunnelDesk no longer writes it."""
    for statement in V10_FOLLOW_UPS_TO_ACTIVITIES:
        conn.execute(statement)


V11_TODAY_INDEXES = (
    "CREATE INDEX idx_customers_keep_in_touch ON customers(contact_every_days)"
    " WHERE contact_every_days IS NOT NULL",
    "CREATE INDEX idx_important_dates_remind ON important_dates(remind_days_before)",
)


def _v11_today_indexes(conn: sqlite3.Connection) -> None:
    """Indexes for Today's first screen: the customers with a keep-in-touch interval (a few
    among many: a partial index), and the longest greeting window (``MAX`` read from the end
    of an index instead of a scan of every important date)."""
    for statement in V11_TODAY_INDEXES:
        conn.execute(statement)


def _v12_team_settings(conn: sqlite3.Connection) -> None:
    """Settings a team shares (``defaults.TEAM_SETTINGS``: reporting currency, 29 February
    rule, default pipeline, greeting texts) get a row id, the same in every file, so team
    sync can carry them like any other row; settings without one stay on this computer."""
    conn.execute("ALTER TABLE settings ADD COLUMN id INTEGER")
    conn.execute("CREATE UNIQUE INDEX idx_settings_id ON settings(id)")
    conn.executemany(
        "UPDATE settings SET id = ? WHERE key = ?",
        [(row_id, key) for key, row_id in TEAM_SETTINGS.items()],
    )


def _v13_outbox_lines(conn: sqlite3.Connection) -> None:
    """Each plain insert in the outbox keeps its row as a line of PostgreSQL's ``COPY`` text
    (``core/sync/capture.py``), which a push sends as it is: no reading of the row, no
    JSON compared, no formatting per push. Entries queued before this step have none and
    go by their JSON."""
    conn.execute("ALTER TABLE sync_outbox ADD COLUMN line TEXT")


def _v14_greeting_dates_index(conn: sqlite3.Connection) -> None:
    """The important dates by month/day with every column Today's greeting count reads
    (calendar, reminder window, leap flag, year, customer): the count of dates due is
    answered from the index alone, each month/day a range that starts at the window that
    still reaches it, instead of a table read per stored date of the fortnight (thousands
    at 100k customers). It replaces the plain month/day index, which is its prefix."""
    conn.execute("DROP INDEX idx_important_dates_month_day")
    conn.execute(
        "CREATE INDEX idx_important_dates_due ON important_dates"
        "(month, day, calendar, remind_days_before, is_leap_month, year, customer_id)"
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_initial_schema,
    _v2_board_indexes,
    _v3_customer_search,
    _v4_funnel_facts,
    _v5_search_words_and_prefixes,
    _v6_rates_and_activities,
    _v7_money_in_funnel_facts,
    _v8_name_order,
    _v9_team_sync,
    _v10_follow_ups_to_activities,
    _v11_today_indexes,
    _v12_team_settings,
    _v13_outbox_lines,
    _v14_greeting_dates_index,
]

SCHEMA_VERSION = len(MIGRATIONS)

REQUIRED_TABLES = frozenset(
    {
        "customers",
        "important_dates",
        "preferences",
        "interactions",
        "pipelines",
        "stages",
        "deals",
        "stage_changes",
        "source_costs",
    }
)
