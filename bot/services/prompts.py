"""How a check-in looks on the phone: the invitation, each question with its buttons, and the
question once answered. Each screen is built here and nowhere else."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.domain import callbacks, engine
from bot.domain.constructs import QType
from bot.domain.dialogs import Dialog, Question
from bot.domain.outgoing import Edit, Rows, Text, buttons
from bot.i18n import Translator

# Telegram shows at most 8 buttons in a row; these keep thumbs on target.
# Full weekday and month, no year: a check-in is at most weeks away.
DATE_PATTERNS = {"en": "EEEE, MMMM d", "es": "EEEE d 'de' MMMM", "ru": "EEEE, d MMMM"}
ROW_WIDTH = {QType.SCALE_0_10: 6, QType.DAYS_0_7: 4, QType.YES_NO: 2, QType.YES_NO_UNSURE: 3}


def answer_label(t: Translator, lang: str, question: Question, value: engine.Answer) -> str:
    """How an answer reads back to the patient."""
    if value is None:
        return t(lang, "checkin-answer-skipped")
    if isinstance(value, list | tuple):
        return ", ".join(answer_label(t, lang, question, v) for v in value)
    if question.type is QType.TEXT:
        return str(value)
    key = engine.label_key(question, value)
    return t(lang, key) if key else str(value)


def question_text(
    t: Translator, lang: str, dialog: Dialog, question: Question, answers: engine.Answers
) -> str:
    """Title, progress, the question and how to answer it."""
    position, total = engine.progress(dialog, answers)
    lines = [
        f"{t(lang, dialog.title)} · {t(lang, 'checkin-progress', position=position, total=total)}",
        "",
        t(lang, question.text),
    ]
    hint = _hint(t, lang, question)
    if hint:
        lines += ["", hint]
    return "\n".join(lines)


def _hint(t: Translator, lang: str, question: Question) -> str | None:
    if question.type is QType.SCALE_0_10:
        low = t(lang, question.low) if question.low else t(lang, "checkin-scale-low")
        high = t(lang, question.high) if question.high else t(lang, "checkin-scale-high")
        return t(lang, "checkin-scale-anchors", low=low, high=high)
    if question.type is QType.MULTI:
        return t(lang, "checkin-multi-hint")
    if question.type is QType.TEXT:
        key = "checkin-text-hint-skippable" if question.skippable else "checkin-text-hint"
        return t(lang, key)
    return None


def question_keyboard(
    t: Translator,
    lang: str,
    dialog: Dialog,
    question: Question,
    answers: engine.Answers,
    session: int,
    draft: Sequence[str] = (),
) -> Rows:
    """Answer buttons, then a row with Back and Skip where they apply."""
    qi = dialog.index(question.id)
    rows = _answer_rows(t, lang, question, session, qi, draft)
    nav = []
    if engine.previous_question(dialog, answers) is not None:
        nav.append((t(lang, "checkin-back"), callbacks.encode_back(session, qi)))
    if question.skippable:
        nav.append((t(lang, "checkin-skip"), callbacks.encode_skip(session, qi)))
    return rows + ([nav] if nav else [])


def _answer_rows(
    t: Translator, lang: str, q: Question, session: int, qi: int, draft: Sequence[str]
) -> list[list[tuple[str, str]]]:
    if q.type is QType.TEXT:
        return []
    buttons: list[tuple[str, str]] = []
    for i, value in enumerate(q.choices()):
        label = answer_label(t, lang, q, value)
        if q.type is QType.MULTI:
            if value in draft:
                label = t(lang, "checkin-selected", label=label)
            buttons.append((label, callbacks.encode_toggle(session, qi, i)))
        else:
            buttons.append((label, callbacks.encode_answer(session, qi, i)))
    width = ROW_WIDTH.get(q.type, 1)
    rows = [buttons[i : i + width] for i in range(0, len(buttons), width)]
    if q.type is QType.MULTI:
        rows.append([(t(lang, "checkin-done"), callbacks.encode_done(session, qi))])
    return rows


def when(lang: str, moment: datetime, timezone: str) -> str:
    """A date and time in the patient's zone and language, e.g. "Sunday, March 29, 18:00"."""
    local = moment.astimezone(ZoneInfo(timezone))
    pattern = DATE_PATTERNS.get(lang, DATE_PATTERNS["en"])
    return f"{format_date(local, pattern, locale=lang)}, {local:%H:%M}"


def invitation(t: Translator, lang: str, checkin_id: int, key: str, **args: int) -> Text:
    """The lock-screen-safe invitation (or reminder) with its Start button: no health words."""
    start = (t(lang, "checkin-start"), callbacks.encode(callbacks.OPEN, checkin_id))
    return Text(t(lang, key, **args), ((start,),))


def question(
    t: Translator,
    lang: str,
    dialog: Dialog,
    asked: Question,
    answers: engine.Answers,
    session: int,
    draft: Sequence[str] = (),
) -> Text:
    """A question as it is first shown, with its buttons."""
    text = question_text(t, lang, dialog, asked, answers)
    rows = question_keyboard(t, lang, dialog, asked, answers, session, draft)
    return Text(text, buttons(rows))


def in_place(shown: Text, message_id: int) -> Edit:
    """A screen shown again over the message that held it (a multi-choice being ticked)."""
    return Edit(message_id, shown.text, shown.keyboard)


def answered(
    t: Translator,
    lang: str,
    dialog: Dialog,
    asked: Question,
    answers: engine.Answers,
    message_id: int,
    record: str | None,
) -> Edit:
    """The question once answered: its buttons gone, what was chosen written under it."""
    shown = question_text(t, lang, dialog, asked, answers)
    return Edit(message_id, f"{shown}\n\n{record}" if record else shown)
