"""Distinct values of an indexed column, one index seek per value.

``SELECT DISTINCT`` reads every index entry: 100k rows for the handful of owners or the
thirty cities a file has. Asking for the smallest value greater than the last one found,
recursively, costs one seek per distinct value instead.
"""

from __future__ import annotations


def distinct_sql(table: str, column: str) -> str:
    """A SELECT of ``column``'s distinct non-empty values in ``table``, ascending, walked
    through the column's index (``table`` and ``column`` are names of the schema, never
    user input)."""
    return (
        f"SELECT value FROM (WITH RECURSIVE v(value) AS ("
        f"SELECT MIN({column}) FROM {table} WHERE {column} > '' "
        f"UNION ALL SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > v.value) "
        f"FROM v WHERE v.value IS NOT NULL) SELECT value FROM v WHERE value IS NOT NULL)"
    )
