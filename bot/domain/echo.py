"""Echoing what someone typed inside a one-line message, whatever they typed.

Pure. Every parser that refuses input names it through `show`, so a refusal can never be a
screenful of text or break the line it is printed on.
"""

from __future__ import annotations


def show(text: str, limit: int = 40) -> str:
    """`text` quoted with escapes, cut to about `limit` characters: safe inside one line."""
    shown = repr(text)
    if len(shown) <= limit:
        return shown
    cut = text[:limit]
    while len(repr(cut)) > limit:  # escapes (\U0001f600) make a repr longer than its text
        cut = cut[:-1]
    return repr(cut) + "…"
