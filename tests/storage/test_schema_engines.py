"""Both engines' migrations give the same schema: tables, columns (type family, NOT NULL),
primary keys, foreign keys, unique constraints and indexes (name, columns, unique, partial)."""

from pathlib import Path
from typing import Any

from bot import MIGRATIONS_DIR
from bot.storage.db import Database, SqliteDatabase, connect
from bot.storage.migrate import migrate
from tests.conftest import fresh_postgres

Schema = dict[str, Any]


def _family(declared: str) -> str:
    kind = declared.lower()
    if "int" in kind:
        return "integer"
    return "text" if kind in ("text", "character varying") else kind


async def _sqlite(db: Database) -> Schema:
    tables = [
        r[0]
        for r in await db.fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    schema: Schema = {}
    for t in tables:
        cols = await db.fetchall(f"PRAGMA table_info('{t}')")
        fks = await db.fetchall(f"PRAGMA foreign_key_list('{t}')")
        indexes: dict[str, Any] = {}
        uniques: set[tuple[str, ...]] = set()
        for ix in await db.fetchall(f"PRAGMA index_list('{t}')"):
            info = await db.fetchall(f"PRAGMA index_info('{ix['name']}')")
            columns = tuple(r["name"] for r in sorted(info, key=lambda r: r["seqno"]))
            if ix["origin"] == "u":
                uniques.add(columns)
            elif ix["origin"] == "c":
                indexes[ix["name"]] = (columns, bool(ix["unique"]), bool(ix["partial"]))
        schema[t] = {
            "columns": {
                c["name"]: (_family(c["type"]), bool(c["notnull"] or c["pk"])) for c in cols
            },
            "primary_key": tuple(
                c["name"] for c in sorted(cols, key=lambda c: c["pk"]) if c["pk"]
            ),
            "foreign_keys": {
                (f["from"], f["table"], f["to"], f["on_delete"].upper()) for f in fks
            },
            "unique": uniques,
            "indexes": indexes,
        }
    return schema


async def _postgres(db: Database) -> Schema:
    schema: Schema = {}
    tables = await db.fetchall(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
    )
    rules = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL"}
    for (t,) in [(r[0],) for r in tables]:
        cols = await db.fetchall(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns"
            " WHERE table_schema = 'public' AND table_name = ?",
            (t,),
        )
        constraints = await db.fetchall(
            "SELECT c.contype::text AS contype, c.confdeltype::text AS confdeltype,"
            " f.relname AS target,"
            " ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)"
            "  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)"
            "  AS cols,"
            " ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i)"
            "  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)"
            "  AS targets"
            " FROM pg_constraint c LEFT JOIN pg_class f ON f.oid = c.confrelid"
            " WHERE c.conrelid = ?::regclass",
            (t,),
        )
        indexes = await db.fetchall(
            "SELECT i.relname AS name, x.indisunique AS is_unique,"
            " x.indpred IS NOT NULL AS partial,"
            " ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(n, o)"
            "  JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.o)"
            "  AS cols"
            " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " WHERE x.indrelid = ?::regclass"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            (t,),
        )
        pk = [c for c in constraints if c["contype"] == "p"]
        schema[t] = {
            "columns": {
                c["column_name"]: (_family(c["data_type"]), c["is_nullable"] == "NO")
                for c in cols
            },
            "primary_key": tuple(pk[0]["cols"]) if pk else (),
            "foreign_keys": {
                (c["cols"][0], c["target"], c["targets"][0], rules[c["confdeltype"]])
                for c in constraints
                if c["contype"] == "f"
            },
            "unique": {tuple(c["cols"]) for c in constraints if c["contype"] == "u"},
            "indexes": {
                i["name"]: (tuple(i["cols"]), i["is_unique"], i["partial"]) for i in indexes
            },
        }
    return schema


async def _schema(db: Database) -> Schema:
    return await (_sqlite(db) if isinstance(db, SqliteDatabase) else _postgres(db))


async def test_each_engine_gets_the_expected_tables(db: Database) -> None:
    schema = await _schema(db)
    assert {"patients", "checkins", "answers", "outbox", "inbox", "schema_migrations"} <= set(
        schema
    )
    assert schema["checkins"]["primary_key"] == ("id",)
    assert ("patient_id", "patients", "id", "CASCADE") in schema["checkins"]["foreign_keys"]


async def test_both_engines_migrate_to_the_same_schema(tmp_path: Path) -> None:
    schemas = []
    async for url in fresh_postgres():
        for target in (f"sqlite:///{tmp_path / 'a.db'}", url):
            database = await connect(target)
            try:
                await migrate(database, MIGRATIONS_DIR)
                schemas.append(await _schema(database))
            finally:
                await database.close()
    sqlite, postgres = schemas
    assert set(sqlite) == set(postgres)
    for table in sorted(sqlite):
        for part in ("columns", "primary_key", "foreign_keys", "unique", "indexes"):
            assert sqlite[table][part] == postgres[table][part], (table, part)
