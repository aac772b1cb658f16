"""Lays a digest out: plain text for a terminal, an HTML page, and Telegram messages.

Every string from the view is data (the patient's words above all): it is escaped where markup
is made, and stripped of control characters so a message cannot drive a terminal.
"""

from __future__ import annotations

import base64
import textwrap
from collections.abc import Callable, Iterator
from functools import partial
from html import escape

from bot.domain.digest import Digest, Line, SignalView, Translate, View, view
from bot.domain.telegram_text import escape_clip, units

Say = Callable[..., str]

TELEGRAM_LIMIT = 4096  # Bot API sendMessage; we count the raw HTML, which is never shorter
CONTINUED_ROOM = 200  # kept free for the "<alias>, continued (2/3)" line of later messages
TELEGRAM_EVIDENCE = 4  # answers shown per signal in Telegram; the HTML page shows them all
CLIP_LINE, CLIP_ANSWER, CLIP_WORDS = 1000, 600, 3000  # UTF-16 units of escaped text, per piece
FOLD_WORDS = 400  # a note longer than this is folded (an expandable blockquote)
SAFETY = "safety_event"
MARKERS = {"high": "🔴", "moderate": "🟠", "low": "🟡"}
WIDTH = 92
# C0 and C1 controls except tab and newline: an ESC in a patient's note must not reach a tty.
CONTROLS = dict.fromkeys([*range(0, 9), *range(11, 32), *range(127, 160)])


def _clean(text: str) -> str:
    return text.translate(CONTROLS)


def _labels(t: Translate, lang: str) -> Say:
    return partial(t, lang)


# --- plain text ------------------------------------------------------------------------------


def to_text(d: Digest, t: Translate) -> str:
    """The digest as plain text for a terminal."""
    v = view(d, t)
    return _clean("\n".join(_text(v, _labels(t, v.lang)))) + "\n"


def _text(v: View, say: Say) -> Iterator[str]:
    yield from _heading(v.title, "=")
    yield from (v.period, v.appointment, v.generated, "")
    if v.tasks:
        yield from _heading(f"!! {say('digest-tasks-heading')}", "-")
        yield from (_wrap(f"- {line}", "", "  ") for line in v.tasks)
        yield ""
    yield from _heading(say("digest-response-heading"), "-")
    yield from v.response
    if v.unreachable:
        yield f"!! {v.unreachable}"
    yield ""
    yield from _heading(say("digest-regimen-heading"), "-")
    yield from (_wrap(f"- {line}", "", "  ") for line in v.regimen)
    if v.regimen_changes:
        yield say("digest-regimen-changes")
        yield from (_wrap(f"- {line}", "  ", "    ") for line in v.regimen_changes)
    yield ""
    yield from _heading(say("digest-signals-heading"), "-")
    if not v.signals:
        yield say("digest-signals-none")
    for s in v.signals:
        yield from _text_signal(s, say)
    if v.resolved:
        yield v.resolved
    yield from v.not_asked
    if v.resolved or v.not_asked:
        yield ""
    yield from _heading(say("digest-words-heading"), "-")
    yield from (_text_words(v, say) if v.words else [say("digest-words-none")])
    yield from ("", "—" * 3, _wrap(v.closing, ""))


def _heading(text: str, rule: str) -> list[str]:
    return [text, rule * len(text)]


def _text_signal(s: SignalView, say: Say) -> Iterator[str]:
    yield f"■ {s.title}"
    yield from (_wrap(s.meta, "  "), _wrap(s.summary, "  "))
    if s.evidence:
        yield f"  {say('digest-evidence-heading')}:"
    for line in s.evidence:
        yield _wrap(f"- {line.when} · {line.label}: {line.shown}", "    ", "      ")
    yield _wrap(f"{say('digest-suggestion-label')}: {s.suggestion}", "  ")
    yield ""


def _text_words(v: View, say: Say) -> Iterator[str]:
    for line in v.words:
        yield f"- {line.when} · {line.label}"
        yield _wrap(line.shown, "    ")


def _wrap(text: str, indent: str, hanging: str | None = None) -> str:
    """Wrapped for a terminal, paragraph by paragraph (patient text keeps its line breaks)."""
    rest = indent if hanging is None else hanging
    paragraphs = text.splitlines() or [""]
    return "\n".join(
        textwrap.fill(p, WIDTH, initial_indent=indent if i == 0 else rest, subsequent_indent=rest)
        for i, p in enumerate(paragraphs)
    )


