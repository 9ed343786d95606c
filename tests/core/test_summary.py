"""The headline counts of a file (status bar, restore list)."""

from __future__ import annotations

from funneldesk.core import customers, deals, pipelines
from funneldesk.core.db import Database
from funneldesk.core.summary import database_counts, has_any_data


def test_counts_open_deals_of_every_pipeline(db: Database) -> None:
    assert not has_any_data(db)
    customer = customers.create_customer(db, {"name": "Anna"}).inserted_ids("customers")[0]
    pipelines.create_pipeline(db, "Renewals", ["Due", "Sent"])
    renewals = max(p.id for p in pipelines.list_pipelines(db))
    ids = [
        deals.create_deal(
            db, {"title": title, "customer_id": customer}, pipeline_id=pipeline_id
        ).inserted_ids("deals")[0]
        for title, pipeline_id in (
            ("Chairs", None),
            ("Desks", None),
            ("Licence", renewals),
            ("Support", renewals),
        )
    ]
    deals.win_deals(db, [ids[1]])
    deals.lose_deals(db, [ids[3]], "Too expensive")

    counts = database_counts(db)

    assert (counts.customers, counts.deals, counts.open_deals) == (1, 4, 2)
    assert has_any_data(db)
