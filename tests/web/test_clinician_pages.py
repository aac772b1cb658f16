"""The clinician's pages over HTTP: their own patients only, each patient's whole picture."""

from __future__ import annotations

from datetime import timedelta

from bot.services import enrolment, web_clinician
from tests.harness import call, running
from tests.web.clinic import (
    ALIAS,
    CRISIS,
    GONE_WORDS,
    built_digest,
    clinic,
    raise_alert,
    text_of,
    web_events,
)
from tests.web.webkit import browser, csrf, sign_in


async def test_the_list_shows_own_patients_with_alerts_and_the_digests_hypotheses(app) -> None:
    async with running(app) as h:
        c = await clinic(h)
        await raise_alert(h, c.patient)
        await built_digest(h)
        async with browser(app) as client:
            await sign_in(app, client, c.dr_a.id)
            page = await client.get("/web/patients")
    assert page.status_code == 200
    shown = text_of(page.text)
    assert ALIAS in shown and "P-B" not in shown  # Dr B's patient is not Dr A's to see
    assert "active" in shown and "1 open" in shown
    assert "Side effects with high worry" in shown
    assert "digest of 2026-03-" in shown
    assert f'href="/web/patients/{ALIAS}"' in page.text
    [seen] = await web_events(app, "patients.view")
    assert seen["actor"] == "clinician:1" and seen["detail"]["count"] == 1


async def test_a_patients_page_has_safety_digest_chart_regimen_and_every_answer(app) -> None:
    async with running(app) as h:
        c = await clinic(h)
        await raise_alert(h, c.patient)
        await built_digest(h)
        async with browser(app) as client:
            await sign_in(app, client, c.dr_a.id)
            page = await client.get(f"/web/patients/{ALIAS}")
    assert page.status_code == 200, page.text
    html, shown = page.text, text_of(page.text)
    assert page.headers["cache-control"] == "no-store"
    assert "<style" not in html and "style=" not in html and "<script" not in html
    # Safety first: the alert, the words that raised it, and its button.
    assert "Nobody has acknowledged this alert yet" in shown and CRISIS in shown
    assert "/alerts/1/ack" in html
    # The latest digest, as HTML inside the page, with verdict buttons under its hypotheses.
    assert 'class="digest"' in html and "Side effects with high worry" in shown
    assert "Your verdict:" in shown and 'value="pharmacological"' in html
    assert "/hypotheses/" in html
    # The chart, from its own route.
    assert f'src="/web/patients/{ALIAS}/chart.png"' in html
    # The regimen and its changes.
    assert "sertraline" in shown and "increase: 50 mg → 100 mg" in shown
    # Every answer with its check-in and the dialog's version.
    assert "Weekly check-in v" in shown or "v1" in shown
    assert "Nobody told me it would make me this dizzy." in shown
    [seen] = await web_events(app, "patient.view")
    assert seen["patient_id"] is not None and seen["detail"]["digest_id"] is not None


async def test_a_staff_member_who_is_not_a_clinician_gets_no_patient_pages(app) -> None:
    await call(app, enrolment.add_staff, 501, "Sam")
    async with browser(app) as client:
        await sign_in(app, client, 501)
        page = await client.get("/web/patients")
    assert page.status_code == 403
    [refused] = await web_events(app, "refused")
    assert refused["actor"] == "staff:1"


async def test_another_clinicians_patient_is_refused_everywhere_and_audited(app) -> None:
    async with running(app) as h:
        c = await clinic(h)
        await raise_alert(h, c.patient)
        await built_digest(h)
        [digest] = await app.db.fetchall("SELECT id FROM digests WHERE kind = 'on_demand'")
        before = await app.db.fetchall("SELECT * FROM alerts")
        digests_before = len(await app.db.fetchall("SELECT id FROM digests"))
        async with browser(app) as client:
            await sign_in(app, client, c.dr_b.id)
            home = await client.get(f"/web/patients/{ALIAS}")
            token = csrf(home.text)  # the refusal page has the sign-out form
            asked = [
                home,
                await client.get(f"/web/patients/{ALIAS}/chart.png"),
                await client.post(f"/web/patients/{ALIAS}/digest", data={"csrf": token}),
                await client.post(f"/web/patients/{ALIAS}/alerts/1/ack", data={"csrf": token}),
                await client.post(
                    f"/web/patients/{ALIAS}/hypotheses/{digest['id']}/taking_less_on_purpose",
                    data={"csrf": token, "verdict": "fits"},
                ),
            ]
            listed = await client.get("/web/patients")
    for answer in asked:
        assert answer.status_code == 403
        assert CRISIS not in answer.text and "sertraline" not in answer.text
    assert ALIAS not in text_of(listed.text)
    refused = await web_events(app, "refused")
    assert [e["detail"]["asked"] for e in refused] == [
        "patient.view", "chart.view", "digest.build", "alert.ack", "hypothesis.verdict"
    ]
    assert {e["actor"] for e in refused} == {"clinician:2"}
    assert {e["patient_id"] for e in refused} == {1}  # on P-002's own trail
    assert await app.db.fetchall("SELECT * FROM alerts") == before
    assert len(await app.db.fetchall("SELECT id FROM digests")) == digests_before
    assert not await app.db.fetchall("SELECT * FROM hypothesis_feedback")


