"""The one codec for inline-button callback data: `kind:part:part`, well under Telegram's 64 bytes.

Numbers travel in base 36. The format is versioned by its kinds: a changed layout takes a new
kind, so buttons left in old messages decode to None (or an unknown kind) instead of being
misread. Decoding never raises: data from a client can be anything. A decoded session id still
has to be checked against the user who tapped it.

Check-in kinds: a answer, b back, s skip, t toggle (multi), d done (multi), each
`<kind>:<session>:<question index>[:<option index>]`. Every kind, with who may tap it, is in
KINDS below; a kind that is not there is not ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

MAX_BYTES: Final = 64
_KIND = re.compile(r"[a-z][a-z0-9]{0,3}")
_PART = re.compile(r"[A-Za-z0-9_.+-]{0,32}")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

ANSWER, BACK, SKIP, TOGGLE, DONE = "a", "b", "s", "t", "d"
# How many numbers follow each check-in kind.
CHECKIN_ARITY: Final = {ANSWER: 3, BACK: 2, SKIP: 2, TOGGLE: 3, DONE: 2}
OPEN, LANGUAGE, STOP, ERASE, CONSENT = "o", "l", "x", "z", "c"
DIGEST = "gd"
STAFF_LIST, STAFF_PATIENT, STAFF_ACTION, STAFF_FORM = "yl", "yp", "ya", "yf"
SAFE_CHECK, SOS, ACKNOWLEDGE = "sc", "sos", "ak"
TASK_DONE = "td"
FEEDBACK = "hf"
SAFE, HELP = "s", "h"  # the answers to "Are you safe right now?"

# Who a button is for: the enrolled patient of the chat, the clinician whose chat it is, a
# staff member in their own private chat, anyone holding an invite, or someone of the care
# team where alerts go (a clinician in their own chat; in the on-call chat, its owner when it is
# a person's, or a clinician or staff member known by their Telegram id when it is a group).
Audience = Literal["patient", "clinician", "staff", "anyone", "responder"]


@dataclass(frozen=True)
class Kind:
    audience: Audience
    meaning: str


KINDS: Final[dict[str, Kind]] = {
    ANSWER: Kind("patient", "an answer to a check-in question"),
    BACK: Kind("patient", "back to the previous question"),
    SKIP: Kind("patient", "skip this question"),
    TOGGLE: Kind("patient", "select or unselect one of several answers"),
    DONE: Kind("patient", "done selecting"),
    OPEN: Kind("patient", "start a check-in: o:<check-in>"),
    LANGUAGE: Kind("patient", "choose a language: l:<code>"),
    STOP: Kind("patient", "confirm or keep /stop: x:y|n"),
    ERASE: Kind("patient", "confirm or keep /delete: z:y|n"),
    CONSENT: Kind("anyone", "accept or decline an invite: c:<invite>:y|n"),
    SAFE_CHECK: Kind("patient", "answer 'Are you safe right now?': sc:<alert>:s|h"),
    SOS: Kind("patient", "the safety plan and crisis resources, as /sos: sos"),
    DIGEST: Kind("clinician", "a digest of one of their patients: gd:<patient>"),
    ACKNOWLEDGE: Kind("responder", "'I'm on it' on an urgent alert: ak:<alert>"),
    TASK_DONE: Kind("responder", "'Done' on a same-day task: td:<task>"),
    FEEDBACK: Kind("clinician", "a verdict on a digest's hypothesis: hf:<digest>:<key>:f|n|p"),
    STAFF_LIST: Kind("staff", "a page of the patient list: yl:<page>"),
    STAFF_PATIENT: Kind("staff", "a patient's card: yp:<patient>"),
    STAFF_ACTION: Kind("staff", "an action on a patient: ya:<patient>:<op>"),
    STAFF_FORM: Kind("staff", "a step of the schedule form: yf:<flow>:<op>[:...]"),
}


@dataclass(frozen=True)
class Callback:
    """Decoded callback data: a kind and its raw parts."""

    kind: str
    parts: tuple[str, ...]

    def number(self, index: int) -> int | None:
        """Part `index` read as a base-36 number, or None when it is not one."""
        if index >= len(self.parts):
            return None
        return from_base36(self.parts[index])


@dataclass(frozen=True)
class CheckinTap:
    """A tap on a check-in button."""

    kind: str
    session: int
    question: int
    option: int | None = None


def to_base36(n: int) -> str:
    if n < 0:
        raise ValueError("callback numbers are never negative")
    text = ""
    while True:
        n, digit = divmod(n, 36)
        text = _DIGITS[digit] + text
        if n == 0:
            return text


def from_base36(text: str) -> int | None:
    """The number, or None unless `text` is canonical base 36 (no sign, no leading zeros)."""
    if not text or len(text) > 13 or any(ch not in _DIGITS for ch in text):
        return None
    if len(text) > 1 and text[0] == "0":
        return None
    number = int(text, 36)
    # Ids are SQLite integers: a forged number past int64 must decode to nothing, not crash.
    return number if number < 2**63 else None


def encode(kind: str, *parts: str | int) -> str:
    """Callback data for `kind` and its parts; ints go in base 36. Raises ValueError if unfit."""
    texts = [to_base36(p) if isinstance(p, int) else p for p in parts]
    if not _KIND.fullmatch(kind) or not all(_PART.fullmatch(t) for t in texts):
        raise ValueError(f"unsafe callback data {kind!r} {parts!r}")
    data = ":".join((kind, *texts))
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes")
    return data


def decode(data: object) -> Callback | None:
    """The callback, or None for anything malformed, oversized or forged."""
    if not isinstance(data, str) or len(data.encode("utf-8", "replace")) > MAX_BYTES:
        return None
    kind, *parts = data.split(":")
    if not _KIND.fullmatch(kind) or not all(_PART.fullmatch(p) for p in parts):
        return None
    return Callback(kind, tuple(parts))


def encode_answer(session: int, question: int, option: int) -> str:
    return encode(ANSWER, session, question, option)


def encode_toggle(session: int, question: int, option: int) -> str:
    return encode(TOGGLE, session, question, option)


def encode_back(session: int, question: int) -> str:
    return encode(BACK, session, question)


def encode_skip(session: int, question: int) -> str:
    return encode(SKIP, session, question)


def encode_done(session: int, question: int) -> str:
    return encode(DONE, session, question)


def decode_checkin(data: object) -> CheckinTap | None:
    """A check-in tap, or None when `data` is not one (or is malformed)."""
    callback = decode(data)
    if callback is None or len(callback.parts) != CHECKIN_ARITY.get(callback.kind):
        return None
    numbers = [callback.number(i) for i in range(len(callback.parts))]
    if None in numbers:
        return None
    session, question, *option = numbers
    return CheckinTap(callback.kind, session, question, option[0] if option else None)  # type: ignore[arg-type]
