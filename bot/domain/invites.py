"""Invite tokens: random, URL-safe, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

# 24 random bytes: 192 bits of entropy, 32 URL-safe characters (Telegram allows 64 in /start).
TOKEN_BYTES = 24


class InviteState(StrEnum):
    OPEN = "open"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"
    TAKEN = "taken"  # claimed by another Telegram user


def new_token() -> str:
    """A fresh single-use token for a deep link."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """What the database keeps instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def expiry(now: datetime, days: int) -> datetime:
    return now + timedelta(days=days)


def deep_link(bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username}?start={token}"


def invite_state(
    *,
    now: datetime,
    expires_at: datetime,
    redeemed: bool,
    revoked: bool,
    claimed_by: int | None,
    user_id: int,
) -> InviteState:
    """Whether `user_id` may use this invite at `now`."""
    if revoked:
        return InviteState.REVOKED
    if redeemed:
        return InviteState.USED
    if claimed_by is not None and claimed_by != user_id:
        return InviteState.TAKEN
    if now >= expires_at:
        return InviteState.EXPIRED
    return InviteState.OPEN


CODE_DIGITS = 6
CODE_TRIES = 5  # then the invite is void: a guessed code must not open the door


def new_code() -> str:
    """A short code staff read out or write down: six digits, no ambiguity."""
    return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def hash_code(token_hash: str, code: str) -> str:
    """The code's hash, salted with its invite's token hash."""
    cleaned = "".join(ch for ch in code if ch.isdigit())
    return hashlib.sha256(f"{token_hash}:{cleaned}".encode()).hexdigest()
