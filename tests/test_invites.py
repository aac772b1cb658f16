"""Invite tokens: entropy, hashing, expiry, single use, renewal."""

from datetime import timedelta

import pytest

from bot.domain.invites import InviteState, hash_token, invite_state, new_token
from bot.services import enrolment
from bot.services.errors import InputError
from tests.conftest import START
from tests.e2e.disk import stored
from tests.harness import call


def test_token_is_url_safe_long_and_fresh() -> None:
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert len(token) <= 64 and len(token) >= 22  # >= 128 bits in base64
        assert all(c.isalnum() or c in "-_" for c in token)


def _state(**kw):
    base = dict(
        now=START,
        expires_at=START + timedelta(days=1),
        redeemed=False,
        revoked=False,
        claimed_by=None,
        user_id=7,
    )
    return invite_state(**{**base, **kw})


def test_invite_states() -> None:
    assert _state() is InviteState.OPEN
    assert _state(claimed_by=7) is InviteState.OPEN
    assert _state(claimed_by=8) is InviteState.TAKEN
    assert _state(redeemed=True) is InviteState.USED
    assert _state(revoked=True) is InviteState.REVOKED
    assert _state(now=START + timedelta(days=1)) is InviteState.EXPIRED
    assert _state(now=START + timedelta(days=1) - timedelta(seconds=1)) is InviteState.OPEN


async def test_only_the_hash_is_stored(app) -> None:
    await call(app, enrolment.add_clinician, "Dr A")
    invite = await call(app, enrolment.add_patient, "P-001", "Dr A", "Europe/Madrid", None)
    assert invite.link == f"https://t.me/rapport_test_bot?start={invite.token}"
    assert invite.expires_at == START + timedelta(days=14)
    rows = await app.db.fetchall("SELECT token_hash FROM invites")
    assert hash_token(invite.token) in {r["token_hash"] for r in rows}
    assert invite.token.encode() not in await stored(app.db)  # SQLite: the file and its WAL


async def test_bad_staff_input_changes_nothing(app) -> None:
    await call(app, enrolment.add_clinician, "Dr A")
    with pytest.raises(InputError, match="no clinician named"):
        await call(app, enrolment.add_patient, "P-1", "Dr Who", None, None)
    with pytest.raises(InputError, match="not a time zone"):
        await call(app, enrolment.add_patient, "P-1", "Dr A", "Nowhere/City", None)
    with pytest.raises(InputError, match="unsupported language"):
        await call(app, enrolment.add_patient, "P-1", "Dr A", None, "xx")
    assert await app.db.fetchall("SELECT * FROM patients") == []
    await call(app, enrolment.add_patient, "P-1", "Dr A", None, None)
    with pytest.raises(InputError, match="already exists"):
        await call(app, enrolment.add_patient, "P-1", "Dr A", None, None)
    with pytest.raises(InputError, match="already exists"):
        await call(app, enrolment.add_clinician, "Dr A")


async def test_renew_revokes_the_old_link(app) -> None:
    await call(app, enrolment.add_clinician, "Dr A")
    old = await call(app, enrolment.add_patient, "P-1", "Dr A", None, None)
    new = await call(app, enrolment.renew_invite, "P-1")
    assert new.token != old.token
    rows = await app.db.fetchall("SELECT token_hash, revoked_at FROM invites WHERE role='patient'")
    revoked = {r["token_hash"]: r["revoked_at"] for r in rows}
    assert revoked[hash_token(old.token)] is not None
    assert revoked[hash_token(new.token)] is None
    with pytest.raises(InputError, match="no patient"):
        await call(app, enrolment.renew_invite, "P-404")
