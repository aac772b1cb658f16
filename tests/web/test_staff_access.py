"""Only staff use the staff pages; every form needs its CSRF token; every view and action is
on the audit trail, naming the staff member."""

from __future__ import annotations

import json
import re

from starlette.routing import Route

from bot.services import enrolment, planning, privacy, regimen
from bot.storage import people
from bot.web import staff
from tests.harness import call
from tests.web.staffkit import (
    STAFF_ID,
    accepted,
    activate,
    add,
    clinic,
    refused,
    staff_browser,
    state,
    token,
)
from tests.web.webkit import browser, csrf, sign_in

P = "p1"
POSTS = [
    route.path.replace("{alias}", P)
    for route in staff.routes()
    if isinstance(route, Route) and route.methods and "POST" in route.methods
]


def test_every_form_of_the_contract_is_served() -> None:
    here = f"/web/staff/patients/{P}"
    assert sorted(POSTS) == sorted(
        [
            "/web/staff/patients",
            f"{here}/invite",
            f"{here}/schedules",
            f"{here}/schedules/remove",
            f"{here}/appointments",
            f"{here}/appointments/cancel",
            f"{here}/checkins",
            f"{here}/pause",
            f"{here}/resume",
            f"{here}/medications",
            f"{here}/medications/change",
            f"{here}/medications/stop",
            f"{here}/settings",
        ]
    )


async def _linked_clinician(app, telegram_id: int) -> int:
    await call(app, enrolment.add_clinician, "Dr B", "en")
    async with app.db.tx() as tx:
        doctor = await people.clinician_by_name(tx, "Dr B")
        assert doctor is not None
        await people.link_clinician(tx, doctor.id, telegram_id)
    return doctor.id


async def test_nobody_signed_in_is_refused(app) -> None:
    await add(app, P)
    async with browser(app) as client:
        for path in ("/web/staff", f"/web/staff/patients/{P}", f"/web/staff/patients/{P}/invite"):
            assert (await client.get(path)).status_code == 401
        for path in POSTS:
            assert (await client.post(path, data={"csrf": "x"})).status_code == 401


async def test_a_clinician_who_is_not_staff_is_refused_and_that_is_audited(app) -> None:
    await add(app, P)
    doctor = await _linked_clinician(app, 801)
    async with browser(app) as client:
        await sign_in(app, client, 801)
        home = await client.get("/web/")
        assert home.status_code == 200 and 'href="/web/staff"' not in home.text
        before = await state(app)
        gets = ("/web/staff", f"/web/staff/patients/{P}", f"/web/staff/patients/{P}/invite")
        for path in gets:
            assert (await client.get(path)).status_code == 403
        for path in POSTS:
            answer = await client.post(path, data={"csrf": csrf(home.text), "alias": "x"})
            assert answer.status_code == 403, path
        assert await state(app) == before
    refusals = await app.db.fetchall(
        "SELECT actor, detail FROM events WHERE kind = 'web' ORDER BY id"
    )
    refused_rows = [r for r in refusals if json.loads(r["detail"])["what"] == "refused"]
    assert len(refused_rows) == len(gets) + len(POSTS)
    assert {r["actor"] for r in refused_rows} == {f"clinician:{doctor}"}


async def test_a_clinician_who_is_also_staff_may_use_them(app) -> None:
    await add(app, P)
    await _linked_clinician(app, STAFF_ID)
    async with staff_browser(app) as client:
        assert (await client.get("/web/staff")).status_code == 200
        await accepted(app, client, P, "/schedules/remove", {"dialog": "weekly"})
    row = await app.db.fetchone("SELECT actor FROM events WHERE kind = 'schedule_removed'")
    assert row is not None and row["actor"] == "staff:1"


