"""How a check-in looks on the phone: the invitation, each question with its buttons, and the
question once answered. Each screen is built here and nowhere else.

A question screen carries its check-in's record: one short line per answer given by button so
far ("✓ question — answer"), between the title and the question. An answer then costs one call:
the next question (or the end) is drawn over the message that was tapped, and the chat still
shows everything answered (README, "In Telegram": one message per check-in)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from bot.domain import callbacks, engine
from bot.domain.constructs import QType
from bot.domain.dialogs import Dialog, Question
from bot.domain.outgoing import Edit, Rows, Text, buttons
from bot.domain.telegram_text import MESSAGE_LIMIT, clip, units
from bot.i18n import Translator

# Telegram shows at most 8 buttons in a row; these keep thumbs on target.
# Full weekday and month, no year: a check-in is at most weeks away.
DATE_PATTERNS = {"en": "EEEE, MMMM d", "es": "EEEE d 'de' MMMM", "ru": "EEEE, d MMMM"}
ROW_WIDTH = {QType.SCALE_0_10: 6, QType.DAYS_0_7: 4, QType.YES_NO: 2, QType.YES_NO_UNSURE: 3}
# A record line names its question by the sentence that asks it, and its answer, each clipped: a
# line should fit a phone's width or two, and the record must leave room for the question.
SHORT_QUESTION = 80
SHORT_ANSWER = 60


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
    """Title, progress, what was answered so far, the question and how to answer it."""
    return screen(
        t,
        lang,
        _head(t, lang, dialog, answers),
        record(t, lang, dialog, answers),
        _body(t, lang, question),
    )


def _head(t: Translator, lang: str, dialog: Dialog, answers: engine.Answers) -> str:
    position, total = engine.progress(dialog, answers)
    return (
        f"{t(lang, dialog.title)} · {t(lang, 'checkin-progress', position=position, total=total)}"
    )


def _body(t: Translator, lang: str, question: Question) -> str:
    hint = _hint(t, lang, question)
    return t(lang, question.text) + (f"\n\n{hint}" if hint else "")


def record(t: Translator, lang: str, dialog: Dialog, answers: engine.Answers) -> list[str]:
    """A line per answer given by button, in the order asked. A typed answer has none: the
    patient's own message shows it, and their words are not repeated back."""
    lines = []
    for q in dialog.questions:
        if q.id not in answers or (q.type is QType.TEXT and answers[q.id] is not None):
            continue
        said = clip(answer_label(t, lang, q, answers[q.id]), SHORT_ANSWER)
        lines.append(t(lang, "checkin-record-line", question=short(t(lang, q.text)), answer=said))
    return lines


@functools.lru_cache(maxsize=4096)  # a pure function of a few hundred question texts
def short(text: str, limit: int = SHORT_QUESTION) -> str:
    """A question as a record line names it: its words up to the first question mark when
    they fit, else the sentence that asks (a lead-in like "Let's start with something simple."
    goes), on one line, clipped at a word."""
    end = text.find("?") + 1 or len(text)
    whole = " ".join(text[:end].split())
    if units(whole) <= limit:
        return whole
    asked = re.split(r"(?<=[.!:;])\s+", whole)[-1]
    if units(asked) <= limit:
        return asked
    cut = clip(asked, limit)[:-1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",;:") + "…"


def screen(t: Translator, lang: str, head: str, lines: Sequence[str], body: str) -> str:
    """Head, record and body in one message; when that would pass Telegram's limit the oldest
    record lines give way to a count of them (the answers are stored all the same)."""
    for dropped in range(len(lines) + 1):
        kept = list(lines[dropped:])
        if dropped:
            kept.insert(0, t(lang, "checkin-record-earlier", count=dropped))
        text = "\n\n".join(part for part in (head, "\n".join(kept), body) if part)
        if units(text) <= MESSAGE_LIMIT:
            return text
    return clip(text, MESSAGE_LIMIT)


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
    said: str | None,
) -> Edit:
    """The question once answered where the next one cannot take its place: its buttons gone,
    what was chosen (`said`) written under it."""
    body = _body(t, lang, asked) + (f"\n\n{said}" if said else "")
    head = _head(t, lang, dialog, answers)
    return Edit(message_id, screen(t, lang, head, record(t, lang, dialog, answers), body))


def done(
    t: Translator,
    lang: str,
    dialog: Dialog,
    answers: engine.Answers,
    message_id: int,
    closing: str | None,
) -> Edit:
    """The last question's message once the check-in is over: the title, every answer and
    the closing words when they come with nothing else."""
    lines = record(t, lang, dialog, answers)
    return Edit(message_id, screen(t, lang, t(lang, dialog.title), lines, closing or ""))
