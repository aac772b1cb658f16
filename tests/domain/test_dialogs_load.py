"""The shipped dialogs load with the shipped catalogs and say what the clinical model asks."""

from __future__ import annotations

import pytest

from bot import DIALOGS_DIR, LOCALES_DIR
from bot.domain.constructs import CONSTRUCTS
from bot.domain.dialogs import DialogSet, load_dialogs
from bot.i18n import load_catalogs

EXPECTED = {"intake", "weekly", "daily", "pre_visit", "post_change", "safety_plan", "screen"}


@pytest.fixture(scope="module")
def dialogs() -> DialogSet:
    return load_dialogs(DIALOGS_DIR, load_catalogs(LOCALES_DIR).keys)


def test_all_dialogs_load(dialogs: DialogSet) -> None:
    assert set(dialogs) == EXPECTED
    assert dialogs.intake() is dialogs["intake"]


def test_every_measured_question_fits_its_construct(dialogs: DialogSet) -> None:
    for dialog in dialogs.values():
        for q in dialog.questions:
            if q.measures:
                construct = CONSTRUCTS[q.measures]
                assert q.type in construct.types, (dialog.id, q.id)
                assert not construct.staff_entered


def test_summaries_list_each_dialog_once(dialogs: DialogSet) -> None:
    rows = {row.id: row for row in dialogs.summaries()}
    assert set(rows) == EXPECTED
    assert rows["weekly"].file.name == "weekly.toml"
    assert rows["weekly"].questions == len(dialogs["weekly"].questions)
    assert rows["intake"].title == "dlg-intake-title"


def _measured(dialogs: DialogSet, dialog_id: str) -> set[str]:
    return {q.measures for q in dialogs[dialog_id].questions if q.measures}


def test_weekly_covers_the_weekly_constructs(dialogs: DialogSet) -> None:
    assert _measured(dialogs, "weekly") >= {
        "adherence.days_missed_7d",
        "adherence.dose_change",
        "adherence.reason",
        "side_effects.present",
        "side_effects.burden",
        "expectation.harm",
        "symptoms.change",
        "function.change",
        "alliance.heard",
        "control.pressure",
        "use.extra_for_feelings",
        "use.feeling",
        "want.more_medication",
        "want.more_hope",
        "symptoms.level",
        "function.level",
        "side_effects.attribution",
        "adherence.prescriber_knows",
        "note.free",
    }


def test_no_shipped_dialog_asks_the_v1_feelings_item(dialogs: DialogSet) -> None:
    """It flagged patients taking an antidepressant exactly as prescribed."""
    assert all("use.for_feelings" not in _measured(dialogs, d) for d in dialogs)


def test_intake_covers_the_baseline_and_the_loss_question(dialogs: DialogSet) -> None:
    assert _measured(dialogs, "intake") >= {
        "expectation.benefit",
        "expectation.harm",
        "belief.necessity",
        "concern.dependency",
        "concern.identity",
        "readiness.change",
        "alliance.heard",
        "alliance.agreement",
        "control.pressure",
        "ambivalence.loss_any",
        "ambivalence.loss",
        "symptoms.level",
        "function.level",
        "side_effects.baseline",
        "history.intolerance",
        "history.wary",
        "other.medicines",
    }
    loss = dialogs["intake"].question("might_lose")
    assert loss.intake_only and loss.skippable and loss.show_if is not None


def test_the_loss_question_is_asked_only_at_intake(dialogs: DialogSet) -> None:
    for dialog in dialogs.values():
        if not dialog.intake:
            assert not _measured(dialogs, dialog.id) & {"ambivalence.loss", "ambivalence.loss_any"}


def test_reasons_offer_forgot_and_free_texts_can_be_skipped(dialogs: DialogSet) -> None:
    reasons = dialogs["weekly"].question("reasons")
    assert "forgot" in reasons.choices()
    for dialog in dialogs.values():
        for q in dialog.questions:
            if q.type == "text":
                assert q.skippable, (dialog.id, q.id)


def test_daily_is_two_taps(dialogs: DialogSet) -> None:
    assert len(dialogs["daily"].questions) <= 2
    assert all(q.type != "text" for q in dialogs["daily"].questions)
