"""parse_mode handling mirrors Telegram: plain text + entities, or "can't parse entities"."""

from __future__ import annotations

import pytest

from bot.sandbox.formatting import parse
from bot.sandbox.shapes import ApiError


def test_html_becomes_plain_text_with_entities() -> None:
    text, entities = parse('<b>Hi</b> <a href="https://x.org/?a=1&amp;b=2">you</a> &lt;3', "HTML")

    assert text == "Hi you <3"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 2},
        {"type": "text_link", "offset": 3, "length": 3, "url": "https://x.org/?a=1&b=2"},
    ]


def test_html_pre_code_language_and_utf16_offsets() -> None:
    text, entities = parse('😀 <pre><code class="language-python">x = 1</code></pre>', "HTML")

    assert text == "😀 x = 1"
    assert entities == [{"type": "pre", "offset": 3, "length": 5, "language": "python"}]


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
    ],
)
def test_html_errors(source: str, error: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse(source, "HTML")
    assert caught.value.description.startswith("Bad Request: can't parse entities: " + error)


def test_markdown_v2_entities_and_escapes() -> None:
    text, entities = parse(
        r"*bold* _it_ __u__ ~s~ ||sp|| `c` [link](https://x.org) 1\.5\!", "MarkdownV2"
    )

    assert text == "bold it u s sp c link 1.5!"
    assert [e["type"] for e in entities] == [
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "text_link",
    ]
    assert entities[-1]["url"] == "https://x.org"


def test_markdown_v2_pre_blockquote() -> None:
    text, entities = parse("```python\nprint(1)```\n>quoted", "MarkdownV2")

    assert text == "print(1)\nquoted"
    assert {"type": "pre", "offset": 0, "length": 8, "language": "python"} in entities
    assert {"type": "blockquote", "offset": 9, "length": 6} in entities


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("Dose: 5-10 mg", "Character '-' is reserved and must be escaped with the preceding '\\'"),
        ("*open", "Can't find end of Bold entity at byte offset 0"),
        ("see (this)", "Character '(' is reserved"),
    ],
)
def test_markdown_v2_errors(source: str, error: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse(source, "MarkdownV2")
    assert caught.value.description.startswith("Bad Request: can't parse entities: " + error)


def test_legacy_markdown_and_unknown_mode() -> None:
    assert parse("*b* _i_ [l](https://x.org)", "Markdown")[0] == "b i l"
    with pytest.raises(ApiError, match="unsupported parse_mode"):
        parse("x", "BBCode")
