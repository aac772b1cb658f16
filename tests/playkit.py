"""The try-it playground for tests: the sandbox clinic, in process, served on port 0 if asked."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot import playground
from bot.clock import VirtualClock
from bot.demo import sandbox_playground
from bot.playground import Person, Playground
from bot.web import try_it
from bot.web.app import build

BASE = "http://testserver"
TYPED = "Some camomile tea in the evening"


@dataclass
class Served:
    """A playground being served: `url` is its origin (http://127.0.0.1:<port>)."""

    played: Playground
    url: str

    def person(self, role: str) -> Person:
        """The first person with this role (the sandbox clinic has one of each)."""
        return next(p for p in self.played.people if p.role == role)

    def chat_url(self, role: str) -> str:
        return f"{self.url}/try/chat/{self.person(role).user_id}"


@asynccontextmanager
async def sandbox(folder: Path, clock: VirtualClock) -> AsyncIterator[Playground]:
    """The clinic of `rapport sandbox --serve`: Dr Rivera, Reception, P-001 invited."""
    out = folder / "sandbox-output"
    out.mkdir()
    async with sandbox_playground(out, clock) as played:
        yield played


@asynccontextmanager
async def client(played: Playground) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client of the web view and the try-it pages, over ASGI in this loop."""
    transport = httpx.ASGITransport(app=build(played.app, extra=try_it.routes(played)))
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
        yield http


@asynccontextmanager
async def served(played: Playground) -> AsyncIterator[Served]:
    """The playground served over real HTTP on a free port (as --serve does), until exit."""
    stop = asyncio.Event()
    ready: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(
        playground.serve(played, "127.0.0.1", 0, stop, lambda url: ready.set_result(url))
    )
    try:
        done, _ = await asyncio.wait({task, ready}, timeout=60, return_when="FIRST_COMPLETED")
        if task in done:
            task.result()  # raises what stopped it
        yield Served(played, await asyncio.wait_for(ready, 1))
    finally:
        stop.set()
        await task


def calm_choice(labels: list[str], again: bool) -> str:
    """What a calm patient taps: Done once something is ticked, No when asked, the middle of a
    scale, else the first answer (never Back or Skip: the intake is to be answered)."""
    if again and "Done" in labels:
        return "Done"
    for calm in ("No", "5"):
        if calm in labels:
            return calm
    return next(label for label in labels if label not in ("← Back", "Skip", "Done"))


async def intake(played: Playground, patient: Person) -> None:
    """The patient opens their invite, agrees and answers the intake calmly (no browser)."""
    await played.start(patient)
    previous = None
    for _ in range(120):
        last = [m for m in played.chat(patient) if m.outgoing][-1]
        if not last.buttons:
            return
        if "Type your answer" in last.text:
            await played.send(patient, TYPED)
            continue
        # The same message with the same text: a multi-choice just ticked (an answer draws the
        # next question over the same message, so its id alone says nothing).
        shown = (last.message_id, last.text)
        label = calm_choice(last.buttons, again=previous == shown)
        previous = shown
        await played.tap(patient, last.message_id, last.buttons.index(label))
    raise AssertionError("the intake did not end")
