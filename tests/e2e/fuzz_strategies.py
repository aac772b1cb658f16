"""Hypothesis strategies for the hostile-input fuzz test (tests/e2e/test_fuzz.py).

An example is a list of `Act`s. Each act becomes exactly one Telegram update, so the number of
acts is the number of updates the real Application processed. Acts name their sender by role
(the world in test_fuzz.py owns the SimUsers) and carry only plain data, so hypothesis can
shrink and print them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from bot.domain import callbacks

DATA = Path(__file__).resolve().parent.parent / "data"

# Private chats with people; "group" and "channel" are the chats where the bot must stay quiet.
PEOPLE = ("patient", "doctor", "staff", "stranger", "newcomer", "blocked")


@dataclass(frozen=True)
class Act:
    """One update: who sends it, what kind it is, and its plain-data arguments."""

    who: str
    kind: str
    args: tuple[Any, ...] = ()
    later: int = 1  # seconds the clock moves before it (time never stands still)
    tick: bool = False  # run one dispatcher sweep after it
    batch: bool = False  # delivered in one getUpdates batch with the act that follows


# --- text

CODE = "<the enrolment code>"  # replaced by the world's real code when sent alone

# Characters that break naive code: bidi controls, zero-width, combining marks, emoji sequences,
# astral-plane letters, C0/C1 controls, line and paragraph separators, HTML and Fluent syntax.
ODD = (
    "\u200f",  # RIGHT-TO-LEFT MARK
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u2066",  # LEFT-TO-RIGHT ISOLATE
    "\u200b",  # ZERO WIDTH SPACE
    "\u200c",
    "\u200d",  # ZERO WIDTH JOINER
    "\ufeff",  # BOM
    "\u0301",  # combining acute
    "\u0336",  # combining long stroke overlay
    "e\u0301\u0301\u0301",
    "😀",
    "👍🏽",
    "👨‍👩‍👧‍👦",
    "🏳️‍🌈",
    "𝕳𝖊𝖑𝖑𝖔",
    "𒀀",
    "𠜎",
    "\U000e0041",  # TAG LATIN CAPITAL LETTER A
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x1f",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\r\n",
    "\t",
    "\ufffd",
    "\ufffe",
    "\uffff",
    "<b>",
    "</blockquote>",
    "&amp;",
    "&",
    "<",
    "{ $clinic }",
    "{ -brand }",
    "%s%n",
    "{0}",
    "'; DROP TABLE patients; --",
    '" OR 1=1 --',
    "ا لسلام عليكم",
    "שלום",
    "Ｆｕｌｌｗｉｄｔｈ",
    "ǅ",
    "İ",
    "ß",
)
WORDS = (
    "yes",
    "no",
    "ok",
    "9:00",
    "25:61",
    "tomorrow 10am",
    "2026-03-05 14:30",
    "2026-02-30 10:00",
    "0",
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "None",
    "true",
    "melatonin 3mg",
    "I feel a bit dizzy",
    "/",
    "//",
    "@rapport_test_bot",
    "https://t.me/rapport_test_bot?start=abc",
    CODE,
)
EDGE_TEXTS = (
    "",
    " ",
    "   \n\t ",
    "\u200b",
    "\u2028",
    "\x00",
    "\x1c\x1d\x1e\x1f",
    "/",
    "/ start",
    "/start@",
    "/@rapport_test_bot",
    "/start@rapport_test_bot",
    "/checkin@other_bot",
    "/START",
    "/ｓｔａｒｔ",
    "／start",
    "/start\u200b",
    "/\u202estart",
)


def _safety_fixture(risky: bool) -> tuple[str, ...]:
    """The safety tests' phrasings: risk statements, or ordinary messages ("ok")."""
    lines: list[str] = []
    for lang in ("en", "es", "ru"):
        for line in (DATA / f"safety_{lang}.txt").read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                category, _, message = (part.strip() for part in line.partition("|"))
                if (category != "ok") == risky:
                    lines.append(message)
    return tuple(lines)


RISK = _safety_fixture(risky=True)
ORDINARY = _safety_fixture(risky=False)

odd_piece = st.one_of(
    st.sampled_from(ODD),
    st.sampled_from(WORDS),
    st.text(max_size=8),
    st.characters(exclude_categories=["Cs"]),
)
mixed_text = st.lists(odd_piece, max_size=24).map("".join)
huge_text = st.builds(
    lambda unit, n: (unit * n)[:10_000],
    st.one_of(st.sampled_from(ODD + WORDS), st.text(min_size=1, max_size=6)),
    st.integers(min_value=300, max_value=10_000),
)
risky_text = st.builds(
    lambda pad, line, tail: f"{pad}{line}{tail}",
    st.sampled_from(("", " ", "\u200f", "😭 ", "ok but ")),
    st.sampled_from(RISK),
    st.sampled_from(("", ".", "!!!", " 😭😭", "\u200b", "\x00")),
)
texts = st.one_of(
    st.text(max_size=60),
    mixed_text,
    mixed_text,
    st.sampled_from(EDGE_TEXTS + WORDS),
    st.sampled_from(ORDINARY),
    huge_text,
    risky_text,
    st.builds(lambda risk, filler: f"{risk} {filler}", risky_text, huge_text),
)
captions = st.one_of(st.none(), st.text(max_size=40), mixed_text, risky_text)

