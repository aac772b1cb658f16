"""TelegramState: one thread-safe in-memory model of Telegram shared by every sandbox transport."""

from __future__ import annotations

import copy
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn

from bot.sandbox import api
from bot.sandbox import api_messages as _registers_handlers  # noqa: F401
from bot.sandbox.chats import SimChannel, SimGroup
from bot.sandbox.limits import FloodLimiter, Limits, counted
from bot.sandbox.shapes import (
    NOT_FOUND,
    ApiError,
    Files,
    JSONDict,
    StoredMessage,
    param_float,
    param_int,
    param_json,
    private_chat_json,
    user_json,
)
from bot.sandbox.store import ChatStore, SandboxClock
from bot.sandbox.user import SimUser

# Telegram leaves these out unless allowed_updates asks for them explicitly.
_NOT_DEFAULT_UPDATES = {"chat_member", "message_reaction", "message_reaction_count"}
_FLOOD_PREFIXES = ("send", "edit", "copy", "forward")


@dataclass
class ApiCall:
    """One recorded Bot API call and Telegram's answer."""

    method: str
    params: JSONDict
    response: JSONDict
    files: dict[str, str | None] = field(default_factory=dict)
    at: float = 0.0  # the state's monotonic clock when it answered (benchmarks time by it)

    @property
    def ok(self) -> bool:
        """Whether Telegram answered ok."""
        return bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        """The result of a successful call."""
        return self.response.get("result")

    @property
    def error(self) -> str | None:
        """The error description of a failed call."""
        return self.response.get("description")


@dataclass
class _Poll:
    generation: int
    release: int
    deadline: float
    offset: int
    limit: int


class TelegramState(ChatStore):
    """In-memory Telegram: the ChatStore plus updates, the Bot API entry points and a call log."""

    def __init__(
        self,
        *,
        bot_id: int = 7_000_000_001,
        bot_username: str = "rapport_test_bot",
        bot_first_name: str = "Rapport",
        clock: SandboxClock = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        limits: Limits | None = None,
    ) -> None:
        super().__init__(
            bot_id=bot_id, bot_username=bot_username, bot_first_name=bot_first_name, clock=clock
        )
        self.updates: list[JSONDict] = []  # queued, not yet confirmed by an offset
        self.update_log: list[JSONDict] = []
        self.calls: list[ApiCall] = []
        self.on_updates_delivered: Callable[[list[int]], None] | None = None
        self._sim: dict[int, SimUser] = {}
        self._next_update_id = 1
        self._allowed_updates: list[str] | None = None
        self._flood_retry_after = 0
        self._flood_times = 0
        self._refused: dict[int | None, str] = {}
        self._lost_replies: dict[int | None, int] = {}
        self._poll_generation = 0
        self._poll_release = 0
        self._polls_waiting: dict[int, int] = {}  # generation -> offset
        # Long polls time out on this clock: a test that freezes it ends a poll only by an
        # update, a newer poll or release_polls(), never by the machine being slow.
        self.monotonic = monotonic
        # None: unlimited, as every test but the limits' own expects. The limiter reads
        # `monotonic` through the state so a test's fake clock drives both.
        self.limits = limits
        self._limiter = None if limits is None else FloodLimiter(limits, lambda: self.monotonic())
        self.refused_429 = 0  # every 429 answered: the flood limits' and simulate_flood's
        self.counted_calls = 0  # calls the flood limits counted (accepted)

    # --- the Bot API

    def call(
        self,
        method: str,
        params: JSONDict | None = None,
        files: Files | None = None,
        *,
        notify: bool = True,
    ) -> JSONDict:
        """Run one Bot API method and return Telegram's JSON envelope; getUpdates may block."""
        params, files = dict(params or {}), dict(files or {})
        if method.lower() == "getupdates":
            try:
                with self.lock:
                    poll = self._poll_begin(params)
                    try:
                        while (envelope := self._poll_step(poll)) is None:
                            self._mark_waiting(poll, True)
                            self._cond.wait(max(poll.deadline - self.monotonic(), 0))
                    finally:
                        self._mark_waiting(poll, False)
            except ApiError as exc:
                envelope = exc.envelope()
        else:
            envelope = self._dispatch(method, params, files)
        self._record(method, params, files, envelope)
        if notify:
            self.notify_delivered(method, envelope)
        return envelope

    async def acall(
        self, method: str, params: JSONDict | None = None, files: Files | None = None
    ) -> JSONDict:
        """Like call(), but a long-polling getUpdates waits without blocking the event loop."""
        params, files = dict(params or {}), dict(files or {})
        if method.lower() != "getupdates":
            return self.call(method, params, files)
        try:
            with self.lock:
                poll = self._poll_begin(params)
            try:
                while True:
                    with self.lock:
                        envelope = self._poll_step(poll)
                        self._mark_waiting(poll, envelope is None)
                        version = self._version
                    if envelope is not None:
                        break
                    await self._wait_version(version, poll.deadline - self.monotonic())
            finally:
                with self.lock:
                    self._mark_waiting(poll, False)
        except ApiError as exc:
            envelope = exc.envelope()
        self._record(method, params, files, envelope)
        self.notify_delivered(method, envelope)
        return envelope

    def notify_delivered(self, method: str, envelope: JSONDict) -> None:
        """Run on_updates_delivered after a non-empty getUpdates batch was handed over."""
        hook = self.on_updates_delivered
        if hook and method.lower() == "getupdates" and envelope.get("ok") and envelope["result"]:
            hook([update["update_id"] for update in envelope["result"]])
            self.changed()  # whoever waits for the hook's effect

    def _dispatch(self, method: str, params: JSONDict, files: Files) -> JSONDict:
        handler = api.HANDLERS.get(method.lower())
        if handler is None and method.lower() in _real_methods():
            description = f"Not Implemented: the sandbox does not model {method}"
            return {"ok": False, "error_code": 501, "description": description}
        if handler is None:
            return dict(NOT_FOUND)
        with self.lock:
            try:
                if method.lower().startswith(_FLOOD_PREFIXES):
                    self._switched(params)
                self._limit(method, params)
                return {"ok": True, "result": handler(self, params, files)}
            except ApiError as exc:
                return exc.envelope()
            except (AttributeError, KeyError, TypeError, ValueError) as exc:
                # Malformed parameters (a list where an object belongs...): Telegram says 400.
                description = f"Bad Request: sandbox could not read the parameters: {exc!r}"
                return {"ok": False, "error_code": 400, "description": description}
            finally:
                self.changed()

    def _switched(self, params: JSONDict) -> None:
        """The failures the switches below ask for, for a send or an edit."""
        if self._flood_times:
            self._flood_times -= 1
            self._too_many(self._flood_retry_after)
        refused = self._refused.get(_chat_of(params))
        if refused:
            raise ApiError(400, refused)

    def _limit(self, method: str, params: JSONDict) -> None:
        """Telegram's flood limits, when enforced: a refused call changes nothing."""
        if self._limiter is None:
            return
        wait = self._limiter.admit(method, _chat_of(params))
        if wait:
            self._too_many(wait)
        if counted(method):
            self.counted_calls += 1

    def _too_many(self, wait: int) -> NoReturn:
        self.refused_429 += 1
        raise ApiError(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})

    def _record(self, method: str, params: JSONDict, files: Files, envelope: JSONDict) -> None:
        names = {name: spec[0] for name, spec in files.items()}
        with self.lock:
            call = ApiCall(method, copy.deepcopy(params), envelope, names, self.monotonic())
            self.calls.append(call)
            self.changed()

    def calls_to(self, method: str) -> list[ApiCall]:
        """Recorded calls of one method (case-insensitive)."""
        with self.lock:
            return [c for c in self.calls if c.method.lower() == method.lower()]

    # --- getUpdates

    def _poll_begin(self, params: JSONDict) -> _Poll:
        if self.webhook:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        allowed = param_json(params, "allowed_updates")
        if allowed is not None:
            self._allowed_updates = list(allowed) or None
        timeout = param_float(params, "timeout", 0.0)
        limit = min(max(param_int(params, "limit", 100) or 100, 1), 100)
        offset = param_int(params, "offset", 0) or 0
        if offset < 0:  # Telegram: keep only the last -offset updates, forget the rest
            self.updates = self.updates[offset:]
            offset = self.updates[0]["update_id"] if self.updates else self._next_update_id
        self._poll_generation += 1
        self.changed()  # an older long poll must notice it was superseded
        deadline = self.monotonic() + max(timeout, 0.0)
        return _Poll(self._poll_generation, self._poll_release, deadline, offset, limit)

    def _poll_step(self, poll: _Poll) -> JSONDict | None:
        if poll.generation != self._poll_generation:
            return ApiError(
                409,
                "Conflict: terminated by other getUpdates request; make sure "
                "that only one bot instance is running",
            ).envelope()
        before = len(self.updates)
        allowed = self._allowed_updates
        self.updates = [
            u
            for u in self.updates
            if u["update_id"] >= poll.offset
            and (_kind(u) in allowed if allowed else _kind(u) not in _NOT_DEFAULT_UPDATES)
        ]
        if len(self.updates) != before:
            self.changed()
        batch = copy.deepcopy(self.updates[: poll.limit])
        expired = self.monotonic() >= poll.deadline or poll.release != self._poll_release
        return {"ok": True, "result": batch} if batch or expired else None

    def _mark_waiting(self, poll: _Poll, waiting: bool) -> None:
        if waiting and poll.generation not in self._polls_waiting:
            self._polls_waiting[poll.generation] = poll.offset
            self.changed()
        elif not waiting and self._polls_waiting.pop(poll.generation, None) is not None:
            self.changed()

    def waiting_poll(self) -> int | None:
        """The offset of the long poll now waiting for updates (the newest, if an older one
        has not yet noticed it was superseded), or None: the bot is idle in getUpdates."""
        with self.lock:
            return self._polls_waiting[max(self._polls_waiting)] if self._polls_waiting else None

    def release_polls(self) -> None:
        """Make every waiting long poll return [] now (used when a server stops)."""
        with self.lock:
            self._poll_release += 1
            self.changed()

    def pending_updates(self) -> list[JSONDict]:
        """Updates queued and not yet confirmed by the bot."""
        with self.lock:
            return copy.deepcopy(self.updates)

    def enqueue(self, kind: str, payload: JSONDict) -> JSONDict:
        """Queue an update of the given kind ("message", "callback_query", ...)."""
        with self.lock:
            update = {"update_id": self._next_update_id, kind: copy.deepcopy(payload)}
            self._next_update_id += 1
            self.updates.append(update)
            self.update_log.append(update)
            self.changed()
            return copy.deepcopy(update)

    def restart_update_ids(self, next_id: int) -> None:
        """Number the next updates from `next_id`, as Telegram may after a week without
        updates ("chosen randomly instead of sequentially"), typically below earlier ids."""
        if next_id < 1:
            raise ValueError("update ids are positive")
        with self.lock:
            self._next_update_id = next_id
            self.changed()

    # --- waiting (wait_for / wait_until come from Notifier)

    def wait_for_bot_message(
        self, chat_id: int, count: int = 1, timeout: float = 5.0
    ) -> list[StoredMessage]:
        """Block until the bot has sent `count` messages to the chat; return all it sent."""
        return self.wait_until(
            lambda: (
                (sent := self.chat_messages(chat_id, outgoing=True, include_deleted=True))
                and len(sent) >= count
                and sent
            ),
            timeout,
        )

    # --- switches

    def simulate_flood(self, retry_after: int = 5, times: int = 1) -> None:
        """Make the next `times` send/edit calls fail with 429 retry_after."""
        with self.lock:
            self._flood_retry_after, self._flood_times = retry_after, times

    def simulate_refusal(
        self, chat_id: int, description: str | None = "Bad Request: not enough rights"
    ) -> None:
        """Refuse every send and edit to one chat with a 400 (None: accept them again)."""
        with self.lock:
            if description is None:
                self._refused.pop(chat_id, None)
            else:
                self._refused[chat_id] = description

    def simulate_lost_replies(self, chat_id: int, times: int = 1) -> None:
        """The next `times` sends to one chat are carried out, but their answer never comes
        back: the in-process transport raises a timeout, as a read timeout would."""
        with self.lock:
            self._lost_replies[chat_id] = times

    def reply_lost(self, method: str, params: JSONDict) -> bool:
        """Whether this call's answer is to be lost (see simulate_lost_replies)."""
        with self.lock:
            chat_id = _chat_of(params)
            if not method.lower().startswith("send") or not self._lost_replies.get(chat_id):
                return False
            self._lost_replies[chat_id] -= 1
            return True

    # --- simulated people and chats

    def user(
        self,
        telegram_id: int | None = None,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str = "en",
    ) -> SimUser:
        """The simulated user with this id, created with a private chat on first use."""
        with self.lock:
            user_id = telegram_id if telegram_id is not None else 100_000 + self.new_id()
            if user_id not in self._sim:
                self.users[user_id] = user_json(
                    user_id,
                    first_name,
                    last_name=last_name,
                    username=username,
                    language_code=language_code,
                )
                self.add_chat(private_chat_json(self.users[user_id]))
                self._sim[user_id] = SimUser(self, user_id)
            return self._sim[user_id]

    def group(self, title: str = "Test group", *, supergroup: bool = False) -> SimGroup:
        """A new group (or supergroup) chat the bot is a member of."""
        base = -1_000_000_000_000 if supergroup else -4_000_000_000
        chat = {"id": base - self.new_id(), "type": "supergroup" if supergroup else "group"}
        self.add_chat({**chat, "title": title})
        return SimGroup(self, chat["id"])

    def channel(self, title: str = "Test channel", username: str | None = None) -> SimChannel:
        """A new channel where the bot is an administrator."""
        chat: JSONDict = {"id": -1_000_000_000_000 - self.new_id(), "type": "channel"}
        chat["title"] = title
        if username:
            chat["username"] = username
        self.add_chat(chat)
        return SimChannel(self, chat["id"])


@functools.cache
def _real_methods() -> frozenset[str]:
    """Every Bot API method name PTB knows, lowercased (PTB has a camelCase alias for each)."""
    from telegram import Bot

    return frozenset(
        name.lower()
        for name in dir(Bot)
        if name[:1].islower() and name.lower() != name and callable(getattr(Bot, name))
    )


def _chat_of(params: JSONDict) -> int | None:
    """A numeric chat_id parameter, or None (an @username, or none at all)."""
    try:
        return int(params.get("chat_id"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _kind(update: JSONDict) -> str:
    return next(key for key in update if key != "update_id")
