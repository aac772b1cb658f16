"""The clinician's pages over HTTP: their own patients only, each patient's whole picture."""

from __future__ import annotations

from bot.services import enrolment
from tests.harness import call, running
from tests.web.clinic import ALIAS, CRISIS, built_digest, clinic, raise_alert, text_of, web_events
from tests.web.webkit import browser, sign_in


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