async def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(app) -> None:
    await add(app, P)
    await activate(app, P)
    async with app.db.tx() as tx:
        await regimen.add(app, tx, P, "sertraline", "50 mg")
        await planning.add_appointment(app, tx, P, "2026-03-10 10:00")
    form = {
        "alias": "p2",
        "clinician": "Dr A",
        "dialog": "weekly",
        "days": "mon",
        "time": "09:00",
        "date": "2026-03-11",
        "id": "1",
        "drug": "sertraline",
        "dose": "100 mg",
        "timezone": "Asia/Tokyo",
    }
    async with staff_browser(app) as client:
        before = await state(app)
        for path in POSTS:
            for given in ({}, {"csrf": "wrong"}, {"csrf": ""}):
                answer = await client.post(path, data=form | given)
                assert answer.status_code == 403, (path, given)
                assert "did not come from Rapport" in answer.text
        assert await state(app) == before
        # The same forms with the token do change things (so the refusals above meant it).
        good = await client.post(
            POSTS[-1], data=form | {"csrf": await token(client, "/web/staff")}
        )
        assert good.status_code == 303
    assert await state(app) != before


async def test_an_unknown_or_erased_patient_is_not_found(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        assert (await client.get("/web/staff/patients/nobody")).status_code == 404
        await call(app, privacy.erase_by_alias, P)
        here = f"/web/staff/patients/{P}"
        assert (await client.get(here)).status_code == 404
        page = await client.get("/web/staff")
        assert f'href="{here}"' not in page.text
        before = await state(app)
        answer = await client.post(f"{here}/pause", data={"csrf": csrf(page.text)})
        assert answer.status_code == 404
        assert await state(app) == before


async def test_every_view_and_action_is_audited_with_the_staff_member(app) -> None:
    await add(app, P)
    async with staff_browser(app) as client:
        await client.get("/web/staff")
        await accepted(app, client, P, "/appointments", {"date": "2026-03-10", "time": "10:00"})
        await refused(app, client, P, "/appointments", {"date": "2026-02-30", "time": "10:00"})
        await client.get(f"/web/staff/patients/{P}/invite")
    async with app.db.read() as tx:
        found = await people.patient_by_alias(tx, P)
    assert found is not None
    rows = await app.db.fetchall(
        "SELECT actor, patient_id, detail FROM events WHERE kind = 'web' ORDER BY id"
    )
    seen = [(r["actor"], r["patient_id"], json.loads(r["detail"])) for r in rows]
    assert all(actor == "staff:1" and d["staff_id"] == 1 for actor, _, d in seen)
    whats = [(d["what"], pid) for _, pid, d in seen]
    assert whats == [
        ("staff.patients", None),
        ("staff.patient", found.id),  # the page the form is on
        ("appointment.add", found.id),
        ("staff.patient", found.id),  # where the redirect leads
        ("staff.patient", found.id),
        ("appointment.add.invalid", found.id),
        ("staff.invite", found.id),
    ]
    # Ids and names of actions only: nothing typed is kept.
    assert all(set(d) == {"what", "staff_id"} for _, _, d in seen)


async def test_no_inline_script_or_style_anywhere_on_the_staff_pages(app) -> None:
    await add(app, P)
    await activate(app, P)
    async with app.db.tx() as tx:
        await regimen.add(app, tx, P, "sertraline", "50 mg")
        await regimen.change(app, tx, P, "sertraline", "100 mg", note="rise")
        await planning.add_appointment(app, tx, P, "2026-03-10 10:00")
        await planning.set_schedule(app, tx, P, "daily", days="mon", every_days=None, at="22:00")
    async with staff_browser(app) as client:
        pages = [
            await client.get("/web/staff"),
            await client.get(f"/web/staff/patients/{P}"),
            await client.get(f"/web/staff/patients/{P}/invite"),
        ]
        added = await client.post(
            "/web/staff/patients",
            data={"csrf": await token(client, "/web/staff"), "alias": "p2", "clinician": "Dr A"},
        )
        pages.append(await client.get(added.headers["location"]))
    for page in pages:
        assert page.status_code == 200
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["cache-control"] == "no-store"
        assert "<script" not in page.text and "style=" not in page.text
        assert not re.search(r"\son[a-z]+=", page.text)  # no event handler attributes
        assert '<meta name="viewport" content="width=device-width' in page.text


async def test_the_home_page_links_staff_to_their_pages(app) -> None:
    await clinic(app)
    async with staff_browser(app) as client:
        home = await client.get("/web/")
    assert 'href="/web/staff"' in home.text
