"""A Telegram message's text and entities as safe HTML for the try-it chat page.

Every character of the text is escaped; only the tags below are ours. Links keep http(s)
addresses only (a `javascript:` text_link becomes plain text). Entity offsets count UTF-16
code units, as Telegram's do; overlapping entities are closed and reopened around each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

_URL = re.compile(r"https?://[^\s<>\"']+")
_TRAILING = ".,;:!?)]}»"
_TAGS = {
    "bold": ("<b>", "</b>"),
    "italic": ("<i>", "</i>"),
    "underline": ("<u>", "</u>"),
    "strikethrough": ("<s>", "</s>"),
    "spoiler": ('<span class="spoiler">', "</span>"),
    "code": ("<code>", "</code>"),
    "pre": ("<pre><code>", "</code></pre>"),
    "blockquote": ("<blockquote>", "</blockquote>"),
    "expandable_blockquote": ('<blockquote class="expandable">', "</blockquote>"),
}
_NO_LINKS = {"code", "pre", "text_link", "url"}  # inside these, no address becomes a link


def link(href: str, inner: str) -> str:
    """An anchor opening in a new tab, or the bare text when `href` is not http(s)."""
    if not href.lower().startswith(("http://", "https://")):
        return inner
    return f'<a href="{escape(href)}" target="_blank" rel="noopener noreferrer">{inner}</a>'


def _linkified(text: str) -> str:
    out, at = [], 0
    for found in _URL.finditer(text):
        url = found.group(0).rstrip(_TRAILING)
        out.append(str(escape(text[at : found.start()])))
        out.append(link(url, str(escape(url))))
        at = found.start() + len(url)
    out.append(str(escape(text[at:])))
    return "".join(out)


def _python_index(text: str) -> dict[int, int]:
    """UTF-16 offset -> index in the Python string (for every character boundary)."""
    index, unit = {}, 0
    for i, char in enumerate(text):
        index[unit] = i
        unit += 2 if ord(char) > 0xFFFF else 1
    index[unit] = len(text)
    return index


def _tags(entity: Mapping[str, Any], inner_text: str) -> tuple[str, str]:
    kind = entity.get("type", "")
    if kind in ("text_link", "url"):
        href = entity.get("url", "") if kind == "text_link" else inner_text
        if not str(href).lower().startswith(("http://", "https://")):
            return "", ""
        anchor = link(str(href), "")
        return anchor.removesuffix("</a>"), "</a>"
    return _TAGS.get(kind, ("", ""))


def render(text: str, entities: Iterable[Mapping[str, Any]] = ()) -> Markup:
    """`text` with its formatting, as HTML that can be put in a page as it is."""
    index = _python_index(text)
    spans = []
    for entity in entities:
        start = index.get(int(entity.get("offset", 0)))
        end = index.get(int(entity.get("offset", 0)) + int(entity.get("length", 0)))
        if start is not None and end is not None and end > start:
            spans.append((start, end, entity))
    spans.sort(key=lambda s: (s[0], -s[1]))
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    out: list[str] = []
    open_: list[tuple[int, int, Mapping[str, Any], str]] = []  # (start, end, entity, closer)
    for at, until in zip(cuts, cuts[1:] + [len(text)], strict=True):
        ending = [o for o in open_ if o[1] == at]
        if ending:
            # Close down to the deepest ending entity, then reopen the others still running.
            deepest = min(open_.index(o) for o in ending)
            closing = open_[deepest:]
            out.extend(o[3] for o in reversed(closing))
            del open_[deepest:]
            for start, end, entity, _ in closing:
                if end != at:
                    opener, closer = _tags(entity, text[start:end])
                    out.append(opener)
                    open_.append((start, end, entity, closer))
        for start, end, entity in (s for s in spans if s[0] == at):
            opener, closer = _tags(entity, text[start:end])
            out.append(opener)
            open_.append((start, end, entity, closer))
        segment = text[at:until]
        if any(o[2].get("type") in _NO_LINKS for o in open_):
            out.append(str(escape(segment)))
        else:
            out.append(_linkified(segment))
    out.extend(o[3] for o in reversed(open_))
    return Markup("".join(out))
