"""The staff overview, a new patient and the invite shown with its QR code."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from bot.services import enrolment
from bot.storage import people
from bot.web.staff import qr_svg
from tests.web.staffkit import (
    CLINICIAN,
    add,
    cli_error,
    done_text,
    error_text,
    staff_browser,
    state,
    token,
)
from tests.web.webkit import browser, sign_in


async def test_the_overview_lists_every_patient_with_their_clinician_and_status(app) -> None:
    async with staff_browser(app) as client:
        await add(app, "p1")
        await add(app, "p2")
        page = await client.get("/web/staff")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    for alias in ("p1", "p2"):
        assert f'<a href="/web/staff/patients/{alias}">{alias}</a>' in page.text
    assert CLINICIAN in page.text and "invited" in page.text
    assert f'<option value="{CLINICIAN}">' in page.text  # the add-patient form's choice


async def _add(client, **fields):
    form = {"csrf": await token(client, "/web/staff"), "clinician": CLINICIAN}
    form |= {"timezone": "Europe/Madrid", "language": "es"} | fields
    return await client.post("/web/staff/patients", data=form)


async def test_adding_a_patient_shows_the_invite_link_with_a_printable_qr_code(app) -> None:
    async with staff_browser(app) as client:
        answer = await _add(client, alias="p7")
        assert answer.status_code == 303
        assert answer.headers["location"] == "/web/staff/patients/p7/invite"
        page = await client.get(answer.headers["location"])
    assert page.status_code == 200
    assert done_text(page.text) == "Patient p7 added."
    link = re.search(r"<code>(https://t\.me/rapport_test_bot\?start=[^<]+)</code>", page.text)
    assert link, page.text
    # The QR code: inline SVG of our own making, inside the part that prints.
    sheet = re.search(r'<section class="printable invite-sheet">(.*?)</section>', page.text, re.S)
    assert sheet and "<svg viewBox=" in sheet.group(1) and "<path" in sheet.group(1)
    assert "camera" in sheet.group(1) and "Start" in sheet.group(1)
    assert link.group(1) not in sheet.group(1)  # the sheet has the code, not the link
    assert str(qr_svg(html.unescape(link.group(1)))) in sheet.group(1)  # the code of that link
    assert "style=" not in page.text and "<script" not in page.text
    async with app.db.read() as tx:
        found = await people.patient_by_alias(tx, "p7")
    assert found is not None
    assert (found.timezone, found.language, found.status) == ("Europe/Madrid", "es", "invited")
    assert found.clinician_name == CLINICIAN


def test_the_qr_code_holds_the_link() -> None:
    svg = str(qr_svg("https://t.me/rapport_test_bot?start=abc"))
    assert svg.startswith("<svg viewBox=") and 'class="qr"' in svg and "style" not in svg
    # Same link, same code; another link, another code.
    assert svg == str(qr_svg("https://t.me/rapport_test_bot?start=abc"))
    assert svg != str(qr_svg("https://t.me/rapport_test_bot?start=abd"))


async def test_print_css_shows_only_the_qr_sheet(app) -> None:
    async with staff_browser(app) as client:
        css = await client.get("/static/staff.css")
        page = await client.get((await _add(client, alias="p8")).headers["location"])
    assert css.status_code == 200
    printed = css.text[css.text.index("@media print") :]
    assert ".no-print { display: none !important; }" in printed
    main = page.text[page.text.index("<main>") + 6 : page.text.index("</main>")]
    # Everything on the page is either hidden in print or the printable sheet.
    top = re.sub(r'<(section|p) class="(no-print|printable[^"]*)">.*?</\1>', "", main, flags=re.S)
    assert top.strip() == "", top
    # The header and navigation are hidden in print by the site's own stylesheet.
    site = (await client_css(app, "/static/rapport.css"))[1]
    assert "header.top, form, button, nav { display: none !important; }" in site


async def client_css(app, path: str) -> tuple[int, str]:
    async with browser(app) as client:
        answer = await client.get(path)
    return answer.status_code, answer.text


BAD_PATIENTS = [
    ({"alias": "=1+1"}, ("=1+1", CLINICIAN, "Europe/Madrid", "es")),
    ({"alias": "p9", "timezone": "Mars/Base"}, ("p9", CLINICIAN, "Mars/Base", "es")),
    ({"alias": "p9", "language": "xx"}, ("p9", CLINICIAN, "Europe/Madrid", "xx")),
    ({"alias": "p9", "clinician": "Dr Nobody"}, ("p9", "Dr Nobody", "Europe/Madrid", "es")),
    ({"alias": "taken"}, ("taken", CLINICIAN, "Europe/Madrid", "es")),
]


async def test_a_refused_patient_shows_the_clis_error_and_keeps_what_was_typed(app) -> None:
    async with staff_browser(app) as client:
        await add(app, "taken")
        for fields, use_case_args in BAD_PATIENTS:
            expected = await cli_error(app, enrolment.add_patient, *use_case_args)
            before = await state(app)
            answer = await _add(client, **fields)
            assert answer.status_code == 400
            assert error_text(answer.text) == expected
            assert await state(app) == before
            typed = html.escape(fields["alias"], quote=True).replace("&#x27;", "&#39;")
            assert f'value="{typed}"' in answer.text
            if "timezone" in fields:
                assert 'value="Mars/Base"' in answer.text


async def test_the_invite_is_shown_only_to_its_session_and_only_for_a_while(app, clock) -> None:
    async with staff_browser(app) as client:
        where = (await _add(client, alias="p5")).headers["location"]
        first = await client.get(where)
        again = await client.get(where)
        assert "<svg viewBox=" in first.text and "<svg viewBox=" in again.text
        assert 'class="done"' not in again.text  # the notice is said once
        async with browser(app) as other:
            await sign_in(app, other, 701)
            elsewhere = await other.get(where)
        assert elsewhere.status_code == 200 and "<svg" not in elsewhere.text
        assert "t.me" not in elsewhere.text
        clock.advance(timedelta(hours=1, minutes=1))
        later = await client.get(where)
    assert "<svg" not in later.text and "No invite to show" in later.text


async def test_an_enrolment_code_is_shown_but_not_printed(app) -> None:
    app.settings = app.settings.model_copy(update={"enrol_code": "required"})
    async with staff_browser(app) as client:
        page = await client.get((await _add(client, alias="p6")).headers["location"])
    code = re.search(r'<p class="enrol-code">Enrolment code: <strong>([^<]+)</strong>', page.text)
    assert code
    sheet = re.search(r'<section class="printable invite-sheet">(.*?)</section>', page.text, re.S)
    assert sheet and code.group(1) not in sheet.group(1)


async def test_no_language_chosen_leaves_it_to_the_patients_telegram_app(app) -> None:
    async with staff_browser(app) as client:
        assert (await _add(client, alias="p4", language="", timezone="")).status_code == 303
    async with app.db.read() as tx:
        found = await people.patient_by_alias(tx, "p4")
    assert found is not None and found.language is None
    assert found.timezone == app.settings.default_timezone
