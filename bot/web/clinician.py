"""The clinician's pages: their own patients, and each one's digest, chart, answers, alerts,
regimen and hypotheses (use cases in bot/services/web_clinician.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.domain.charting import ChartSeries
from bot.domain.digest_render import to_fragment
from bot.services import web_clinician as wc
from bot.services.web_access import Viewer
from bot.storage.db import Tx
from bot.storage.records import Patient
from bot.web.pages import page, posted, rapport, signed_in, templates

T = TypeVar("T")

# What a redirect after an action may say (only these: nothing from the URL is echoed).
DONE = {
    "digest": "A new digest was built and is shown below.",
    "ack": "Alert acknowledged: everyone it went to has been told you are on it.",
    "already": "Someone had already acknowledged this alert; nothing changed.",
    "verdict": "Your verdict on the hypothesis was saved.",
    "same": "That verdict was already saved; nothing changed.",
    "stale": "That hypothesis is not in this digest; nothing changed.",
}


def path_of(alias: str, tail: str = "") -> str:
    return f"/web/patients/{quote(alias, safe='')}{tail}"


def _refused(request: Request, viewer: Viewer, refusal: wc.Refusal) -> Response:
    headings = {403: "Not allowed", 404: "Not found", 410: "Erased"}
    return page(
        request,
        "message.html",
        viewer,
        status=refusal.status,
        heading=headings[refusal.status],
        text=refusal.text,
        back="/web/patients" if viewer.clinician is not None else None,
    )


async def patients(request: Request) -> Response:
    viewer = await signed_in(request)
    app = rapport(request)
    async with app.db.tx() as tx:
        rows = await wc.listing(app, tx, viewer, app.clock.now())
    if isinstance(rows, wc.Refusal):
        return _refused(request, viewer, rows)
    return page(request, "clinician_patients.html", viewer, rows=rows, path_of=path_of)


def _page_number(request: Request) -> int:
    given = request.query_params.get("page", "1")
    return int(given) if given.isdigit() and len(given) < 7 else 1


Work = Callable[[Tx, Viewer, Patient, datetime, FormData | None], Awaitable[T]]


@dataclass(frozen=True)
class Asked(Generic[T]):
    """A page or action about one of the viewer's own patients, done."""

    viewer: Viewer
    patient: Patient
    result: T


async def _about(request: Request, what: str, work: Work[T], post: bool) -> Asked[T] | Response:
    """Sign-in, the form's CSRF token (for a POST), then `work` on the patient the URL names in
    one transaction, with the refusal page (audited) when it is not the viewer's own."""
    viewer = await signed_in(request)
    form = await posted(request, viewer) if post else None
    app = rapport(request)
    async with app.db.tx() as tx:
        now = app.clock.now()
        found = await wc.patient_for(tx, viewer, request.path_params["alias"], now, what)
        if isinstance(found, wc.Refusal):
            return _refused(request, viewer, found)
        return Asked(viewer, found, await work(tx, viewer, found, now, form))


async def patient(request: Request) -> Response:
    app, number = rapport(request), _page_number(request)

    async def work(
        tx: Tx, viewer: Viewer, found: Patient, now: datetime, _: FormData | None
    ) -> wc.PatientPage:
        return await wc.patient_page(app, tx, viewer, found, now, number)

    asked = await _about(request, "patient.view", work, post=False)
    if isinstance(asked, Response):
        return asked
    shown, viewer = asked.result, asked.viewer
    digest_html = ""
    if shown.built is not None and shown.digest is not None:
        after = _verdict_form(viewer, shown, wc.verdicts(app))
        digest_html = to_fragment(shown.built.digest, app.t, after=after)
    return page(
        request,
        "clinician_patient.html",
        viewer,
        p=shown,
        digest_html=digest_html,
        done=DONE.get(request.query_params.get("done", "")),
        path_of=path_of,
        local=lambda moment: wc.local(moment, shown.patient.timezone),
    )


def _verdict_form(
    viewer: Viewer, shown: wc.PatientPage, choices: list[tuple[str, str]]
) -> Callable[[str], str]:
    """The verdict buttons under each hypothesis shown in full (autoescaped by Jinja)."""
    form = templates.get_template("clinician_verdict.html")
    assert shown.digest is not None
    action = path_of(shown.patient.alias, f"/hypotheses/{shown.digest.id}/")

    def after(key: str) -> str:
        return form.render(
            action=action + quote(key, safe=""),
            current=shown.verdicts.get(key),
            choices=choices,
            csrf=viewer.csrf,
        )

    return after


async def build_digest(request: Request) -> Response:
    app = rapport(request)

    async def work(
        tx: Tx, viewer: Viewer, found: Patient, now: datetime, _: FormData | None
    ) -> int | None:
        return await wc.build_digest(app, tx, viewer, found, now)

    asked = await _about(request, "digest.build", work, post=True)
    if isinstance(asked, Response):
        return asked
    return _back(asked.patient, "digest", "#digest")


async def acknowledge(request: Request) -> Response:
    app, alert_id = rapport(request), request.path_params["alert_id"]

    async def work(
        tx: Tx, viewer: Viewer, found: Patient, now: datetime, _: FormData | None
    ) -> wc.Outcome:
        return await wc.acknowledge(app, tx, viewer, found, alert_id, now)

    asked = await _about(request, "alert.ack", work, post=True)
    if isinstance(asked, Response):
        return asked
    if asked.result == "unknown":
        return _refused(request, asked.viewer, wc.UNKNOWN_ALERT)
    if asked.result == "done" and app.sender is not None:
        await app.sender.kick()  # the care team hears at once that someone is on it
    return _back(asked.patient, "ack" if asked.result == "done" else "already", "#alerts")


async def judge(request: Request) -> Response:
    app, params = rapport(request), request.path_params

    async def work(
        tx: Tx, viewer: Viewer, found: Patient, now: datetime, form: FormData | None
    ) -> wc.Outcome:
        given = form.get("verdict") if form is not None else None
        verdict = given if isinstance(given, str) else ""
        return await wc.judge(
            app, tx, viewer, found, params["digest_id"], params["key"], verdict, now
        )

    asked = await _about(request, "hypothesis.verdict", work, post=True)
    if isinstance(asked, Response):
        return asked
    done = {"done": "verdict", "already": "same", "unknown": "stale"}[asked.result]
    return _back(asked.patient, done, "#digest")


def _back(patient: Patient, done: str, anchor: str) -> Response:
    return RedirectResponse(path_of(patient.alias, f"?done={done}{anchor}"), status_code=303)


async def chart(request: Request) -> Response:
    app = rapport(request)

    async def work(
        tx: Tx, viewer: Viewer, found: Patient, now: datetime, _: FormData | None
    ) -> tuple[ChartSeries, str]:
        return await wc.chart(app, tx, viewer, found, now)

    asked = await _about(request, "chart.view", work, post=False)
    if isinstance(asked, Response):
        return asked
    png = await wc.draw(app, *asked.result)  # after the commit: drawing takes a second or two
    return Response(png, media_type="image/png")


def routes() -> list[BaseRoute]:
    return [
        Route("/web/patients", patients, methods=["GET"]),
        Route("/web/patients/{alias}", patient, methods=["GET"]),
        Route("/web/patients/{alias}/chart.png", chart, methods=["GET"]),
        Route("/web/patients/{alias}/digest", build_digest, methods=["POST"]),
        Route("/web/patients/{alias}/alerts/{alert_id:int}/ack", acknowledge, methods=["POST"]),
        Route(
            "/web/patients/{alias}/hypotheses/{digest_id:int}/{key}", judge, methods=["POST"]
        ),
    ]