# --- a self-contained HTML page --------------------------------------------------------------


def to_html(d: Digest, t: Translate, chart_png: bytes | None = None) -> str:
    """A complete, self-contained HTML page (the chart inlined as a data: URI when given)."""
    v = view(d, t)
    say = _labels(t, v.lang)
    parts = [_html_header(v), _html_tasks(v, say), _html_response(v, say)]
    parts.append(_html_regimen(v, say))
    parts.append(_html_signals(v, say))
    parts += [_html_chart(chart_png, say), _html_words(v, say)]
    parts.append(f"<footer><p>{_e(v.closing)}</p></footer>")
    return _page(v.lang, v.title, "\n".join(p for p in parts if p))


def _e(text: str) -> str:
    """Escaped for HTML text and attributes."""
    return escape(_clean(text), quote=True)


def _html_header(v: View) -> str:
    lines = [f"<h1>{_e(v.title)}</h1>", f"<p class=lead>{_e(v.appointment)}</p>"]
    lines.append(f"<p class=meta>{_e(v.period)}<br>{_e(v.generated)}</p>")
    return "<header>" + "".join(lines) + "</header>"


def _html_tasks(v: View, say: Say) -> str:
    if not v.tasks:
        return ""
    heading = f"<h2>{_e(say('digest-tasks-heading'))}</h2>"
    items = "".join(f"<li>{_e(line)}</li>" for line in v.tasks)
    return f"<section class=alert role=alert>{heading}<ul>{items}</ul></section>"


def _html_response(v: View, say: Say) -> str:
    items = "".join(f"<li>{_e(line)}</li>" for line in v.response)
    alert = f"<p class=alert role=alert>⚠ {_e(v.unreachable)}</p>" if v.unreachable else ""
    return _section(say("digest-response-heading"), f"<ul>{items}</ul>{alert}")


def _html_regimen(v: View, say: Say) -> str:
    items = "".join(f"<li>{_e(line)}</li>" for line in v.regimen)
    body = f"<ul>{items}</ul>"
    if v.regimen_changes:
        changes = "".join(f"<li>{_e(line)}</li>" for line in v.regimen_changes)
        body += f"<h4>{_e(say('digest-regimen-changes'))}</h4><ul>{changes}</ul>"
    return _section(say("digest-regimen-heading"), body)


def _section(heading: str, body: str) -> str:
    return f"<section><h2>{_e(heading)}</h2>{body}</section>"


def _html_signals(v: View, say: Say) -> str:
    body = "\n".join(_html_signal(s, say) for s in v.signals)
    body = body or f"<p>{_e(say('digest-signals-none'))}</p>"
    resolved = f"<p class=resolved>{_e(v.resolved)}</p>" if v.resolved else ""
    resolved += "".join(f"<p class=resolved>{_e(line)}</p>" for line in v.not_asked)
    return _section(say("digest-signals-heading"), body + resolved)


def _html_signal(s: SignalView, say: Say) -> str:
    evidence = "".join(_html_evidence(line) for line in s.evidence)
    if evidence:
        heading = f"<h4>{_e(say('digest-evidence-heading'))}</h4>"
        evidence = f"{heading}<ul class=evidence>{evidence}</ul>"
    return (
        f'<article class="signal {_e(s.severity)}" id="{_e(s.code)}">'
        f"<h3>{_e(s.title)}</h3><p class=meta>{_e(s.meta)}</p><p>{_e(s.summary)}</p>{evidence}"
        f"<p class=explore><strong>{_e(say('digest-suggestion-label'))}:</strong> "
        f"{_e(s.suggestion)}</p></article>"
    )


def _html_evidence(line: Line) -> str:
    answer = f"<i>{_e(line.shown)}</i>" if line.quoted else f"<b>{_e(line.shown)}</b>"
    return f"<li><span class=when>{_e(line.when)}</span> {_e(line.label)}: {answer}</li>"


def _html_chart(png: bytes | None, say: Say) -> str:
    if not png:
        return ""
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    img = f'<img src="{src}" alt="{_e(say("digest-chart-alt"))}">'
    return _section(say("digest-chart-heading"), f"<figure>{img}</figure>")


