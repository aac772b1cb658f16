"""What a clinician does in the web view: acknowledge an alert, build a digest, judge a
hypothesis, read the chart. Each is the use case the chat runs, audited, CSRF-checked."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.domain import charting
from bot.services import digests, web_clinician
from bot.storage import people
from tests.harness import running
from tests.web.clinic import ALIAS, built_digest, clinic, raise_alert, text_of, web_events
from tests.web.webkit import browser, csrf, sign_in

PAGE = f"/web/patients/{ALIAS}"


async def _events(app, kind: str) -> list[dict]:
    import json

    rows = await app.db.fetchall("SELECT * FROM events WHERE kind = ? ORDER BY id", (kind,))
    return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]


async def test_im_on_it_on_the_web_is_the_chats_acknowledgement(app) -> None:
    async with running(app) as h:
        c = await clinic(h)
        await raise_alert(h, c.patient)
        [alert] = await app.db.fetchall("SELECT id FROM alerts")
        told = len(c.dr_a.messages())
        async with browser(app) as client:
            await sign_in(app, client, c.dr_a.id)
            token = csrf((await client.get(PAGE)).text)
            app.clock.advance(timedelta(minutes=7))
            path = f"{PAGE}/alerts/{alert['id']}/ack"
            assert (await client.post(path)).status_code == 403  # no form token: nothing
            assert (await app.db.fetchone("SELECT acknowledged_at FROM alerts"))[0] is None
            done = await client.post(path, data={"csrf": token})
            assert done.status_code == 303
            assert done.headers["location"] == f"{PAGE}?done=ack#alerts"
            page = await client.get(done.headers["location"])
            again = await client.post(path, data={"csrf": token})
        await app.sender.flush()
        # Everyone the alert went to is told, as after the button in the chat.
        assert c.dr_a.messages()[told:][-1].text.startswith("✓ Dr A is on it")
        # The chat's button, pressed later, finds it taken.
        c.dr_a.tap(app.t("en", "alert-ack-button"))
        await h.step()
        assert c.dr_a.last_answer()["text"].startswith("Dr A is already on this alert")
    shown = text_of(page.text)
    assert "Alert acknowledged" in shown and "Acknowledged by Dr A at" in shown
    assert "Nobody has acknowledged this alert yet" not in shown
    assert again.headers["location"] == f"{PAGE}?done=already#alerts"
    row = await app.db.fetchone("SELECT * FROM alerts")
    assert (row["acknowledged_by_name"], row["acknowledged_by_id"]) == ("Dr A", c.dr_a.id)
    assert row["next_escalation_at"] is None  # its escalation stops
    [acked] = await _events(app, "alert_acknowledged")
    assert acked["actor"] == "clinician:1" and acked["detail"]["via"] == "web"
    assert acked["detail"]["minutes"] == 7
    audit = await web_events(app, "alert.ack")
    assert [e["detail"]["counted"] for e in audit] == [True, False]


async def test_an_alert_of_another_patient_cannot_be_acknowledged_through_ones_own(app) -> None:
    async with running(app) as h:
        c = await clinic(h)
        async with app.db.tx() as tx:  # P-B's intake out of the way: words are words
            await tx.run("UPDATE checkins SET status = 'completed'")
        await raise_alert(h, c.other)
        [alert] = await app.db.fetchall("SELECT id FROM alerts")
        async with browser(app) as client:
            await sign_in(app, client, c.dr_a.id)
            token = csrf((await client.get(PAGE)).text)
            answer = await client.post(f"{PAGE}/alerts/{alert['id']}/ack", data={"csrf": token})
            missing = await client.post(f"{PAGE}/alerts/999/ack", data={"csrf": token})
    assert answer.status_code == 404 and missing.status_code == 404
    assert (await app.db.fetchone("SELECT acknowledged_at FROM alerts"))[0] is None
    assert [e["detail"]["alert_id"] for e in await web_events(app, "refused")] == [
        alert["id"],
        999,
    ]


async def test_a_digest_built_now_is_shown_on_the_page_and_sent_nowhere(app) -> None:
    async with running(app) as h:
        c = await clinic(h)
        told = len(c.dr_a.messages())
        async with browser(app) as client:
            await sign_in(app, client, c.dr_a.id)
            page = await client.get(PAGE)
            assert "No digest yet." in page.text
            assert (await client.post(f"{PAGE}/digest")).status_code == 403
            done = await client.post(f"{PAGE}/digest", data={"csrf": csrf(page.text)})
            assert done.headers["location"] == f"{PAGE}?done=digest#digest"
            page = await client.get(done.headers["location"])
        await digests.deliver(app)
        await app.sender.flush()
        assert len(c.dr_a.messages()) == told  # nothing to the chat
    shown = text_of(page.text)
    assert "A new digest was built" in shown and "Latest: built on request" in shown
    assert "Side effects with high worry" in shown
    row = await app.db.fetchone("SELECT * FROM digests WHERE kind = 'on_demand'")
    assert (row["clinician_id"], row["chat_id"]) == (1, None)
    assert row["delivered_at"] is not None
    [viewed] = await _events(app, "digest_viewed")
    assert viewed["actor"] == "clinician:1"
    [audit] = await web_events(app, "digest.build")
    assert audit["detail"]["digest_id"] == row["id"]


def _verdict_paths(html: str) -> list[str]:
    return re.findall(r'action="(/web/patients/[^"]+/hypotheses/[^"]+)"', html)


async def test_verdicts_on_the_web_and_in_the_chat_are_one_record(app) -> None:
    async with running(app) as h:
        c = await clinic(h)
        await built_digest(h)  # for Dr A's chat, with its buttons
        await digests.deliver(app)
        await app.sender.flush()
        async with browser(app) as client:
            await sign_in(app, client, c.dr_a.id)
            page = await client.get(PAGE)
            token = csrf(page.text)
            first, *_ = _verdict_paths(page.text)
            assert (await client.post(first, data={"verdict": "fits"})).status_code == 403
            said = await client.post(first, data={"csrf": token, "verdict": "fits"})
            assert said.headers["location"] == f"{PAGE}?done=verdict#digest"
            same = await client.post(first, data={"csrf": token, "verdict": "fits"})
            assert same.headers["location"] == f"{PAGE}?done=same#digest"
            page = await client.get(PAGE)
            bad = await client.post(first, data={"csrf": token, "verdict": "maybe"})
            stale = await client.post(
                first.rsplit("/", 1)[0] + "/no_such_hypothesis",
                data={"csrf": token, "verdict": "fits"},
            )
        # The same verdict from the chat's button is already noted.
        c.dr_a.tap("1 ✓ fits")
        await h.step()
        assert c.dr_a.last_answer()["text"] == app.t(
            "en", "feedback-same", n=1, verdict=app.t("en", "feedback-fits")
        )
        async with browser(app) as client:
            await sign_in(app, client, c.dr_a.id)
            token = csrf((await client.get(PAGE)).text)
            changed = await client.post(first, data={"csrf": token, "verdict": "pharmacological"})
            assert changed.headers["location"] == f"{PAGE}?done=verdict#digest"
    assert 'aria-pressed="true"' in page.text and "✓ fits" in page.text
    for answer in (bad, stale):
        assert answer.headers["location"] == f"{PAGE}?done=stale#digest"
    [row] = await app.db.fetchall("SELECT * FROM hypothesis_feedback")
    assert (row["verdict"], row["clinician_id"]) == ("pharmacological", 1)
    assert row["hypothesis"] == first.rsplit("/", 1)[1]
    noted = await _events(app, "hypothesis_feedback")
    assert [(e["detail"]["verdict"], e["detail"]["before"]) for e in noted] == [
        ("fits", None),
        ("pharmacological", "fits"),
    ]
    audit = await web_events(app, "hypothesis.verdict")
    assert [e["detail"].get("verdict") for e in audit] == [
        "fits", "fits", None, None, "pharmacological"
    ]


async def test_the_chart_covers_the_whole_treatment_and_is_served_as_png(app) -> None:
    async with running(app) as h:
        c = await clinic(h)
        async with browser(app) as client:
            await sign_in(app, client, c.dr_a.id)
            drawn = await client.get(f"{PAGE}/chart.png")
        # Half a year and more later, the first weeks are still on the patient's chart (a
        # digest's chart reaches charting.WEEKS back only).
        app.clock.advance(timedelta(weeks=charting.WEEKS + 4))
        async with app.db.tx() as tx:
            patient = await people.patient_by_alias(tx, ALIAS)
            assert patient is not None
            viewer = await _viewer(app, tx, c.dr_a.id)
            series, lang = await web_clinician.chart(app, tx, viewer, patient, app.clock.now())
    assert drawn.status_code == 200 and drawn.headers["content-type"] == "image/png"
    assert drawn.content.startswith(b"\x89PNG") and drawn.headers["cache-control"] == "no-store"
    assert lang == "en"
    assert [str(day) for day, _ in series.weeks] == ["2026-03-09", "2026-03-16"]
    assert [m.text for m in series.changes] == ["sertraline 50 mg → 100 mg"]
    assert len(series.symptoms) == 3  # the intake's level and each week's
    assert len(await web_events(app, "chart.view")) == 2


async def _viewer(app, tx, telegram_id: int):
    from bot.services.web_access import Viewer

    clinician = await people.clinician_by_chat(tx, telegram_id)
    return Viewer(telegram_id, 0, "x", clinician)
