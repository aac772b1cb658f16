"""Rapport's own update intake: store, commit, then acknowledge; process from the inbox.

PTB's polling advances the getUpdates offset before any handler runs, so a crash would lose
whatever it held in memory. Here an update is committed to the inbox first and only then
confirmed to Telegram (by the next getUpdates offset); processing reads the inbox.

An update is settled only when its handling committed. PTB hands a handler's exception to the
error handlers instead of raising it, so the intake registers one and learns of the failure
there. A busy database (another process holding the write lock past busy_timeout) stops the
drain and leaves the update for a later one; any other failure is retried a few times, then
the update is set aside so that one bad update cannot stop the bot, nor stop it again at every
restart.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application, ContextTypes

from bot.services.context import Rapport
from bot.storage import inbox
from bot.tg import api
from bot.tg.handlers import settle_spinners

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "channel_post",
]
MAX_ATTEMPTS = 3  # an update failing this often fails for itself, not for the weather
RETRY_AFTER = timedelta(seconds=5)  # then 4x per further failed attempt
BUSY_WAIT_MAX = 60.0
READ_MARGIN = 5.0  # seconds a long poll's read may take beyond its timeout
# Updates committed together at most: one synced commit for them all, and the first one's
# reply waits for the last one's handling (a few ms each).
GROUP = 20


class Intake:
    """Polls getUpdates, keeps every update in the inbox, feeds them to the Application."""

    def __init__(self, application: Application, app: Rapport, poll_timeout: int = 30) -> None:
        self.application = application
        self.app = app
        self.poll_timeout = poll_timeout
        self._failures: dict[int, BaseException] = {}
        self._busy_until: datetime | None = None
        self._busy_wait = 0.0
        application.add_error_handler(self._on_error)
        api.quiet()  # getUpdates is fetched raw on purpose (see _fetch)

    async def run(self, stop: asyncio.Event) -> None:
        """Process what the inbox still holds, then poll until `stop` is set."""
        await self._no_webhook()
        await self.drain(settle=False)
        backoff, loop = 1.0, asyncio.get_running_loop()
        stopped = asyncio.create_task(stop.wait())
        fetch: asyncio.Task[list[dict[str, Any]]] | None = None
        try:
            while not stop.is_set():
                # Only the long poll is cancelled on stop: storing and processing always finish.
                if fetch is None:
                    started, timeout = loop.time(), await self._poll_timeout()
                    fetch = asyncio.create_task(self._fetch(timeout))
                await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
                if not fetch.done():
                    break
                done, fetch = fetch, None
                try:
                    updates = done.result()
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
                if not updates and loop.time() - started < 0.5 and timeout:
                    # A server that does not hold long polls must not be hammered.
                    await _sleep_or_stop(stop, 1.0)
                if not await self._keep(updates):
                    # Not stored, so not confirmed: Telegram hands them over again.
                    await _sleep_or_stop(stop, self._busy_wait)
                    continue
                if updates:
                    # The next poll leaves while this batch is handled (the store confirmed
                    # its offset), so a busy bot does not wait a round trip between batches.
                    # It does not wait for updates: one that must be retried after a busy
                    # database is due again sooner than a long poll would end.
                    started, timeout = loop.time(), 0
                    fetch = asyncio.create_task(self._fetch(timeout))
                await self.drain(settle=False)
        finally:
            stopped.cancel()
            if fetch is not None:
                fetch.cancel()  # unconfirmed: Telegram hands its updates over again

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
        count = await self.receive(timeout)
        await self.drain()
        return count

    async def catch_up(self) -> None:
        """Poll without waiting until nothing more arrives: everything sent so far is handled
        (the demo, the try-it pages and the tests step the bot this way)."""
        while await self.poll_once(0):
            pass

    async def receive(self, timeout: int = 0) -> int:
        """One getUpdates call whose updates are committed to the inbox; returns how many."""
        updates = await self._fetch(timeout)
        await self._store(updates)
        return len(updates)

    async def _poll_timeout(self) -> int:
        """The long poll's timeout, cut short when an update is due for another attempt."""
        wait = await self.retry_in()
        return self.poll_timeout if wait is None else min(self.poll_timeout, math.ceil(wait))

    async def _fetch(self, timeout: int) -> list[dict[str, Any]]:
        """One getUpdates call, its updates left as Telegram's JSON. They are parsed one by one
        after they are stored: PTB's get_updates parses the whole batch first, and an update
        it cannot read would raise before anything was stored, at every poll, forever."""
        async with self.app.db.read() as tx:
            offset = await inbox.next_offset(tx, self.app.clock.now())
        params = {"offset": offset or None, "timeout": timeout, "allowed_updates": ALLOWED_UPDATES}
        result = await api.call(
            self.application.bot, "getUpdates", params, read_timeout=timeout + READ_MARGIN
        )
        return _updates(result)

    async def _keep(self, updates: list[dict[str, Any]]) -> bool:
        """Store a batch; False when the database is busy (nothing stored, nothing lost)."""
        try:
            await self._store(updates)
        except Exception as exc:
            if not inbox.transient(exc):
                raise
            self._busy(exc)
            return False
        return True

    async def _store(self, updates: list[dict[str, Any]]) -> None:
        if updates:
            rows = [(u["update_id"], json.dumps(u, ensure_ascii=False)) for u in updates]
            offset = max(u["update_id"] for u in updates) + 1
            async with self.app.db.tx() as tx:
                await inbox.store(tx, rows, self.app.clock.now(), offset=offset)

    async def drain(self, settle: bool = True) -> None:
        """Process every stored update that is due, in order, then send the replies. With
        `settle`, first wait until every tap's spinner is answered (a caller stepping the bot
        sees the whole effect); the polling loop lets them finish on their own (Application.
        stop waits for them), so neither the replies nor the next poll wait for them."""
        try:
            if self._busy_until is None or self.app.clock.now() >= self._busy_until:
                while await self._due() and await self._process_group():
                    # Until nothing is due, or another instance holds the oldest due updates
                    # (it handles them, and those after them).
                    pass
                self._busy_until, self._busy_wait = None, 0.0
        except Exception as exc:
            if not inbox.transient(exc):
                raise
            # Left unprocessed: a handler's claim rolls back with its effects, so the retry
            # does the whole update, and a replay of one that did commit is a no-op.
            self._busy(exc)
        finally:
            if settle:
                await settle_spinners(self.application)
        await self._send_replies()

    async def _process_group(self) -> int:
        """The oldest due updates, handled in one transaction with one synced commit (each in
        its own savepoint); their replies and spinners go once it has committed. The group
        takes them first (`inbox.take`), so that no other instance handles them meanwhile.
        Returns how many it took: none when another instance holds the oldest."""
        async with self.app.db.group():
            async with self.app.db.tx() as tx:
                rows = await inbox.take(tx, self.app.clock.now(), GROUP)
            handled = [row.update_id for row in rows if await self._process(row)]
            await self._settle(handled)
        return len(rows)

    async def _settle(self, handled: list[int]) -> None:
        """Settle the handled updates no handler claimed, in one transaction for the batch:
        a crash before it replays them, and an update handled once is a no-op the second
        time (its handler's claim is there, or no handler wanted it)."""
        if handled:
            async with self.app.db.tx() as tx:
                await inbox.settle(tx, handled, self.app.clock.now())

    async def _due(self) -> bool:
        """Whether any update is due, from a read: nothing is locked to learn there is not."""
        async with self.app.db.read() as tx:
            return bool(await inbox.pending(tx, self.app.clock.now(), limit=1))

    async def retry_in(self) -> float | None:
        """Seconds until an update waiting for another attempt is due; None if none waits."""
        now = self.app.clock.now()
        if self._busy_until is not None:
            return max((self._busy_until - now).total_seconds(), 0.0)
        async with self.app.db.read() as tx:
            at = await inbox.next_retry(tx)
        return None if at is None else max((at - now).total_seconds(), 0.0)

    async def _process(self, row: inbox.Stored) -> bool:
        """Handle one update; True when it was handled and only needs settling."""
        update_id, attempts = row.update_id, row.attempts + 1
        try:
            update = Update.de_json(json.loads(row.payload), self.application.bot)
            if not isinstance(update, Update):
                raise TypeError("not an update")
        except Exception as exc:
            # Whatever the parser trips on, it trips on every time: no retry.
            await self._set_aside(update_id, exc, attempts)
            return False
        failure = await self._handle(update)
        if failure is None:
            # Handlers claim their update in their own transaction; _settle settles the rest.
            return True
        if inbox.transient(failure):
            raise failure
        elif attempts >= MAX_ATTEMPTS:
            await self._set_aside(update_id, failure, attempts)
        else:
            retry_at = self.app.clock.now() + RETRY_AFTER * 4 ** (attempts - 1)
            async with self.app.db.tx() as tx:
                await inbox.failed(tx, update_id, attempts, retry_at)
            name = type(failure).__name__
            log.warning(
                "update %s failed (%s), attempt %d of %d", update_id, name, attempts, MAX_ATTEMPTS
            )
        return False

    async def _handle(self, update: Update) -> BaseException | None:
        """Run the handlers; returns the exception one raised (PTB hands it to _on_error)."""
        self._failures.pop(update.update_id, None)
        try:
            await self.application.process_update(update)
        except Exception as exc:
            return exc
        return self._failures.pop(update.update_id, None)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Note a handler's failure for _process (PTB does not raise it from process_update)."""
        if isinstance(update, Update) and context.error is not None:
            self._failures[update.update_id] = context.error

    async def _set_aside(self, update_id: int, exc: BaseException, attempts: int) -> None:
        name = type(exc).__name__  # never str(exc): it may quote what the patient wrote
        async with self.app.db.tx() as tx:
            aside = await inbox.set_aside(tx, update_id, name, attempts, self.app.clock.now())
        if aside:
            log.error("update %s set aside after %d attempt(s): %s", update_id, attempts, name)

    def _busy(self, exc: BaseException) -> None:
        self._busy_wait = min(max(self._busy_wait * 2, 1.0), BUSY_WAIT_MAX)
        self._busy_until = self.app.clock.now() + timedelta(seconds=self._busy_wait)
        log.warning(
            "database busy (%s); the inbox is retried in %.0fs",
            type(exc).__name__,
            self._busy_wait,
        )

    async def _send_replies(self) -> None:
        if self.app.sender is None:
            return
        try:
            await self.app.sender.kick()
        except Exception as exc:
            if not inbox.transient(exc):
                raise
            log.warning("database busy (%s); replies go out later", type(exc).__name__)


def _updates(result: object) -> list[dict[str, Any]]:
    """The well-formed updates of a getUpdates result; one without an update_id cannot be
    stored, confirmed or answered, and is dropped with a warning."""
    if not isinstance(result, list):
        log.warning("getUpdates returned %s, not a list", type(result).__name__)
        return []
    kept = [u for u in result if isinstance(u, dict) and type(u.get("update_id")) is int]
    if len(kept) != len(result):
        log.warning(
            "getUpdates: %d update(s) without an update_id dropped", len(result) - len(kept)
        )
    return kept


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass
