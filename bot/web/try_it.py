"""The try-it pages (only under `rapport demo --serve` and `rapport sandbox --serve`).

`/try` picks a person to play (each patient, the clinician, staff); `/try/chat/{user_id}` is
their Telegram chat with the bot, phone-like: messages with their formatting, inline buttons
that work, documents and photos, a text box, the command menu and the clock buttons. It all
works without JavaScript (forms post, the answer redirects back); static/try.js only reloads
the page when the chat changed in another tab. Every form carries the playground's CSRF token.
"""

from __future__ import annotations

import hmac
import mimetypes
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from markupsafe import Markup
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.sandbox import StoredMessage
from bot.sandbox.shapes import inline_buttons
from bot.services.errors import InputError
from bot.web.pages import page
from bot.web.try_render import link, render

if TYPE_CHECKING:
    from bot.playground import Person, Playground

# A document is its own unique origin, with no script and nothing fetched: a file the bot sent
# cannot act on the pages around it.
FILE_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"
INLINE = {
    "text/html",
    "text/plain",
    "text/csv",
    "application/json",
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/svg+xml",
}
CLOCK = [(1, "+1 hour"), (24, "+1 day"), (24 * 7, "+1 week")]
ROLE_NAMES = {"patient": "Patients", "clinician": "Clinician", "staff": "Staff"}


@dataclass(frozen=True)
class Button:
    index: int
    label: str
    url: str | None  # a link button (http(s) only), else a callback button


@dataclass(frozen=True)
class Shown:
    """One message as the chat page shows it."""

    message_id: int
    mine: bool  # written by the person, not the bot
    html: Markup
    time: str
    day: str
    edited: bool
    rows: list[list[Button]]
    document: str | None  # its file name, when it is one
    photo: bool


def routes(played: Playground) -> list[BaseRoute]:
    """The try-it routes, bound to one playground."""

    async def index(request: Request) -> Response:
        groups = [
            (ROLE_NAMES[role], [p for p in played.people if p.role == role])
            for role in ROLE_NAMES
        ]
        return page(request, "try_index.html", **_common(played, None), groups=groups)

    async def chat(request: Request) -> Response:
        person = _person(played, request)
        messages = [_shown(m, person) for m in played.chat(person)]
        return page(
            request,
            "try_chat.html",
            **_common(played, person),
            person=person,
            messages=messages,
            menu=played.menu(person),
            notice=played.notice(person),
            starts=not messages,
            invite=person.invite and f"t.me/{played.state.bot['username']}?start=…",
            fingerprint=played.fingerprint(person),
        )

    async def state(request: Request) -> Response:
        person = _person(played, request)
        return JSONResponse({"fingerprint": played.fingerprint(person)})

    async def file(request: Request) -> Response:
        person = _person(played, request)
        stored = played.file(person, _int(request.path_params["message_id"]))
        if stored is None:
            raise HTTPException(404, "No such file in this chat.")
        name = stored.filename or "file"
        kind = _kind(stored.content, stored.mime_type or mimetypes.guess_type(name)[0])
        how = "inline" if kind in INLINE else "attachment"
        headers = {
            "content-security-policy": FILE_CSP,
            "content-disposition": f"{how}; filename*=UTF-8''{quote(name)}",
        }
        return Response(stored.content, media_type=kind, headers=headers)

    async def send(request: Request) -> Response:
        person, form = await _posted(played, request)
        await _doing(played, person, played.send(person, str(form.get("text") or "")))
        return _back(person)

    async def start(request: Request) -> Response:
        person, _ = await _posted(played, request)
        await played.start(person)
        return _back(person)

    async def tap(request: Request) -> Response:
        person, form = await _posted(played, request)
        message_id, index = _int(form.get("message"), 400), _int(form.get("button"), 400)
        await _doing(played, person, played.tap(person, message_id, index))
        return _back(person)

    async def clock(request: Request) -> Response:
        form = await _checked(played, request)
        person = played.person(_int(form.get("person"))) if form.get("person") else None
        await _doing(played, person, played.advance(_int(form.get("hours"), 400)))
        return _back(person)

    return [
        Route("/try", index, methods=["GET"]),
        Route("/try/chat/{user_id}", chat, methods=["GET"]),
        Route("/try/chat/{user_id}/state", state, methods=["GET"]),
        Route("/try/chat/{user_id}/file/{message_id}", file, methods=["GET"]),
        Route("/try/chat/{user_id}/send", send, methods=["POST"]),
        Route("/try/chat/{user_id}/start", start, methods=["POST"]),
        Route("/try/chat/{user_id}/tap", tap, methods=["POST"]),
        Route("/try/clock", clock, methods=["POST"]),
    ]


def _common(played: Playground, person: Person | None) -> dict[str, Any]:
    zone = person.timezone if person is not None else "UTC"
    now = played.clock.now().astimezone(ZoneInfo(zone))
    return {
        "try_csrf": played.csrf,
        "now": f"{now:%a %d %b %Y, %H:%M} ({zone})",
        "clock": CLOCK,
        "bot_name": played.state.bot["first_name"],
    }


# An upload's type may be unnamed (a chart sent as bytes): pictures are known by their start.
MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
]


def _kind(content: bytes, named: str | None) -> str:
    if named and named != "application/octet-stream":
        return named
    found = (kind for magic, kind in MAGIC if content.startswith(magic))
    return next(found, "application/octet-stream")


def _int(value: object, status: int = 404) -> int:
    """A number from the path (else 404) or from a form (status 400: the form was tampered)."""
    try:
        return int(str(value))
    except ValueError:
        raise HTTPException(status, "Not found." if status == 404 else "Not a number.") from None


def _person(played: Playground, request: Request) -> Person:
    person = played.person(_int(request.path_params["user_id"]))
    if person is None:
        raise HTTPException(404, "Nobody to play here: pick someone on /try.")
    return person


async def _checked(played: Playground, request: Request) -> FormData:
    form = await request.form()
    token = form.get("csrf")
    if not isinstance(token, str) or not hmac.compare_digest(token, played.csrf):
        raise HTTPException(
            403, "This form did not come from this try-it page. Open the page again."
        )
    return form


async def _posted(played: Playground, request: Request) -> tuple[Person, FormData]:
    form = await _checked(played, request)
    return _person(played, request), form


async def _doing(played: Playground, person: Person | None, action: Any) -> None:
    """Run an action; a refusal (a stale button, a bad hour count) becomes the page's notice."""
    try:
        await action
    except InputError as exc:
        if person is None:
            raise HTTPException(400, str(exc)) from None
        played.tell(person, str(exc))


def _back(person: Person | None) -> Response:
    where = f"/try/chat/{person.user_id}#end" if person is not None else "/try"
    return RedirectResponse(where, status_code=303)


def _shown(message: StoredMessage, person: Person) -> Shown:
    data = message.data
    when = datetime.fromtimestamp(int(data.get("date", 0)), UTC).astimezone(
        ZoneInfo(person.timezone)
    )
    entities = data.get("entities") or data.get("caption_entities") or []
    text = message.text or _placeholder(data)
    if not message.outgoing and text.startswith("/start "):
        text, entities = "/start", []  # as Telegram shows a deep link's start: no payload
    rows = [
        [_button(button, index) for index, button in row]
        for row in _numbered(message.reply_markup)
    ]
    document = data.get("document")
    return Shown(
        message_id=message.message_id,
        mine=not message.outgoing,
        html=render(text, entities),
        time=f"{when:%H:%M}",
        day=f"{when:%a %d %b %Y}",
        edited="edit_date" in data,
        rows=rows,
        document=(document.get("file_name") or "document") if document else None,
        photo="photo" in data and message.outgoing,
    )


def _numbered(markup: dict[str, Any] | None) -> list[list[tuple[int, dict[str, Any]]]]:
    """Inline keyboard rows with each button's index in the flat list the tap form names."""
    rows, index = [], 0
    for row in (markup or {}).get("inline_keyboard", []):
        numbered = []
        for button in row:
            numbered.append((index, button))
            index += 1
        rows.append(numbered)
    assert index == len(inline_buttons(markup))
    return rows


def _button(button: dict[str, Any], index: int) -> Button:
    url = button.get("url")
    safe = url if isinstance(url, str) and link(url, "x") != "x" else None
    return Button(index, str(button.get("text", "")), safe)


def _placeholder(data: dict[str, Any]) -> str:
    for kind in ("photo", "document", "sticker", "voice", "location", "contact"):
        if kind in data:
            return "" if kind in ("photo", "document") else f"({kind})"
    return ""