# --- commands

COMMANDS = (
    "start",
    "checkin",
    "stop",
    "delete",
    "mydata",
    "patients",
    "digest",
    "help",
    "sos",
    "safetyplan",
    "pause",
    "resume",
    "language",
)
command_names = st.one_of(
    st.sampled_from(COMMANDS),
    st.sampled_from(COMMANDS),
    st.sampled_from(COMMANDS),
    st.from_regex(r"[a-z0-9_]{1,32}", fullmatch=True),
    st.text(min_size=1, max_size=10).filter(lambda s: not s[0].isspace()),
)
mentions = st.sampled_from(("", "", "", "@rapport_test_bot", "@Rapport_Test_Bot", "@other_bot"))
# A payload: "token" is replaced by a real invite token of the world, "token+" by one with junk.
start_payloads = st.one_of(
    st.none(),
    st.sampled_from(("token:patient", "token:newcomer", "token:clinician", "token+", "token ")),
    st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True),
    st.text(max_size=80),
    huge_text,
)

# --- callback data

small = st.integers(min_value=0, max_value=20)
number = st.one_of(small, small, st.integers(min_value=0, max_value=36**13 - 1))
part = st.from_regex(r"[A-Za-z0-9_.+-]{0,8}", fullmatch=True)


def _encode(kind: str, *parts: str | int) -> str:
    try:
        return callbacks.encode(kind, *parts)
    except ValueError:  # a long number over 64 bytes: the raw form, as a forger would send it
        return ":".join([kind, *(str(p) for p in parts)])


codec_data = st.one_of(
    st.builds(lambda k, a, b, c: _encode(k, a, b, c), st.sampled_from("at"), number, small, small),
    st.builds(lambda k, a, b: _encode(k, a, b), st.sampled_from("bsd"), number, small),
    st.builds(lambda n: _encode("o", n), number),
    st.builds(lambda n, yn: _encode("c", n, yn), number, st.sampled_from("yn")),
    st.builds(
        lambda code: _encode("l", code), st.sampled_from(("en", "es", "ru", "xx", "", "EN"))
    ),
    st.builds(lambda yn: _encode("x", yn), st.sampled_from(("y", "n", "", "yes", "Y"))),
    st.builds(lambda yn: _encode("z", yn), st.sampled_from(("y", "n", "", "yes"))),
    st.builds(lambda n: _encode("gd", n), number),
    st.builds(lambda n: _encode("yl", n), number),
    st.builds(lambda n: _encode("yp", n), number),
    st.builds(lambda n, op: _encode("ya", n, op), number, st.sampled_from("sapri" + "zq")),
    st.builds(
        lambda n, op, rest: _encode("yf", n, op, *rest),
        number,
        st.sampled_from("xdwtkfsz"),
        st.lists(
            st.one_of(part, st.sampled_from(("weekly", "daily", "0", "6", "7", "0900"))),
            max_size=2,
        ),
    ),
    # well-formed kinds with the wrong number of parts, and unknown kinds
    st.builds(
        lambda k, ps: _encode(k, *ps),
        st.sampled_from(
            ("a", "b", "s", "t", "d", "o", "c", "l", "x", "z", "gd", "y", "yl", "yz", "g", "q1")
        ),
        st.lists(st.one_of(part, number), max_size=5),
    ),
)


def _fit(text: str, limit: int = 64) -> str:
    """Cut to at most `limit` UTF-8 bytes without splitting a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


noise_data = st.one_of(
    st.binary(max_size=64).map(lambda b: _fit(b.decode("utf-8", "replace"))),
    st.text(max_size=64).map(_fit),
    st.sampled_from(
        (
            "",
            ":",
            "::",
            "a:",
            "a::",
            "a:1:0:",
            "a:01:0:0",
            "a:-1:0:0",
            "A:1:0:0",
            "a:1:0:0:0",
            "a:1 :0:0",
            " a:1:0:0",
            "a:1:0:0\n",
            "c:1:y\x00",
            "yf:1:d:",
            "a:zzzzzzzzzzzzz:0:0",
            "a:zzzzzzzzzzzzzz:0:0",
        )
    ),
    mixed_text.map(_fit),
)
callback_data = st.one_of(codec_data, noise_data)

# --- acts

# The commands each role has a use for, tried more often by that role than by others.
ROLE_COMMANDS = {
    "patient": (
        "checkin",
        "stop",
        "delete",
        "mydata",
        "sos",
        "safetyplan",
        "pause",
        "resume",
        "language",
        "help",
    ),
    "doctor": ("digest",),
    "staff": ("patients",),
    "newcomer": ("start",),
    "stranger": ("start",),
    "blocked": ("start", "checkin"),
}


def _commands(who: str) -> st.SearchStrategy[tuple[str, str, str | None]]:
    own = st.sampled_from(ROLE_COMMANDS[who])
    return st.tuples(st.one_of(own, own, command_names), mentions, start_payloads)


PRIVATE_KINDS = {
    "text": st.tuples(texts),
    "tap_real": st.tuples(st.booleans(), st.integers(min_value=0, max_value=10**6)),
    "tap_forged": st.tuples(callback_data, st.booleans()),
    "edit": st.tuples(st.integers(min_value=0, max_value=10**6), texts),
    "reply": st.tuples(texts),
    "sticker": st.tuples(st.sampled_from(("👍", "😭", "", "🏳️‍🌈", "a"))),
    "photo": st.tuples(captions),
    "voice": st.tuples(st.integers(min_value=0, max_value=10**5)),
    "document": st.tuples(
        st.one_of(st.text(max_size=30), st.sampled_from(("a.pdf", "../../etc/passwd", ".env"))),
        st.binary(max_size=64),
        st.sampled_from((None, "application/pdf", "text/plain", "application/x-msdownload")),
        captions,
    ),
    "location": st.tuples(
        st.floats(min_value=-90, max_value=90, allow_nan=False),
        st.floats(min_value=-180, max_value=180, allow_nan=False),
    ),
    "contact": st.tuples(
        st.one_of(st.from_regex(r"\+?[0-9]{3,15}", fullmatch=True), st.text(max_size=20)),
        st.one_of(st.none(), st.text(min_size=1, max_size=20)),
        st.booleans(),
    ),
    "forward": st.tuples(texts, st.booleans()),
    "block": st.tuples(),
    "unblock": st.tuples(),
    # raw, odd but schema-valid updates
    "bare_message": st.tuples(),
    "dice": st.tuples(st.sampled_from(("🎲", "🎯", "🏀")), st.integers(1, 6)),
    "callback_no_message": st.tuples(callback_data, st.booleans()),
    "callback_inaccessible": st.tuples(callback_data),
    "callback_game": st.tuples(st.text(min_size=1, max_size=10)),
    "edit_unknown": st.tuples(texts),
}
GROUP_KINDS = {
    "group_text": st.tuples(st.sampled_from(PEOPLE), texts),
    "group_command": st.tuples(st.sampled_from(PEOPLE), command_names, mentions, start_payloads),
    "group_photo": st.tuples(st.sampled_from(PEOPLE), captions),
    "group_tap": st.tuples(st.sampled_from(PEOPLE), callback_data),
    "group_join": st.tuples(st.booleans()),
    "group_bot_member": st.tuples(st.sampled_from(("member", "administrator", "left", "kicked"))),
    "channel_post": st.tuples(texts),
    "channel_photo": st.tuples(captions),
}


WEIGHTS = {
    # the enrolled patient taps real buttons most, so check-ins go past their first question
    "patient": {"tap_real": 8, "text": 5, "command": 5, "tap_forged": 2, "edit": 2},
    "newcomer": {"tap_real": 3, "command": 2},
    "staff": {"tap_real": 6, "command": 3, "text": 3, "tap_forged": 2},
    "doctor": {"tap_real": 4, "command": 3, "tap_forged": 2},
    "blocked": {"unblock": 2, "tap_real": 2},
    "group": dict.fromkeys(GROUP_KINDS, 3),
}
# Mostly seconds apart; now and then hours or days (a check-in or an invite runs out).
later = st.one_of(
    st.just(1),
    *[st.integers(min_value=1, max_value=120)] * 10,
    st.sampled_from((600, 3600, 6 * 3600, 86_400, 4 * 86_400)),
)
tick = st.integers(min_value=0, max_value=9).map(lambda n: n == 0)
batch = st.integers(min_value=0, max_value=4).map(lambda n: n == 0)


def _acts_for(
    who: str, kinds: dict[str, st.SearchStrategy[tuple[Any, ...]]]
) -> st.SearchStrategy[Act]:
    weights = WEIGHTS.get(who, {})
    if who in ROLE_COMMANDS:
        kinds = {**kinds, "command": _commands(who)}
    return st.one_of(
        *(
            st.builds(Act, st.just(who), st.just(kind), strategy, later, tick, batch)
            for kind, strategy in kinds.items()
            for _ in range(weights.get(kind, 1))
        )
    )


people_acts = st.one_of(*(_acts_for(who, PRIVATE_KINDS) for who in PEOPLE))
patient_acts = _acts_for("patient", PRIVATE_KINDS)
group_acts = _acts_for("group", GROUP_KINDS)
# one_of flattens nested one_ofs and picks a leaf uniformly, so the shares follow leaf counts:
# about a third of the updates come from the patient and one in twelve from a group or channel.
acts = st.one_of(patient_acts, patient_acts, patient_acts, people_acts, people_acts, group_acts)
# How far into the intake the patient is when an example begins: one entry per question, the
# index of the button tapped (a text question is answered with typed text instead).
intake_path = st.lists(st.integers(min_value=0, max_value=12), max_size=16)