def _html_words(v: View, say: Say) -> str:
    quotes = "".join(
        f"<figure class=words><figcaption>{_e(w.when)} · {_e(w.label)}</figcaption>"
        f"<blockquote>{_e(w.text)}</blockquote></figure>"
        for w in v.words
    )
    quotes = quotes or f"<p>{_e(say('digest-words-none'))}</p>"
    return _section(say("digest-words-heading"), quotes)


def _page(lang: str, title: str, body: str) -> str:
    # The CSP is defence in depth: even escaped text could never run a script or fetch a URL.
    csp = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f'<meta name="robots" content="noindex">\n<title>{_e(title)}</title>\n'
        f"<style>{CSS}</style>\n</head>\n<body><main>\n{body}\n</main></body>\n</html>\n"
    )


CSS = """
:root{color-scheme:light dark;--fg:#1c2330;--muted:#596273;--bg:#fff;--card:#f4f6f8;
--line:#d9dee5;--high:#b3261e;--moderate:#9a5b00;--low:#35608f}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ee;--muted:#a7b0bd;--bg:#121519;
--card:#1d2229;--line:#323a45;--high:#ff8a80;--moderate:#ffb74d;--low:#90c2f9}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);
font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
main{max-width:46rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.55rem;line-height:1.25;margin:.75rem 0 .25rem}
h2{font-size:1.2rem;margin:2rem 0 .6rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1.08rem;margin:0 0 .1rem}
h4{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);
margin:.7rem 0 .2rem}
ul{padding-left:1.2rem;margin:.3rem 0}
li{margin:.25rem 0;overflow-wrap:anywhere}
.lead{font-weight:600;margin:.2rem 0}
.meta,.when,figcaption{color:var(--muted);font-size:.9rem}
.when{white-space:nowrap}
.alert{border:2px solid var(--high);border-radius:.5rem;padding:.6rem .8rem;font-weight:600}
.signal{background:var(--card);border-left:.4rem solid var(--low);border-radius:.5rem;
padding:.8rem 1rem;margin:.9rem 0}
.signal.high{border-left-color:var(--high)}
.signal.moderate{border-left-color:var(--moderate);border-left-style:dashed}
.signal.low{border-left-style:dotted}
.signal.high .meta{color:var(--high);font-weight:600}
.explore{margin:.7rem 0 0}
.resolved{color:var(--muted)}
figure{margin:.8rem 0}
img{max-width:100%;height:auto;border:1px solid var(--line);border-radius:.5rem}
blockquote{margin:.2rem 0 0;padding:.5rem .8rem;border-left:.25rem solid var(--line);
background:var(--card);white-space:pre-wrap;overflow-wrap:anywhere}
footer{margin-top:2.5rem;padding-top:1rem;border-top:1px solid var(--line);font-style:italic}
@media print{body{font-size:12pt}.signal{break-inside:avoid}}
"""


# --- Telegram --------------------------------------------------------------------------------


def to_telegram(d: Digest, t: Translate) -> list[str]:
    """Telegram HTML messages, each within 4,096 characters, split between sections or signals.

    All messages are returned; when there are more than two, the caller should send the first
    and attach the full `to_html` page instead of flooding the chat (issue 5).
    """
    v = view(d, t)
    say = _labels(t, v.lang)
    parts = _pack(list(_tg_blocks(v, say)), TELEGRAM_LIMIT - CONTINUED_ROOM)
    return [_continued(v, say, i, len(parts), p) for i, p in enumerate(parts, start=1)]


def _continued(v: View, say: Say, part: int, total: int, message: str) -> str:
    """Later messages say whose digest they continue: chats hold many patients' digests."""
    if part == 1:
        return message
    head = say("digest-continued", patient=v.patient[:64], part=part, total=total)
    return f"<i>{_tg(head, CONTINUED_ROOM - 10)}</i>\n\n{message}"


def _tg(text: str, limit: int = CLIP_LINE) -> str:
    """Escaped for Telegram HTML and clipped to `limit` units, so one piece always fits."""
    return escape_clip(_clean(text), limit)


