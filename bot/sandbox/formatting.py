"""Telegram's parse_mode handling: turns HTML/MarkdownV2/Markdown into plain text + entities.

The rules and error texts follow tdlib's parse_html/parse_markdown_v2, so a message that the
real Bot API would reject with "can't parse entities" is rejected here too.
"""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox.shapes import ApiError, utf16_len

_PREFIX = "can't parse entities: "
_MDV2_RESERVED = "_*[]()~`>#+-=|{}.!"
_HTML_TAGS = {
    "a": "text_link",
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "tg-emoji": "custom_emoji",
    "pre": "pre",
    "code": "code",
    "blockquote": "blockquote",
}
_HTML_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_HTML_ATTR = re.compile(r"([\w-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([\w.-]+))")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TDLIB_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "custom_emoji": "CustomEmoji",
}


def _fail(description: str) -> ApiError:
    return ApiError.bad_request(_PREFIX + description)


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def parse(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """Return (plain text, entities) as Telegram would store them for this parse_mode."""
    if not parse_mode:
        return text, []
    mode = parse_mode.lower()
    if mode == "html":
        plain, entities = _parse_html(text)
    elif mode == "markdownv2":
        plain, entities = _parse_markdown_v2(text)
    elif mode == "markdown":
        plain, entities = _parse_markdown(text)
    else:
        raise ApiError.bad_request("unsupported parse_mode")
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return plain, entities


def _entity(kind: str, offset: int, length: int, argument: str = "") -> dict[str, Any]:
    entity: dict[str, Any] = {"type": kind, "offset": offset, "length": length}
    if kind == "text_link":
        entity["url"] = argument
    elif kind == "pre" and argument:
        entity["language"] = argument
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = argument
    return entity


def _parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[tuple[str, str, int]] = []  # (tag, argument, utf16 offset)
    offset = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "&" and (m := _HTML_ENTITY.match(text, i)):
            name = m.group(1)
            if name in _NAMED:
                ch = _NAMED[name]
            else:
                code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
                ch = chr(code) if 0 < code < 0x110000 else "\ufffd"
            out.append(ch)
            offset += utf16_len(ch)
            i = m.end()
            continue
        if c != "<":
            out.append(c)
            offset += utf16_len(c)
            i += 1
            continue
        begin = i
        at = _byte_offset(text, begin)
        if i + 1 < n and text[i + 1] == "/":
            if not stack:
                raise _fail(f"Unexpected end tag at byte offset {at}")
            close = text.find(">", i)
            if close < 0:
                raise _fail(f"Unclosed end tag at byte offset {at}")
            name = text[i + 2 : close].strip()
            tag, argument, start = stack.pop()
            if name and name != tag:
                expected = f'expected "</{tag}>", found "</{name}>"'
                raise _fail(f"Unmatched end tag at byte offset {at}, {expected}")
            if offset > start:
                _add_html_entity(entities, tag, argument, start, offset)
            i = close + 1
            continue
        name_end = i + 1
        while name_end < n and not text[name_end].isspace() and text[name_end] != ">":
            name_end += 1
        close = text.find(">", name_end)
        if name_end >= n:
            raise _fail(f"Unclosed start tag at byte offset {at}")
        tag = text[i + 1 : name_end].lower()
        if tag not in _HTML_TAGS:
            raise _fail(f'Unsupported start tag "{tag}" at byte offset {at}')
        if close < 0:
            raise _fail(f"Unclosed start tag at byte offset {at}")
        head = text[i + 1 : close]
        attrs = {k.lower(): a or b or t for k, a, b, t in _HTML_ATTR.findall(head)}
        argument = ""
        if tag == "a":
            argument = _unescape_html(attrs.get("href", ""))
        elif tag == "code" and attrs.get("class", "").startswith("language-"):
            argument = attrs["class"][len("language-") :]
        elif tag == "tg-emoji":
            argument = attrs.get("emoji-id", "")
        elif tag == "blockquote" and re.search(r"\sexpandable\b", head):
            argument = "expandable"
        elif tag == "span" and attrs.get("class") != "tg-spoiler":
            raise _fail(f'Tag "span" must have class "tg-spoiler" at byte offset {at}')
        stack.append((tag, argument, offset))
        i = close + 1
    if stack:
        raise _fail(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    return "".join(out), entities


def _unescape_html(value: str) -> str:
    return _HTML_ENTITY.sub(lambda m: _NAMED.get(m.group(1), m.group(0)), value)


def _add_html_entity(
    entities: list[dict[str, Any]], tag: str, argument: str, start: int, end: int
) -> None:
    kind = _HTML_TAGS[tag]
    length = end - start
    if kind == "text_link" and not argument:
        return
    if kind == "pre" and entities:
        last = entities[-1]
        # <pre><code class="language-x"> is one pre entity with a language.
        if last["type"] == "code" and last["offset"] == start and last["length"] == length:
            entities.pop()
            argument = last.get("language", "")
    if kind == "blockquote" and argument:
        kind = "expandable_blockquote"
    if kind == "code" and argument:
        entities.append({"type": "code", "offset": start, "length": length, "language": argument})
        return
    entities.append(_entity(kind, start, length, argument))


def _parse_markdown_v2(text: str) -> tuple[str, list[dict[str, Any]]]:
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []  # open entities: kind, offset, byte, out_pos, argument
    quote_start: int | None = None
    offset = 0
    i, n = 0, len(text)

    def peek(k: int) -> str:
        return text[k] if k < n else ""

    while i < n:
        c = text[i]
        at_line_start = i == 0 or text[i - 1] == "\n"
        if at_line_start and not stack:
            if c == ">":
                if quote_start is None:
                    quote_start = offset
                i += 1
                continue
            if quote_start is not None:
                entities.append(_entity("blockquote", quote_start, offset - quote_start))
                quote_start = None
        if c == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
            out.append(text[i + 1])
            offset += 1
            i += 2
            continue
        top = stack[-1]["kind"] if stack else None
        reserved = "`" if top in ("code", "pre") else _MDV2_RESERVED
        if c not in reserved:
            out.append(c)
            offset += utf16_len(c)
            i += 1
            continue
        ends = {
            "bold": c == "*",
            "italic": c == "_" and peek(i + 1) != "_",
            "underline": c == "_" and peek(i + 1) == "_",
            "code": c == "`",
            "pre": text.startswith("```", i),
            "text_link": c == "]",
            "custom_emoji": c == "]",
            "strikethrough": c == "~",
            "spoiler": text.startswith("||", i),
        }
        if top is None or not ends.get(top, False):
            entry = {
                "offset": offset,
                "byte": _byte_offset(text, i),
                "out_pos": len(out),
                "argument": "",
            }
            reserved_error = _fail(
                f"Character '{c}' is reserved and must be escaped with the preceding '\\'"
            )
            if c == "_":
                entry["kind"] = "underline" if peek(i + 1) == "_" else "italic"
                i += 2 if entry["kind"] == "underline" else 1
            elif c in "*~[":
                entry["kind"] = {"*": "bold", "~": "strikethrough", "[": "text_link"}[c]
                i += 1
            elif c == "|" and peek(i + 1) == "|":
                entry["kind"] = "spoiler"
                i += 2
            elif c == "!" and peek(i + 1) == "[":
                entry["kind"] = "custom_emoji"
                i += 2
            elif text.startswith("```", i):
                entry["kind"] = "pre"
                i += 3
                lang_end = i
                while lang_end < n and not text[lang_end].isspace() and text[lang_end] != "`":
                    lang_end += 1
                if lang_end != i and lang_end < n and text[lang_end] != "`":
                    entry["argument"] = text[i:lang_end]
                    i = lang_end
                if peek(i) in ("\n", "\r"):
                    i += 2 if peek(i + 1) in ("\n", "\r") and peek(i + 1) != peek(i) else 1
            elif c == "`":
                entry["kind"] = "code"
                i += 1
            else:
                raise reserved_error
            stack.append(entry)
            continue
        entry = stack.pop()
        kind = entry["kind"]
        skip = offset == entry["offset"]
        argument = entry["argument"]
        i += {"underline": 2, "spoiler": 2, "pre": 3}.get(kind, 1)
        if kind in ("text_link", "custom_emoji"):
            if peek(i) != "(":
                if kind == "custom_emoji":
                    raise _fail("Custom emoji entity must contain a tg://emoji URL")
                argument = "".join(out[entry["out_pos"] :])
            else:
                url_begin = _byte_offset(text, i + 1)
                url: list[str] = []
                i += 1
                while i < n and text[i] != ")":
                    if text[i] == "\\" and i + 1 < n and 0 < ord(text[i + 1]) <= 126:
                        url.append(text[i + 1])
                        i += 2
                        continue
                    url.append(text[i])
                    i += 1
                if i >= n:
                    raise _fail(f"Can't find end of a URL at byte offset {url_begin}")
                i += 1
                argument = "".join(url)
                if kind == "custom_emoji":
                    argument = argument.removeprefix("tg://emoji?id=")
            skip = skip or not argument
        if not skip:
            entities.append(_entity(kind, entry["offset"], offset - entry["offset"], argument))
    if stack:
        entry = stack[-1]
        name = "PreCode" if entry["kind"] == "pre" and entry["argument"] else None
        name = name or _TDLIB_NAMES[entry["kind"]]
        raise _fail(f"Can't find end of {name} entity at byte offset {entry['byte']}")
    if quote_start is not None and offset > quote_start:
        entities.append(_entity("blockquote", quote_start, offset - quote_start))
    return "".join(out), entities


def _parse_markdown(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Legacy Markdown: *bold* _italic_ `code` ```pre``` [text](url); no nesting."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    offset = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "_*`[":
            out.append(text[i + 1])
            offset += 1
            i += 2
            continue
        if c not in "_*`[":
            out.append(c)
            offset += utf16_len(c)
            i += 1
            continue
        begin = _byte_offset(text, i)
        end_marker = {"_": "_", "*": "*", "`": "`", "[": "]"}[c]
        kind = {"_": "italic", "*": "bold", "`": "code", "[": "text_link"}[c]
        if text.startswith("```", i):
            end_marker, kind = "```", "pre"
        start = i + len(end_marker) if kind == "pre" else i + 1
        close = text.find(end_marker, start)
        if close < 0:
            raise _fail(f"Can't find end of the entity starting at byte offset {begin}")
        inner = text[start:close]
        i = close + len(end_marker)
        argument = ""
        if kind == "text_link":
            m = re.match(r"\(([^)]*)\)", text[i:])
            if not m:
                out.append("[" + inner + "]")
                offset += utf16_len("[" + inner + "]")
                continue
            argument = m.group(1)
            i += m.end()
        if inner:
            entities.append(_entity(kind, offset, utf16_len(inner), argument))
        out.append(inner)
        offset += utf16_len(inner)
    return "".join(out), entities
