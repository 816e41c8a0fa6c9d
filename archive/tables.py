"""Plain row writes and reads for the hot paths of a load.

sqlite-utils' ``db[table].insert`` and ``.get`` read the table's schema on every
call (a dozen queries each); a load makes hundreds of thousands of them, so store
and resolve write rows through these instead. Table and column names come from
the code, never from input.
"""
from __future__ import annotations

import json


def insert(db, table: str, row: dict, ignore: bool = False) -> int:
    """Insert one row; its rowid."""
    return db.conn.execute(_insert_sql(table, row, ignore), list(row.values())).lastrowid


def insert_many(db, table: str, rows: list[dict], ignore: bool = False) -> None:
    """Insert rows that all have the same keys (``ignore``: skip rows that would break a key)."""
    if rows:
        db.conn.executemany(_insert_sql(table, rows[0], ignore), [list(r.values()) for r in rows])


def get(db, table: str, row_id: int) -> dict | None:
    """The row with this ``id``, as a dict; None if there is none."""
    cursor = db.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", [row_id])
    row = cursor.fetchone()
    return None if row is None else dict(zip((c[0] for c in cursor.description), row))


def update(db, table: str, row_id: int, values: dict) -> None:
    """Set these columns of the row with this ``id``."""
    columns = ", ".join(f"[{c}] = ?" for c in values)
    db.conn.execute(f"UPDATE [{table}] SET {columns} WHERE id = ?", [*values.values(), row_id])


def _insert_sql(table: str, row: dict, ignore: bool) -> str:
    columns = ", ".join(f"[{c}]" for c in row)
    marks = ", ".join("?" for _ in row)
    return f"INSERT {'OR IGNORE ' if ignore else ''}INTO [{table}] ({columns}) VALUES ({marks})"


def ids(db, sql: str, values) -> set:
    """The first column of ``sql`` run with ``values`` as one JSON list (read with ``json_each(?)``)."""
    return {r[0] for r in db.execute(sql, [json.dumps(sorted(values))]).fetchall()}
