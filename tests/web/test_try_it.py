"""The try-it pages over HTTP: forms that drive the real bot, CSRF, escaping, files, clock."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from bot.clock import VirtualClock
from bot.playground import Playground
from bot.web.try_render import render
from tests.conftest import START
from tests.playkit import client, sandbox


@pytest.fixture
async def played(tmp_path: Path) -> AsyncIterator[Playground]:
    async with sandbox(tmp_path, VirtualClock(START)) as playground:
        yield playground


@pytest.fixture
async def http(played: Playground) -> AsyncIterator[httpx.AsyncClient]:
    async with client(played) as c:
        yield c


def _patient(played: Playground) -> int:
    return next(p.user_id for p in played.people if p.role == "patient")


def _buttons(html: str) -> list[tuple[str, str, str]]:
    """(message id, button index, label) of every callback button on a chat page."""
    return re.findall(
        r'name="message" value="(\d+)">\s*<input type="hidden" name="button" value="(\d+)">'
        r'\s*<button type="submit" class="key">([^<]*)</button>',
        html,
    )


async def test_the_picker_offers_every_role(http: httpx.AsyncClient, played: Playground) -> None:
    page = await http.get("/try")
    assert page.status_code == 200
    for person in played.people:
        assert f"/try/chat/{person.user_id}" in page.text
    assert {p.role for p in played.people} == {"patient", "clinician", "staff"}
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "<script>" not in page.text and "style=" not in page.text


async def test_a_patient_starts_from_the_invite_and_taps_through(
    http: httpx.AsyncClient, played: Playground
) -> None:
    uid = _patient(played)
    chat = await http.get(f"/try/chat/{uid}")
    assert "Start" in chat.text and "invite link" in chat.text
    token = played.csrf
    refused = await http.post(f"/try/chat/{uid}/start", data={"csrf": "forged"})
    assert refused.status_code == 403
    assert played.chat(played.people[0]) == []  # nothing was sent
    moved = await http.post(f"/try/chat/{uid}/start", data={"csrf": token})
    assert moved.status_code == 303 and moved.headers["location"] == f"/try/chat/{uid}#end"
    chat = await http.get(f"/try/chat/{uid}")
    consent = _buttons(chat.text)
    assert consent, chat.text
    message, index, _ = consent[0]
    await http.post(
        f"/try/chat/{uid}/tap", data={"csrf": token, "message": message, "button": index}
    )
    chat = await http.get(f"/try/chat/{uid}")
    question = _buttons(chat.text)
    assert question and question[0][0] != message  # the intake's first question, with buttons


async def test_a_stale_button_says_so_and_a_forged_tap_is_refused(
    http: httpx.AsyncClient, played: Playground
) -> None:
    uid = _patient(played)
    await http.post(f"/try/chat/{uid}/start", data={"csrf": played.csrf})
    before = len(played.chat(played.people[0]))
    answer = await http.post(
        f"/try/chat/{uid}/tap", data={"csrf": played.csrf, "message": "999", "button": "0"}
    )
    assert answer.status_code == 303
    page = await http.get(f"/try/chat/{uid}")
    assert "no longer there" in page.text
    assert len(played.chat(played.people[0])) == before
    assert (await http.post(f"/try/chat/{uid}/tap", data={"message": "1"})).status_code == 403


async def test_what_a_person_types_is_shown_escaped(
    http: httpx.AsyncClient, played: Playground
) -> None:
    staff = next(p for p in played.people if p.role == "staff")
    await http.post(
        f"/try/chat/{staff.user_id}/send",
        data={"csrf": played.csrf, "text": "<script>alert(1)</script> & <b>x</b>"},
    )
    page = await http.get(f"/try/chat/{staff.user_id}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;x&lt;/b&gt;" in page.text
    assert "<script>alert" not in page.text


async def test_a_document_opens_sandboxed(http: httpx.AsyncClient, played: Playground) -> None:
    doctor = next(p for p in played.people if p.role == "clinician")
    state = played.state
    stored = state.add_file("digest.html", b"<script>alert(1)</script>", "text/html")
    sent = state.new_message(
        doctor.user_id,
        state.bot,
        {"document": {"file_name": "digest.html", "file_id": stored.file_id}},
        outgoing=True,
        file=stored,
    )
    page = await http.get(f"/try/chat/{doctor.user_id}")
    href = f"/try/chat/{doctor.user_id}/file/{sent.message_id}"
    assert href in page.text and "digest.html" in page.text
    opened = await http.get(href)
    assert opened.content == b"<script>alert(1)</script>"
    assert opened.headers["content-security-policy"].startswith("sandbox;")
    assert "script-src" not in opened.headers["content-security-policy"]
    assert opened.headers["x-content-type-options"] == "nosniff"
    assert (await http.get(f"/try/chat/{doctor.user_id}/file/1")).status_code == 404


async def test_the_clock_moves_by_buttons_only(
    http: httpx.AsyncClient, played: Playground
) -> None:
    start = played.clock.now()
    answer = await http.post("/try/clock", data={"csrf": played.csrf, "hours": "24"})
    assert answer.status_code == 303 and answer.headers["location"] == "/try"
    assert played.clock.now() == start + timedelta(hours=24)
    refused = await http.post("/try/clock", data={"csrf": played.csrf, "hours": "100000"})
    assert refused.status_code == 400
    assert (await http.post("/try/clock", data={"hours": "1"})).status_code == 403
    assert played.clock.now() == start + timedelta(hours=24)


async def test_unknown_people_are_not_found(http: httpx.AsyncClient) -> None:
    assert (await http.get("/try/chat/12345")).status_code == 404
    assert (await http.get("/try/chat/abc")).status_code == 404


def test_formatting_is_rendered_and_everything_else_escaped() -> None:
    text = "Hi <Ana> 👋 bold and link https://example.org/x."
    entities = [
        {"type": "bold", "offset": 12, "length": 4},  # the emoji counts two UTF-16 units
        {"type": "italic", "offset": 14, "length": 5},  # overlaps the bold
    ]
    html = render(text, entities)
    assert html.startswith("Hi &lt;Ana&gt; 👋 <b>bo<i>ld</i></b><i> an</i>d link ")
    assert '<a href="https://example.org/x" target="_blank"' in html
    assert html.endswith("</a>.")
    bad = render("tap", [{"type": "text_link", "offset": 0, "length": 3, "url": "javascript:x"}])
    assert bad == "tap"
    good = render("tap", [{"type": "text_link", "offset": 0, "length": 3, "url": "https://a.b"}])
    assert good.startswith('<a href="https://a.b"') and good.endswith(">tap</a>")
    assert render("<pre>", [{"type": "pre", "offset": 0, "length": 5}]) == (
        "<pre><code>&lt;pre&gt;</code></pre>"
    )
