"""Rapport's own update intake: store, commit, then acknowledge; process from the inbox.

PTB's polling advances the getUpdates offset before any handler runs, so a crash would lose
whatever it held in memory. Here an update is committed to the inbox first and only then
confirmed to Telegram (by the next getUpdates offset); processing reads the inbox.
"""

from __future__ import annotations

import asyncio
import json
import logging

from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application

from bot.services.context import Rapport
from bot.storage import inbox

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "channel_post",
]


class Intake:
    """Polls getUpdates, keeps every update in the inbox, feeds them to the Application."""

    def __init__(self, application: Application, app: Rapport, poll_timeout: int = 30) -> None:
        self.application = application
        self.app = app
        self.poll_timeout = poll_timeout

    async def run(self, stop: asyncio.Event) -> None:
        """Process what the inbox still holds, then poll until `stop` is set."""
        await self._no_webhook()
        await self.drain()
        backoff, loop = 1.0, asyncio.get_running_loop()
        stopped = asyncio.create_task(stop.wait())
        try:
            while not stop.is_set():
                # Only the long poll is cancelled on stop: storing and processing always finish.
                started = loop.time()
                fetch = asyncio.create_task(self._fetch(self.poll_timeout))
                await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
                if not fetch.done():
                    fetch.cancel()
                    break
                try:
                    updates = fetch.result()
                    backoff = 1.0
                except InvalidToken:
                    raise
                except TelegramError as exc:  # network trouble, 409 Conflict, a 5xx...
                    log.warning(
                        "getUpdates failed (%s); retrying in %.0fs", type(exc).__name__, backoff
                    )
                    await _sleep_or_stop(stop, backoff)
                    backoff = min(backoff * 2, 60.0)
                    continue
                if not updates and loop.time() - started < 0.5 and self.poll_timeout:
                    # A server that does not hold long polls must not be hammered.
                    await _sleep_or_stop(stop, 1.0)
                await self._store(updates)
                await self.drain()
        finally:
            stopped.cancel()

    async def _no_webhook(self) -> None:
        """A webhook left registered (webhook mode used before) would make getUpdates fail
        with 409; Telegram keeps pending updates for the poll that follows."""
        try:
            await self.application.bot.delete_webhook(drop_pending_updates=False)
        except TelegramError as exc:
            # Some Bot API emulators lack the method; polling may still work.
            log.warning("deleteWebhook failed (%s); polling anyway", type(exc).__name__)

    async def poll_once(self, timeout: int = 0) -> int:
        """One getUpdates round: store, then process; returns how many updates arrived."""
        updates = await self._fetch(timeout)
        await self._store(updates)
        await self.drain()
        return len(updates)

    async def _fetch(self, timeout: int) -> tuple[Update, ...]:
        async with self.app.db.read() as tx:
            offset = await inbox.next_offset(tx)
        return await self.application.bot.get_updates(
            offset=offset, timeout=timeout, allowed_updates=ALLOWED_UPDATES
        )

    async def _store(self, updates: tuple[Update, ...]) -> None:
        if updates:
            rows = [(u.update_id, json.dumps(u.to_dict(), ensure_ascii=False)) for u in updates]
            async with self.app.db.tx() as tx:
                await inbox.store(tx, rows, self.app.clock.now())

    async def drain(self) -> None:
        """Process every stored update not yet handled, in order, then send the replies."""
        while rows := await self._pending():
            for row in rows:
                await self._process(row.update_id, row.payload)
        if self.app.sender is not None:
            await self.app.sender.kick()

    async def _pending(self) -> list[inbox.Stored]:
        async with self.app.db.read() as tx:
            return await inbox.pending(tx)

    async def _process(self, update_id: int, payload: str) -> None:
        try:
            update = Update.de_json(json.loads(payload), self.application.bot)
            await self.application.process_update(update)
        except (TelegramError, ValueError, KeyError, TypeError) as exc:
            log.error("update %s could not be processed: %s", update_id, type(exc).__name__)
        # Handlers claim their update in their own transaction; this settles the rest.
        async with self.app.db.tx() as tx:
            await inbox.claim(tx, update_id, self.app.clock.now())


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass
