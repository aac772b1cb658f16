"""The callback-data codec: round trips, the 64-byte limit, and garbage that decodes to None."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.domain import callbacks
from bot.domain.callbacks import Callback, CheckinTap, decode, decode_checkin, encode

KINDS = st.from_regex(r"[a-z][a-z0-9]{0,3}", fullmatch=True)
TEXTS = st.from_regex(r"[A-Za-z0-9_.+-]{0,8}", fullmatch=True)
PARTS = st.lists(st.one_of(st.integers(0, 2**40), TEXTS), max_size=5)
SESSIONS = st.integers(0, 2**63 - 1)
INDEXES = st.integers(0, 255)


@given(kind=KINDS, parts=PARTS)
def test_generic_round_trip(kind: str, parts: list[int | str]) -> None:
    data = encode(kind, *parts)
    assert len(data.encode()) <= callbacks.MAX_BYTES
    decoded = decode(data)
    assert decoded is not None and decoded.kind == kind
    for i, part in enumerate(parts):
        if isinstance(part, int):
            assert decoded.number(i) == part
        else:
            assert decoded.parts[i] == part


@given(session=SESSIONS, question=INDEXES, option=INDEXES)
def test_checkin_round_trip_stays_short(session: int, question: int, option: int) -> None:
    for data, expected in [
        (
            callbacks.encode_answer(session, question, option),
            CheckinTap("a", session, question, option),
        ),
        (
            callbacks.encode_toggle(session, question, option),
            CheckinTap("t", session, question, option),
        ),
        (callbacks.encode_back(session, question), CheckinTap("b", session, question)),
        (callbacks.encode_skip(session, question), CheckinTap("s", session, question)),
        (callbacks.encode_done(session, question), CheckinTap("d", session, question)),
    ]:
        assert len(data.encode()) <= 32
        assert decode_checkin(data) == expected


@given(st.text(max_size=100))
def test_random_text_never_raises(data: str) -> None:
    decoded = decode(data)
    if decoded is not None:
        assert encode(decoded.kind, *decoded.parts) == data
    tap = decode_checkin(data)
    assert tap is None or decoded is not None


@given(st.binary(max_size=80))
def test_random_bytes_never_raise(raw: bytes) -> None:
    data = raw.decode("utf-8", "surrogateescape")
    assume(data)
    decode(data)
    decode_checkin(data)


@pytest.mark.parametrize(
    "data",
    [
        None,
        42,
        b"a:1:2:3",
        "",
        ":",
        "a",
        "a:1:2",  # an answer without its option
        "a:1:2:3:4",
        "b:1:2:3",
        "a:-1:2:3",
        "a:01:2:3",  # not canonical
        "a:1:2:Z",
        "a:zzzzzzzzzzzzzz:1:1",  # an absurd session id
        "A:1:2:3",
        "a:1:2:x y",
        "ä:1",
        "x:" + "1" * 70,
        "a:1:2:3\n",
    ],
)
def test_forged_or_malformed_checkin_data_is_none(data: object) -> None:
    assert decode_checkin(data) is None


def test_other_features_share_the_codec() -> None:
    assert decode(encode("l", "en")) == Callback("l", ("en",))
    assert decode(encode("c", "yes", 7)) == Callback("c", ("yes", "7"))
    assert decode_checkin(encode("l", "en")) is None
    assert decode("c:yes:x!") is None


@pytest.mark.parametrize("args", [("bad kind",), ("a", "has:colon"), ("a", -1), ("a", "x" * 70)])
def test_encode_refuses_what_decode_could_not_read(args: tuple) -> None:
    with pytest.raises(ValueError):
        encode(*args)