async def test_an_unknown_alias_is_not_found(app) -> None:
    async with running(app) as h:
        doctor = await h.clinician("Dr A")
        async with browser(app) as client:
            await sign_in(app, client, doctor.id)
            assert (await client.get("/web/patients/P-NONE")).status_code == 404
            assert (await client.get("/web/patients/P-NONE/chart.png")).status_code == 404


async def test_an_erased_patient_shows_nothing_of_theirs(app) -> None:
    async with running(app) as h:
        c = await clinic(h, erased=True)
        async with browser(app) as client:
            await sign_in(app, client, c.dr_a.id)
            listed = await client.get("/web/patients")
            page = await client.get("/web/patients/P-GONE")
            drawn = await client.get("/web/patients/P-GONE/chart.png")
            token = csrf(listed.text)
            built = await client.post("/web/patients/P-GONE/digest", data={"csrf": token})
    row = next(r for r in text_of(listed.text).split("P-GONE")[1:2])
    assert "data erased" in row and "href=\"/web/patients/P-GONE\"" not in listed.text
    for answer in (page, drawn, built):
        assert answer.status_code == 410
        assert GONE_WORDS not in answer.text
    assert "erased" in text_of(page.text)
    gone = await app.db.fetchone("SELECT id FROM patients WHERE alias = 'P-GONE'")
    assert not await app.db.fetchall(
        "SELECT * FROM digests WHERE patient_id = ?", (gone["id"],)
    )


async def test_long_answer_histories_are_paged_newest_first(app, monkeypatch) -> None:
    monkeypatch.setattr(web_clinician, "ANSWERS_PER_PAGE", 20)
    async with running(app) as h:
        c = await clinic(h)
        async with browser(app) as client:
            await sign_in(app, client, c.dr_a.id)
            first = await client.get(f"/web/patients/{ALIAS}")
            second = await client.get(f"/web/patients/{ALIAS}?page=2")
            beyond = await client.get(f"/web/patients/{ALIAS}?page=99")
            odd = await client.get(f"/web/patients/{ALIAS}?page=x")
    total = (await app.db.fetchone("SELECT COUNT(*) AS n FROM answers"))["n"]
    pages = -(-total // 20)
    assert f"page 1 of {pages}" in text_of(first.text)
    assert "Older ›" in first.text and "‹ Newer" not in first.text
    assert "Nobody told me it would make me this dizzy." in first.text  # the newest week
    assert f"page 2 of {pages}" in text_of(second.text) and "‹ Newer" in second.text
    assert f"page {pages} of {pages}" in text_of(beyond.text)  # past the end: the last
    assert "page 1 of" in text_of(odd.text)
    assert app.t("en", "dlg-intake-title") in text_of(beyond.text)  # the oldest: intake


async def test_patient_words_are_text_on_every_part_of_the_page(app) -> None:
    words = '<img src=x onerror="alert(1)"> i want to kill myself'
    async with running(app) as h:
        c = await clinic(h)
        await h.send(c.patient, words)
        await app.sender.flush()
        app.clock.advance(timedelta(minutes=1))
        await built_digest(h)
        async with browser(app) as client:
            await sign_in(app, client, c.dr_a.id)
            page = await client.get(f"/web/patients/{ALIAS}")
    assert "<img src=x" not in page.text
    escaped = "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"  # Jinja's escaping (the alert)
    assert escaped in page.text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page.text  # the digest's own


async def test_a_patient_with_no_answers_yet_has_an_empty_chart_and_page(app) -> None:
    async with running(app) as h:
        doctor = await h.clinician("Dr A")
        await h.enrol("P-NEW", clinician="Dr A")
        async with browser(app) as client:
            await sign_in(app, client, doctor.id)
            page = await client.get("/web/patients/P-NEW")
            drawn = await client.get("/web/patients/P-NEW/chart.png")
    shown = text_of(page.text)
    assert page.status_code == 200
    assert "No answers yet." in shown and "No digest yet." in shown
    assert "No medication recorded." in shown and "None recorded." in shown
    assert drawn.status_code == 200 and drawn.content.startswith(b"\x89PNG")
