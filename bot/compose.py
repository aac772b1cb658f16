"""The composition root: settings -> database -> dialogs and locales -> services -> the app.

Everything that starts Rapport (the CLI, `rapport run`, the demo, tests) builds it here, and
nothing here is imported back by the layers it composes.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path

from bot import DIALOGS_DIR, LOCALES_DIR, MIGRATIONS_DIR
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.domain.dialogs import DialogSet, load_dialogs
from bot.domain.drugs import load_drug_table
from bot.domain.redflags import load_red_flags
from bot.i18n import Translator, load_catalogs
from bot.services.context import Rapport
from bot.storage import people
from bot.storage.db import BUSY_MS, DatabaseError, SqliteDatabase, connect, is_database_error
from bot.storage.migrate import migrate
from bot.storage.transfer import TransferError, copy

log = logging.getLogger("rapport")


def content() -> tuple[Translator, DialogSet]:
    """The catalogs and the dialogs, checked against each other; anything wrong stops here."""
    t = load_catalogs(LOCALES_DIR)
    return t, load_dialogs(DIALOGS_DIR, t.keys)


async def open_app(
    settings: Settings, clock: Clock | None = None, busy_ms: int = BUSY_MS
) -> Rapport:
    """Load content, connect and migrate; a problem is one exception with one line, and the
    database is closed again so the process can exit."""
    t, dialogs = content()
    drugs = load_drug_table(settings.drug_table)
    redflags = load_red_flags(settings.red_flag_table)
    db = await connect(settings.database_url, busy_ms)
    try:
        applied = await migrate(db, MIGRATIONS_DIR)
        async with db.read() as tx:
            username = await people.get_meta(tx, "bot_username")
    except Exception as exc:
        await db.close()
        if not is_database_error(exc):
            raise
        raise DatabaseError(db.describe(exc)) from None
    except BaseException:
        await db.close()
        raise
    if applied:
        log.info("applied migrations: %s", ", ".join(applied))
    app = Rapport(
        settings=settings,
        db=db,
        t=t,
        clock=clock or SystemClock(),
        dialogs=dialogs,
        drugs=drugs,
        redflags=redflags,
    )
    app.bot_username = username
    return app


async def copy_database(source: Path, target_url: str) -> tuple[str, dict[str, int]]:
    """`rapport migrate-db`: the SQLite file at `source` into the empty PostgreSQL database
    `target_url`, both first brought to the current schema; the target's name (no password)
    and the rows copied per table."""
    if not target_url.startswith("postgresql://"):
        raise TransferError("the target must be postgresql://user@host:port/database")
    src = await SqliteDatabase.open_file(source)
    try:
        dst = await connect(target_url)
        try:
            await migrate(src, MIGRATIONS_DIR)
            await migrate(dst, MIGRATIONS_DIR)
            return dst.name, await copy(src, dst)
        finally:
            await dst.close()
    finally:
        await src.close()


async def run_bot(app: Rapport) -> None:
    """`rapport run`: the bot and its web view (and webhook) until SIGINT or SIGTERM."""
    from bot.tg.app import run
    from bot.web.server import listen

    app.settings.token()
    web = listen(app)
    try:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        api = app.settings.telegram_api_base_url.split("?")[0]
        log.info("Starting Rapport (Bot API at %s)", api)
        await run(app, stop, web=web)
    finally:
        web.close()