def _tg_blocks(v: View, say: Say) -> Iterator[list[str]]:
    """Sections and signals as blocks of self-contained lines (every tag closes on its line)."""
    yield [
        f"<b>{_tg(v.title)}</b>",
        _tg(v.appointment),
        _tg(v.period),
        f"<i>{_tg(v.generated)}</i>",
    ]
    if v.tasks:
        yield [f"❗ <b>{_tg(say('digest-tasks-heading'))}</b>", *(f"• {_tg(t)}" for t in v.tasks)]
    response = [f"<b>{_tg(say('digest-response-heading'))}</b>", *map(_tg, v.response)]
    yield response + ([f"⚠️ <b>{_tg(v.unreachable)}</b>"] if v.unreachable else [])
    regimen = [f"<b>{_tg(say('digest-regimen-heading'))}</b>", *(f"• {_tg(r)}" for r in v.regimen)]
    if v.regimen_changes:
        regimen.append(f"<i>{_tg(say('digest-regimen-changes'))}</i>")
        regimen += [f"   • {_tg(line)}" for line in v.regimen_changes]
    yield regimen
    heading = f"<b>{_tg(say('digest-signals-heading'))}</b>"
    if not v.signals:
        yield [heading, _tg(say("digest-signals-none"))]
    for i, s in enumerate(v.signals):
        yield ([heading] if i == 0 else []) + _tg_signal(s, say)  # a heading never ends a message
    if v.resolved:
        yield [f"<i>{_tg(v.resolved)}</i>"]
    if v.not_asked:
        yield [f"<i>{_tg(line)}</i>" for line in v.not_asked]
    yield from _tg_words(v, say)
    yield [f"<i>{_tg(v.closing)}</i>"]


def _tg_signal(s: SignalView, say: Say) -> list[str]:
    # Every risk statement is shown: a safety quote is never left to the attached page.
    shown = len(s.evidence) if s.code == SAFETY else TELEGRAM_EVIDENCE
    lines = [f"{MARKERS.get(s.severity, '•')} <b>{_tg(s.title)}</b>", f"<i>{_tg(s.meta)}</i>"]
    lines += [_tg(s.summary), *(_tg_evidence(e) for e in s.evidence[:shown])]
    more = len(s.evidence) - shown
    if more > 0:
        lines.append(f"   <i>{_tg(say('digest-evidence-more', count=more))}</i>")
    return [*lines, f"<b>{_tg(say('digest-suggestion-label'))}:</b> {_tg(s.suggestion)}"]


def _tg_evidence(line: Line) -> str:
    answer = _tg(line.shown, CLIP_ANSWER)
    answer = f"<i>{answer}</i>" if line.quoted else f"<b>{answer}</b>"
    return f"   • {_tg(line.when)} · {_tg(line.label, CLIP_ANSWER)}: {answer}"


def _tg_words(v: View, say: Say) -> Iterator[list[str]]:
    heading = f"<b>{_tg(say('digest-words-heading'))}</b>"
    if not v.words:
        yield [heading, _tg(say("digest-words-none"))]
    for i, w in enumerate(v.words):
        dated = f"<i>{_tg(w.when, 200)} · {_tg(w.label, 200)}</i>"
        # A long note opens on a tap, so it does not push the rest of the digest off screen.
        tag = "blockquote expandable" if units(w.text) > FOLD_WORDS else "blockquote"
        said = f"<{tag}>{_tg(w.text, CLIP_WORDS)}</blockquote>"
        yield ([heading] if i == 0 else []) + [dated, said]


def _pack(blocks: list[list[str]], limit: int) -> list[str]:
    """Blocks into messages of at most `limit` units: whole blocks when they fit, else lines."""
    messages = [""]
    for block in blocks:
        text = "\n".join(block)
        if units(text) > limit:  # longer than a message: split it between its lines
            for line in block:
                _put(messages, line, "\n", limit)
        else:
            _put(messages, text, "\n\n", limit)
    return [m for m in messages if m]


def _put(messages: list[str], text: str, separator: str, limit: int) -> None:
    """Append to the last message when it fits, else start a new one (every piece fits alone)."""
    joined = f"{messages[-1]}{separator}{text}" if messages[-1] else text
    if units(joined) <= limit:
        messages[-1] = joined
    else:
        messages.append(text)
