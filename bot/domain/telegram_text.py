"""Telegram's measure of text: UTF-16 code units, 4,096 to a message."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

MESSAGE_LIMIT = 4096


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def escape_clip(text: str, limit: int) -> str:
    """Escaped for Telegram HTML and clipped to `limit` units (with …), so a piece always fits."""
    out: list[str] = []
    size = 0
    for char in text:
        piece = escape(char, quote=False)
        size += units(piece)
        if size > limit - 1:
            return "".join(out) + "…"
        out.append(piece)
    return "".join(out)


def clip(text: str, limit: int) -> str:
    """Plain text clipped to `limit` units (with …)."""
    if units(text) <= limit:
        return text
    out, size = [], 0
    for char in text:
        size += units(char)
        if size > limit - 1:
            break
        out.append(char)
    return "".join(out) + "…"


def pack(lines: Iterable[str], limit: int = MESSAGE_LIMIT - 96) -> list[str]:
    """Lines joined into as few messages as fit; a line longer than a message is clipped."""
    messages: list[str] = []
    for line in (clip(line, limit) for line in lines):
        if messages and units(messages[-1]) + 1 + units(line) <= limit:
            messages[-1] += "\n" + line
        else:
            messages.append(line)
    return messages
